"""Cues about property: taking it, entering buildings, robbery, theft and vehicles."""

from __future__ import annotations

from policeai.plugins.offence_suggestion.cue import (
    PERSON_OBJ,
    POSS,
    VEHICLE_MAKES,
    VEHICLE_MODELS,
    VRM,
    Cue,
    words,
)

PROPERTY_CUES: dict[str, Cue] = {
    # -- taking property ------------------------------------------------------------------
    "take": Cue(
        "property was taken",
        lemmas=words("steal nick pinch swipe"),
        patterns=(
            r"\bstol(?:e|en)\b",
            r"\bthefts?\b",
            r"\b(?:made|make|making|ran|run|running|went|drove) off with\b",
            r"\bhelped (?:him|her|them)sel(?:f|ves) to\b",
            r"\bnicked\b",
            r"\bhanded (?:it |them |everything |\w+ |\w+ \w+ )?over\b",
            r"\bgave (?:it|them|him|her|the \w+|my \w+) (?:to (?:him|her|them)|over)\b",
            r"\b(?:cut|removed|ripped|unbolted|sawn|sawed|stripped|siphoned|syphoned) (?:\w+ ){0,3}"
            r"(?:from|off)\b",
            r"\bgrabb?(?:ed|ing) (?:\w+ ){0,4}(?:and|before) (?:ran|rode|cycled|drove|made|running|"
            r"riding|making) (?:off|away)\b",
        ),
    ),
    "missing": Cue(
        "property found missing",
        patterns=(
            r"\b(?:was|were|had|had been|have been|has been|is|are|now|found|all) (?:\w+ )?"
            r"(?:missing|gone)\b",
            r"\b(?:was|were|is|it'?s|it was) (?:no longer|not) there\b",
            r"\bmissing from\b",
        ),
    ),
    "no_theft": Cue(
        "nothing was taken",
        patterns=(
            r"\bnothing (?:\w+ ){0,3}(?:taken|stolen|missing)\b",
            r"\b(?:did ?n[o']?t|didn't|did not|have not|haven't|has not|hasn't) (?:\w+ )?"
            r"(?:take|steal|taken|stolen)(?: anything)?\b",
            r"\bno (?:property|items?|goods) (?:\w+ ){0,2}(?:taken|stolen)\b",
            r"\bwithout taking anything\b",
            r"\bnil (?:property )?(?:taken|stolen)\b",
        ),
        negatable=False,
    ),
    # -- burglary ------------------------------------------------------------------------
    "entry": Cue(
        "entry forced or gained into a building",
        patterns=(
            r"\bbroken? in(?:to)?\b",
            r"\bbreak(?:ing)?[- ]?ins?(?:to)?\b",
            r"\bburgl\w*",
            r"\bforced (?:entry|open)\b",
            r"\b(?:forced|pushed|barged|forcing|pushing|barging) (?:their|his|her|a) way"
            r" in(?:to)?\b",
            r"\bbarged in(?:to)?\b",
            r"\b(?:came|got|went|walked|crept|sneaked|snuck|climbed) (?:in|into) (?:the |my |his "
            r"|her "
            r"|their |our )?(?:house|home|flat|property|premises|building|shop|garage|shed|office|"
            r"bedroom|kitchen)\b",
            r"\bthrough (?:an |the |a )?(?:unlocked|insecure|open|unsecured) (?:\w+ )?(?:door"
            r"|window)s?\b",
            r"\binsecure (?:door|window)s?\b",
            r"\bforced (?:the |a |an )?(?:rear |front |back |side |kitchen |patio |bedroom |"
            r"bathroom |lounge |french |garage |shed |office |fire |conservatory )?"
            r"(?:door|window|lock|padlock|shutter)s?\b",
            r"\b(?:door|window|padlock|shutter|door lock|patio doors?|french doors?)s? (?:\w+ )?"
            r"(?:was |were |had been |has been |have been )?(?:forced|jemmied|prised|pried|"
            r"snapped|kicked in|smashed in|cut|broken open|levered)\b",
            r"\bjemm(?:y|ied|ying)\b",
            r"\b(?:gained|gain|got|getting|gaining) (?:entry|access|in)\b",
            r"\b(?:climbed in|climbed through|got in through|came in through)\b",
            r"\b(?:was|were|been) entered\b",
            r"\bvia (?:a|an|the) (?:[\w']+ ){0,3}(?:window|door|skylight|roof)s?\b",
            r"\bentered (?:the |my |his |her |their |a |an )?(?:[\w']+ ){0,2}(?:house|home|property"
            r"|"
            r"premises|flat|building|address|garden|shed|garage|via|through|by|from)\b",
            r"\block[- ]?snapp\w*",
            r"\bsmashed (?:\w+ ){0,2}(?:door|window) glass\b",
            r"\b(?:cut|broke|forced|snapped|removed) (?:the |a )?(?:padlock|door lock)s?\b",
            r"\bransack\w*",
            r"\bintruders?\b",
            r"\b(?:house|home|flat|premises|shop|office|property) (?:was |were |has been |had "
            r"been )?(?:done|robbed|turned over)\b",
        ),
    ),
    "forced_opening": Cue(
        "a door or window broken",
        patterns=(
            r"\b(?:broke|broken|smashed|smashing|forced|kicked in|kicked open|smashed in|put in|"
            r"removed|cut) (?:through )?(?:the |a |my |our |their |his |her )?(?:rear |front |back "
            r"|"
            r"side |kitchen |patio |bedroom |bathroom |lounge |french |conservatory |downstairs |"
            r"ground floor |toilet |utility |landing )?(?:door|window|pane|glass)s?\b",
            r"\b(?:rear |front |back |side |kitchen |patio |bedroom |bathroom |lounge |french )"
            r"(?:\w+ )?(?:door|window)s? (?:\w+ )?(?:was |were |had been |has been )?(?:smashed|"
            r"broken|forced)\b",
        ),
    ),
    "found_open": Cue(
        "a door or window found open with property gone",
        patterns=(r"\b(?:door|window)s? (?:was |were |had been |left )?(?:wide )?open\b",),
    ),
    "attempt": Cue(
        "an attempt that failed",
        patterns=(
            r"\battempt\w*",
            r"\b(?:tried|trying|try) to (?:get|break|force|gain|open|enter|prise|jemmy|kick)\b",
            r"\bunsuccessful\w*",
            r"\bfailed to (?:get|gain|break|force|open)\b",
            r"\bno entry\b",
            r"\b(?:did ?n[o']?t|didn't|did not|could ?n[o']?t|couldn't|could not) "
            r"(?:get|gain) (?:in|entry|access)\b",
            r"\bmarks (?:on|around) the (?:door|window|lock|frame)\b",
            r"\b(?:disturbed|scared off|frightened off|made off empty[- ]handed)\b",
        ),
        negatable=False,
    ),
    "dwelling": Cue(
        "a home",
        lemmas=words(
            "house home flat bungalow maisonette apartment dwelling residential bedroom "
            "kitchen lounge downstairs upstairs hallway landing residence conservatory "
            "semi terrace cottage"
        ),
        patterns=(
            r"\bliving room\b",
            r"\bfront room\b",
            r"\b(?:my|his|her|their|our|ip'?s|the ip'?s|victim'?s) (?:home )?address\b",
            r"\b(?:came|come|got|arrived|returned|went) (?:back )?(?:home|downstairs)\b",
            r"\bburglary[ -](?:dwelling|residential)\b",
            r"\bback garden\b",
        ),
        negatable=False,
    ),
    "outbuilding": Cue(
        "a shed or garage",
        lemmas=words("shed garage outbuilding outhouse summerhouse"),
        negatable=False,
    ),
    "nondwelling": Cue(
        "business or community premises",
        lemmas=words(
            "shop store office warehouse business factory school academy college church café "
            "mosque temple gurdwara synagogue clubhouse pub bar restaurant cafe takeaway "
            "surgery pharmacy depot workshop allotment allotments library supermarket "
            "hall compound unit commercial chapel nursery shutter shopfront yard container "
            "portakabin newsagent newsagents salon hairdresser hairdressers barber barbers "
            "bakery butcher butchers chemist chemists launderette bookmaker garden-centre"
        ),
        patterns=(
            r"\bnon[- ]?dwelling\b",
            r"\bbusiness (?:and|&) community\b",
            r"\b(?:community|sports|leisure|youth|scout|village|church|parish) (?:centre|"
            r"center|hall|hut)\b",
            r"\b(?:cricket|football|golf|rugby|tennis|bowls|bowling|social|working men'?s|"
            r"sports) club\b",
            r"\bbuilding site\b",
            r"\bconstruction site\b",
            r"\bafc\b",
            r"\bpremises\b",
        ),
        negatable=False,
    ),
    "residents": Cue(
        "someone lawfully in the home",
        lemmas=words("carer cleaner lodger guest visitor babysitter tenant housemate flatmate"),
        patterns=(
            r"\b(?:house )?party\b",
            r"\b(?:let|invited) (?:him|her|them) in\b",
            r"\bstay(?:ed|ing) (?:the night|over|with (?:me|us))\b",
            r"\b(?:workm[ae]n|builders?|plumbers?|electricians?|tradesm[ae]n) (?:\w+ ){0,3}"
            r"(?:in|at) (?:my|the|our|her|his) (?:house|home|flat)\b",
        ),
        negatable=False,
    ),
    # -- robbery and theft from the person -------------------------------------------------
    "threat": Cue(
        "a threat against a person",
        lemmas=words("threaten menace demand intimidate"),
        patterns=(
            r"\b(?:knife|gun|blade)[- ]?point\b",
            r"\b(?:produced|pulled out|pulled|brandished|brandishing|waved|waving|held|holding|"
            r"pointed|pointing|showed|flashed|got out|took out) (?:a |an |what (?:i think |looked "
            r"like |appeared to be )?was (?:a |an )?)?(?:\w+ )?(?:knife|blade|gun|weapon|hammer|"
            r"screwdriver|bat|machete|bottle|syringe|needle|firearm|pistol|crowbar)\b",
            r"\bgive (?:me|us) (?:your|ya|yer|the|it|all)\b",
            r"\bor (?:i'?ll|i will|we'?ll|we will|you'?ll get|else)\b",
            r"\bhand(?:ed)? (?:it |them |everything )?over\b",
            r"\bempty (?:your|his|her) pockets\b",
            r"\bthreat\w*",
        ),
    ),
    "force_person": Cue(
        "force used on a person",
        patterns=(
            r"\bgrabb?(?:ed|ing)? " + POSS + r" (?:arm|neck|throat|hair|hand|wrist|hood|collar|"
            r"shoulder|jacket|coat)s?\b",
            r"\b(?:pushed|shoved|knocked|pulled|dragged|tripped|wrestled|pinned|jumped|"
            r"surrounded|headlocked|held) " + PERSON_OBJ + r"\b",
            r"\b(?:ripped|torn|tore|yanked|wrenched|pulled|snatched) (?:\w+ )?(?:off|from|out "
            r"of) (?:" + POSS + r" )?(?:neck|wrist|arm|ear|finger|grip)s?\b",
            r"\bknocked (?:to|onto) the (?:ground|floor)\b",
        ),
    ),
    "robbery_word": Cue(
        "described as a robbery",
        patterns=(r"\brob(?:bed|bery|beries|bing|s)?\b", r"\bmugg(?:ed|ing|er|ers)?\b"),
    ),
    "business_property": Cue(
        "the business's property",
        lemmas=words("till takings cashier float safe"),
        patterns=(
            r"\bcash (?:register|drawer|box|office|in transit)\b",
            r"\bbehind the counter\b",
            r"\bthe (?:shop|store|business|company)'?s?\b",
            r"\b(?:post office|bookmakers?|bookies|petrol station|garage forecourt|off[- ]"
            r"licen[cs]e|security van|shop staff|member of staff|staff member)\b",
        ),
        negatable=False,
    ),
    "snatch": Cue(
        "snatched or taken from the person",
        patterns=(
            r"\bsnatch\w*",
            r"\bpick[- ]?pocket\w*",
            r"\bdipp(?:ed|ing)\b",
            r"\b(?:from|out of|off) (?:" + POSS + r" )?(?:back |front |jacket |coat |trouser )?"
            r"(?:hand|pocket|handbag|rucksack|backpack|grasp|grip|shoulder|neck|wrist)s?\b",
            r"\bgrabb?(?:ed|ing) (?:\w+ ){0,2}(?:bag|handbag|phone|purse|wallet|necklace|chain) "
            r"(?:from|out of|off)\b",
        ),
    ),
    "crowded_place": Cue(
        "a crowded public place",
        patterns=(
            r"\b(?:on|in|boarding|getting off) (?:the|a) (?:no\.?\s?\d+ )?(?:bus|train|tram|tube|"
            r"metro)\b",
            r"\bwhile (?:she|he|i|they|ip) (?:was|were) (?:walking|standing|sitting|queuing|"
            r"shopping|waiting|dancing)\b",
            r"\b(?:queue|queuing|crowd|crowded|busy|festival|concert|market)\b",
        ),
        negatable=False,
    ),
    # -- other theft -----------------------------------------------------------------------
    "bike": Cue(
        "a pedal cycle",
        lemmas=words("bike bicycle pushbike cycle ebike e-bike bmx"),
        patterns=(r"\bmountain bike\b", r"\bpedal cycle\b", r"\bcycle racks?\b"),
        negatable=False,
    ),
    "shop": Cue(
        "a shop",
        lemmas=words(
            "shop store supermarket tesco asda sainsbury sainsburys aldi lidl morrisons boots "
            "primark superdrug waitrose iceland poundland spar checkout shelf aisle retail "
            "shopkeeper newsagent newsagents"
        ),
        patterns=(
            r"\bco-?op\b",
            r"\bcorner shop\b",
            r"\bm ?& ?s\b",
            r"\bjd sports\b",
            r"\b(?:store|shop) detective\b",
            r"\bsecurity (?:guard|staff|officer)\b",
            r"\b(?:stopped|detained|challenged) (?:\w+ ){0,3}by (?:store |shop )?(?:security"
            r"|staff)\b",
            r"\b(?:sales|shop|store|retail) (?:assistant|staff|manager|worker)\b",
        ),
        negatable=False,
    ),
    "shoplift": Cue(
        "goods taken from a shop without paying",
        patterns=(
            r"\bshop[- ]?lift\w*",
            r"\b(?:walk|walked|walking|left|leaving|leave|ran|run|running|went|go|going|"
            r"headed) (?:out )?(?:of (?:the )?(?:shop|store) )?(?:w/o|without) pay\w*",
            r"\bconceal\w*",
            r"\bfoil[- ]lined\b",
            r"\b(?:passed|past|beyond) (?:all )?(?:the )?(?:points? of sale|tills|checkouts?)\b",
            r"\bsecurity tags?\b",
            r"\bunpaid (?:items|goods|stock)\b",
            r"\b(?:had ?n[o']?t|had not|hadn'?t|without having) paid for\b",
            r"\bselected (?:items|goods|\w+ items)\b",
            r"\bselected (?:\w+ ){0,4}(?:and|before) (?:left|walked|ran|went|made|leaving"
            r"|walking)\b",
            r"\b(?:no|without making any|making no|made no) attempt to pay\b",
        ),
    ),
    "concealing": Cue(
        "goods hidden or bagged",
        patterns=(
            r"\b(?:hid|hidden|hiding|stuffed|stuffing|placed|placing|put|putting|filled|filling|"
            r"loaded|loading) (?:\w+ ){0,4}(?:in|into|inside|down|up) (?:a |his |her |their |the )?"
            r"(?:bag|bags|rucksack|backpack|coat|jacket|pocket|pockets|trousers|pram|handbag|"
            r"basket|trolley)s?\b",
            r"\b(?:left|leaving|leave|walked out of|ran out of|exited|exiting|run out of) (?:the )?"
            r"(?:store|shop|supermarket)\b",
        ),
    ),
    "without_paying": Cue(
        "left without paying",
        patterns=(
            r"\b(?:w/o|without) pay\w*",
            r"\b(?:didn'?t|did not|failed to|refused to|not) pay\b",
        ),
        negatable=False,
    ),
    "making_off": Cue(
        "left without paying for fuel, a meal or a fare",
        lemmas=words("fuel petrol diesel pump fare meal bill restaurant taxi bilk"),
        patterns=(r"\bfill(?:ed)? up\b", r"\bmade off without pay\w*"),
        negatable=False,
    ),
    "handling": Cue(
        "stolen goods handled",
        patterns=(
            r"\bhandling\b",
            r"\b(?:handle|receiv\w*|bought|buying|sell\w*|sold|offer\w*) (?:\w+ ){0,3}stolen\b",
            r"\bstolen (?:goods|property)\b",
            r"\bknowing (?:it|they|them) (?:was|were|to be) stolen\b",
        ),
    ),
    # -- vehicles --------------------------------------------------------------------------
    "vehicle": Cue(
        "a motor vehicle",
        lemmas=words(
            "car van vehicle veh lorry truck hgv motorbike motorcycle moped scooter minibus "
            "campervan motorhome 4x4 suv jeep pickup " + VEHICLE_MAKES + " " + VEHICLE_MODELS
        ),
        patterns=(r"\brange rover\b", r"\bland rover\b", r"\bregistration\b", r"\breg\b", VRM),
        negatable=False,
    ),
    "vehicle_part": Cue(
        "part of a vehicle",
        lemmas=words(
            "windscreen tyre tyres tire wheel bonnet paintwork bodywork dashboard satnav "
            "wiper wipers headlight airbag bumper"
        ),
        patterns=(
            r"\bwing mirrors?\b",
            r"\bcatalytic converters?\b",
            r"\bnumber plates?\b",
            r"\bsat[- ]?nav\b",
            r"\b(?:passenger|driver'?s?|quarter|car|van|vehicle) windows?\b",
            r"\bdoor handles?\b",
            r"\bdoor lock\b",
        ),
        negatable=False,
    ),
    "vehicle_taken": Cue(
        "a vehicle was taken",
        patterns=(
            r"\bkeyless\b",
            r"\brelay (?:attack|theft|device)\b",
            r"\btwoc\w*",
            r"\btaken without (?:the )?(?:owner'?s? )?consent\b",
            r"\bunauthori[sz]ed taking\b",
            r"\b(?:drove|driven|driving|rode|ridden) (?:off|away) (?:in|on|with) "
            + POSS
            + r" (?:car|van|vehicle|veh|motorbike|moped|scooter)\b",
            r"\b(?:missing|taken|stolen|gone) from (?:the |his |her |my |their |outside )?"
            r"(?:drive|driveway|road|street|car park|outside)\b",
            r"\bcar keys?\b",
            r"\b(?:car|van|vehicle|veh|motorbike|motorcycle|moped|scooter|lorry|truck|"
            + VEHICLE_MAKES.replace(" ", "|")
            + "|"
            + VEHICLE_MODELS.replace(" ", "|")
            + r")s? (?:(?!and\b)\w+ ){0,2}(?:was |were |has been |had been |have been )?"
            r"(?:stolen|taken|nicked|twoc'?d)\b",
            VRM + r" (?:\w+ ){0,3}(?:stolen|taken|nicked|missing)\b",
            r"\b(?:stole|took|nicked|steal|take|taking|stealing) "
            + POSS
            + r" (?:\w+ )?(?:car|van|vehicle|veh|motorbike|motorcycle|moped|scooter|lorry|truck)\b",
        ),
    ),
    "from_vehicle": Cue(
        "taken from a vehicle",
        patterns=(
            r"\b(?:from|out of|inside) " + POSS + r" (?:\w+ )?(?:car|van|vehicle|veh|boot|lorry|"
            r"cab|truck|glove ?box)\b",
            r"\bcatalytic converters?\b",
            r"\b(?:from|off) the (?:passenger|driver'?s?|back|rear|front) seat\b",
            r"\bfrom the (?:footwell|glove ?box|boot|parcel shelf)\b",
            r"\bfrom inside (?:it|the (?:car|van|vehicle))?\b",
        ),
    ),
    "parked_vehicle": Cue(
        "a parked vehicle",
        patterns=(
            r"\bparked (?:his|her|my|their|the|a|our) (?:\w+ )?(?:car|van|vehicle|motorbike|moped|"
            r"lorry|truck)\b",
            r"\b(?:car|van|vehicle|motorbike|moped|lorry|truck) (?:was |were )?(?:left )?parked\b",
        ),
        negatable=False,
    ),
    "catalytic": Cue(
        "a catalytic converter removed",
        patterns=(r"\bcatalytic converters?\b", r"\bcat(?:alytic)? (?:converter )?theft\b"),
    ),
    "vehicle_contents": Cue(
        "things kept in a vehicle",
        patterns=(r"\b(?:sat[- ]?nav|number plates?|tools?|power tools|stereo|radio|dash ?cam)\b",),
        negatable=False,
    ),
    "interfering": Cue(
        "someone interfering with vehicles",
        patterns=(
            r"\b(?:trying|tried|try|checking|checked|pulling|pulled|testing) (?:\w+ ){0,2}"
            r"(?:door )?handles\b",
            r"\b(?:trying|tried|checking|testing) (?:\w+ ){0,2}(?:car|van|vehicle)s? ?doors\b",
            r"\btamper\w*",
            r"\binterfer\w*",
            r"\blooking (?:in|into|through the windows of) (?:\w+ )?(?:cars|vehicles|vans)\b",
        ),
    ),
}
