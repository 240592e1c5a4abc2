"""Cues about conduct: violence, harassment, public order, damage, drugs, weapons, fraud,
sexual offences and other crimes against society, and who the victim is."""

from __future__ import annotations

from policeai.plugins.offence_suggestion.cue import (
    Cue,
    words,
)

CONDUCT_CUES: dict[str, Cue] = {
    # -- violence --------------------------------------------------------------------------
    "injury": Cue(
        "an injury",
        lemmas=words(
            "injury injure bleed blood bruise bruising swelling swollen fracture graze "
            "concussion stitch laceration wound"
        ),
        patterns=(
            r"\bcut (?:above|to|on|under|over|across) (?:his|her|my|the|their)? ?(?:left |right )?"
            r"(?:eye|head|face|lip|cheek|arm|hand|nose|chin|forehead|ear|neck|leg)\b",
            r"\b(?:a|with|nasty|deep|small) cuts?\b",
            r"\bblack eye\b",
            r"\bbroken (?:nose|jaw|arm|ribs?|tooth|teeth|fingers?|wrist|leg|cheekbone|"
            r"eye socket)\b",
            r"\b(?:lost|chipped|knocked out) (?:a |two |his |her |my )?(?:tooth|teeth)\b",
            r"\bsplit lip\b",
            r"\b(?:broke|fractured|cracked|dislocated|bust|busted) (?:his|her|my|their) (?:nose|jaw"
            r"|"
            r"arm|ribs?|wrist|fingers?|leg|cheekbone|eye socket|tooth|teeth|lip)\b",
            r"\b(?:hospital|a ?& ?e|a and e|ambulance|ambo|paramedics?|lgi|infirmary)\b",
            r"\bs\.? ?47\b",
            r"\babh\b",
            r"\bactual bodily harm\b",
            r"\b(?:hurt|injured)\b",
            r"\bin pain\b",
            r"\bred marks?\b",
            r"\bscratch(?:ed|es)? (?:her|his|my) (?:face|arm|neck|hand)s?\b",
        ),
    ),
    "serious_injury": Cue(
        "a serious or intended injury",
        lemmas=words("stab gbh wounding unconscious"),
        patterns=(
            r"\bs\.? ?(?:18|20)\b",
            r"\bgrievous bodily harm\b",
            r"\bknocked (?:him |her |me |them )?(?:out|unconscious)\b",
            r"\bfractured skull\b",
            r"\blife[- ](?:changing|threatening)\b",
            r"\bserious(?:ly)? (?:injur\w*|hurt|wound\w*)\b",
            r"\bcritical\b",
            r"\bintensive care\b",
            r"\bicu\b",
            r"\bglassed\b",
            r"\bbottled\b",
            r"\b(?:smashed|broke|hit \w+ with) (?:a )?(?:bottle|glass) (?:over|on|into|across)\b",
            r"\bwith intent\b",
        ),
    ),
    "no_injury": Cue(
        "no injury",
        patterns=(
            r"\b(?:no|nil|not|without|n'?t|zero) (?:any )?(?:visible |apparent |obvious |physical |"
            r"serious |reported )?(?:injur\w*|marks)\b",
            r"\b(?:unhurt|uninjured|unharmed)\b",
            r"\bnot (?:hurt|injured|harmed)\b",
            r"\b(?:did ?n[o']?t|didn't|did not|was ?n[o']?t|wasn't|was not) (?:\w+ )?"
            r"(?:hurt|injur\w*|harm\w*)\b",
            r"\bcommon assault\b",
            r"\bs\.? ?39\b",
            r"\bbattery\b",
        ),
        negatable=False,
    ),
    "spit": Cue(
        "spitting at a person",
        lemmas=words("spit spat"),
        patterns=(r"\bspat (?:at|on) \w+\b",),
    ),
    "constable": Cue(
        "a police officer or emergency worker assaulted",
        patterns=(
            r"\b(?:assault\w*|punch\w*|kick\w*|hit|headbutt\w*|bit|bite|spat at|spit at|"
            r"spitting at|push\w*|shov\w*|elbow\w*|struck|strike) (?:a |the |an )?(?:pc|officer|"
            r"police officer|police|constable|arresting officer|pcso|ps|sergeant|emergency "
            r"worker|paramedic|firefighter)s?\b",
            r"\b(?:officer|pc|constable|pcso) (?:\d+ )?(?:was |were )?(?:assaulted|punched|kicked|"
            r"bitten|headbutted|spat at|injured|hit)\b",
            r"\bassault (?:on|of) (?:an? |the )?(?:emergency worker|police|officer|constable)\b",
            r"\bs\.? ?89\b",
            r"\baew\b",
        ),
    ),
    "racial": Cue(
        "racially or religiously aggravated",
        lemmas=words("racial racially racist religious religiously islamophobic antisemitic"),
        patterns=(
            r"\bbecause of (?:his|her|their|my) (?:race|religion|colour|faith|skin)\b",
            r"\bgo back to (?:your|ur) (?:own )?country\b",
            r"\b(?:racial|religious) (?:abuse|slurs?|insults?|comments?)\b",
        ),
    ),
    "threat_kill": Cue(
        "a threat to kill",
        patterns=(
            r"\bthreat(?:s|en\w*)? to kill\b",
            r"\b(?:i'?ll|ill|i will|gonna|going to|i'?m going to|im going to|he'?ll|she'?ll|"
            r"will|would|we'?ll) (?:\w+ )?kill (?:you|u|her|him|them|me|ya)\b",
            r"\bkill you\b",
            r"\bslit (?:your|her|his) throat\b",
        ),
    ),
    "kidnap": Cue(
        "a person taken or held against their will",
        lemmas=words("kidnap abduct abduction kidnapping"),
        patterns=(
            r"\bbundled (?:him |her |me |them )?into\b",
            r"\bforced (?:him|her|me|them) into (?:a |the |his |their )?(?:car|van|boot|vehicle)\b",
            r"\bheld (?:him |her |me |them )?(?:against (?:his|her|my|their) will|captive|"
            r"hostage|prisoner)\b",
            r"\blocked (?:him|her|me|them) in\b",
            r"\bfalse imprisonment\b",
        ),
    ),
    "attempted_murder": Cue(
        "an attempt to kill",
        patterns=(
            r"\battempted murder\b",
            r"\b(?:tried|trying|attempt\w*) to (?:kill|murder)\b",
            r"\btried to strangle\b",
        ),
    ),
    "domestic": Cue(
        "a domestic relationship",
        lemmas=words(
            "partner ex husband wife boyfriend girlfriend fiance fiancee spouse domestic marac"
        ),
        patterns=(r"\bex[- ]partner\b", r"\bdash\b", r"\bnon[- ]?mol\w*"),
        negatable=False,
    ),
    "fight": Cue(
        "fighting",
        lemmas=words("fight brawl scuffle scrap melee"),
        patterns=(r"\bsquared up\b", r"\bkicked off\b", r"\bset about\b", r"\bpunch[- ]up\b"),
    ),
    "weapon_used": Cue(
        "a weapon used on a person",
        patterns=(
            r"\b(?:hit|struck|strike|striking|attacked|hitting|beat|beaten|whacked|smacked|"
            r"assaulted|threatened|struck at|swung|swinging|lunged) (?:\w+ ){0,3}(?:with|using) "
            r"(?:a|an|his|her|their|the|what)\b",
            r"\bused (?:a |an |the )?(?:\w+ )?(?:glass|bottle|bat|knife|hammer|weapon|brick|"
            r"bar|stick|cue|shoe|stiletto|chair)\b",
            r"\bstrike (?:the )?(?:ip|victim)\b",
        ),
    ),
    # -- stalking and harassment -----------------------------------------------------------
    "repeated_contact": Cue(
        "repeated unwanted contact",
        lemmas=words("harass harassment pester"),
        patterns=(
            r"\b(?:\d{1,3}|dozens of|hundreds of|loads of|lots of|numerous|multiple|several|"
            r"constant|repeated|persistent|countless|many|endless) "
            r"(?:\w+ )?(?:texts?|messages?|msgs?|calls?|e-?mails?|voicemails?|dms?|letters?|"
            r"notes?|posts?|comments?)\b",
            r"\b(?:keeps?|kept|keeping|continu\w*|carr(?:y|ies|ied) on) (?:to )?(?:on )?"
            r"(?:call|ring|text|messag|contact|email|turn|com|send|post|phon)\w*",
            r"\b(?:every|each) (?:day|night|morning|evening|week)\b",
            r"\b(?:daily|constantly|repeatedly|persistently|relentless\w*)\b",
            r"\bongoing (?:harassment|abuse|campaign|contact|messages|calls)\b",
            r"\bevery (?:time|single time)\b",
            r"\bwhenever\b",
            r"\b(?:been|keeps?|kept|is|was|started|start|starts|began|begun) (?:\w+ )?"
            r"(?:messaging|texting|calling|ringing|phoning|emailing|contacting|bombarding|"
            r"pestering)\b",
            r"\b(?:told|asked|warned) (?:him|her|them) (?:\w+ ){0,2}to (?:stop|leave me)\b",
            r"\bwo?n'?t leave (?:me|her|him|us) alone\b",
            r"\bbreach\w* (?:of )?(?:a |the |his |her |their )?(?:non[- ]?mol\w*|restraining "
            r"order|injunction|bail|protection order)\b",
            r"\bnon[- ]?mol\w*",
            r"\bcourse of conduct\b",
            r"\b(?:whatsapp|instagram|facebook|snapchat|tiktok|social media|twitter)\b",
        ),
    ),
    "stalking": Cue(
        "following, watching or turning up",
        lemmas=words("stalk loiter fixate obsess"),
        patterns=(
            r"\bfollow(?:ed|ing|s)? (?:me|her|him|them|us|ip|the ip|the victim|my|his|their)\b",
            r"\bturn(?:ed|s|ing)? up\b",
            r"\bshow(?:ed|s|ing)? up\b",
            r"\bwait(?:ed|s|ing)? (?:outside|for (?:me|her|him)|near|by)\b",
            r"\bwatch(?:ed|es|ing)? (?:me|her|him|my|her|his|the) ?(?:house|home|flat|address)?\b",
            r"\b(?:stood|standing|sat|sitting|hanging around|loitering|waiting) (?:\w+ )?"
            r"(?:opposite|outside|across from|near|by) (?:my|her|his|their|our)\b",
            r"\b(?:tracker|tracking device|airtag|gps tracker|spyware)\b",
            r"\bknows? where (?:i|she|he|they|we) (?:live|work)s?\b",
            r"\bspy\w*",
            r"\bmonitor\w*",
        ),
    ),
    "communication": Cue(
        "an offensive or threatening message",
        patterns=(
            r"\b(?:abusive|threatening|offensive|obscene|indecent|menacing|malicious|nasty|"
            r"vile|racist|grossly) (?:\w+ )?(?:texts?|messages?|msgs?|e-?mails?|letters?|notes?|"
            r"posts?|comments?|voicemails?|calls?|communications?)\b",
            r"\bmalicious communications?\b",
            r"\bintimate (?:images|photos|pictures|videos)\b",
            r"\b(?:revenge porn|sextortion)\b",
            r"\bs\.? ?1 mca\b",
            r"\bs\.? ?127\b",
        ),
    ),
    "neighbour": Cue(
        "a dispute between neighbours",
        lemmas=words("neighbour neighbours"),
        patterns=(r"\bnext door\b", r"\bdispute\b"),
        negatable=False,
    ),
    # -- public order ----------------------------------------------------------------------
    "disorder": Cue(
        "threatening, abusive or disorderly behaviour",
        lemmas=words("shout swear abusive aggressive disorderly rowdy intimidating"),
        patterns=(
            r"\bthreatening behaviou?r\b",
            r"\balarm(?:,)? (?:or|and) distress\b",
            r"\bdrunk and disorderly\b",
            r"\b(?:refused|refusing|refuse|wouldn'?t|would not) (?:to )?leave\b",
            r"\bcausing (?:a )?(?:disturbance|nuisance)\b",
            r"\bthrow(?:ing|n)? (?:\w+ )?(?:chairs?|stools?|tables?|bottles?|glasses|flares?|coins?"
            r"|"
            r"missiles?|fireworks?|bricks?|stones?|cans?)\b",
            r"\bthrew (?:a |the )?(?:\w+ )?(?:chairs?|stools?|tables?|bottles?|glass|glasses|"
            r"flares?|coins?|missiles?|fireworks?|pint)\b",
            r"\b(?:brandish\w*|waving) (?:a |an |the )?(?:\w+ )?\w+",
            r"\bsquared up\b",
            r"\bs\.? ?4a?\b",
            r"\bs\.? ?5\b",
            r"\bpola\b",
            r"\bpublic order\b",
            r"\baffray\b",
            r"\bdispersal\b",
            r"\bs\.? ?35\b",
            r"\banti[- ]?social\b",
            r"\babuse at\b",
            r"\bshouting abuse\b",
            r"\b(?:verbal(?:ly)?) abus\w*",
            r"\bmaking threats\b",
            r"\bthreat\w* to (?:glass|hit|punch|stab|batter|smash|do|hurt|beat|knock|kick)\b",
        ),
    ),
    "group": Cue(
        "a group of people",
        lemmas=words("group gang crowd mob fans youths lads"),
        patterns=(
            r"\b(?:\d+|three|four|five|six|seven|eight|several|large|a number of|multiple|many) "
            r"(?:\w+ )?(?:males|men|youths|people|lads|females|women|persons|fans|individuals)\b",
            r"\bmass\b",
        ),
        negatable=False,
    ),
    "violent_disorder": Cue(
        "violence by a group",
        patterns=(
            r"\bviolent disorder\b",
            r"\briot\w*",
            r"\bmass (?:brawl|fight|disorder)\b",
            r"\b(?:bottles|glasses|bricks|missiles|flares|chairs) (?:were |being |was )?"
            r"(?:thrown|throwing)\b",
            r"\bgroup (?:\w+ ){0,2}(?:fighting|brawling)\b",
        ),
    ),
    # -- criminal damage and arson ---------------------------------------------------------
    "damage": Cue(
        "damage",
        lemmas=words("damage vandalise vandalism graffiti dent deface"),
        patterns=(
            r"\bsmash\w*",
            r"\b(?:broke|broken|breaking|break|cracked|crack|shattered) (?:\w+ ){0,3}(?:windows?|"
            r"glass|windscreen|door|fence|gate|panel|shutters?|mirrors?|lights?|screen)\b",
            r"\b(?:windows?|glass|windscreen|door|fence|gate|panel|shutters?|mirrors?) "
            r"(?:\w+ ){0,3}(?:was |were |had been |has been |been )?(?:broken|cracked|smashed|"
            r"shattered|damaged|put in|put through|kicked in|caved in)\b",
            r"\bscratch(?:es|ed)? (?:\w+ ){0,3}(?:along|down|across|on|to) (?:the |her |his |my )?"
            r"(?:\w+ ){0,2}(?:side|door|doors|bonnet|paintwork|bodywork|car|van|vehicle|boot"
            r"|wing)\b",
            r"\b(?:put|threw|thrown|throwing|lobbed|hurled|chucked) (?:a |an |the )?(?:rock|brick"
            r"|stone|"
            r"bottle|paving slab|slab|object|missile|firework)s? (?:through|at|into)\b",
            r"\bscratch(?:ed|es|ing)? (?:\w+ ){0,2}(?:paintwork|car|van|door|bonnet|paint)\b",
            r"\bkeyed\b",
            r"\b(?:slash\w*|punctur\w*|let down|deflated|cut) (?:\w+ ){0,2}tyres?\b",
            r"\btyres? (?:\w+ ){0,4}(?:slashed|punctured|let down|deflated|cut)\b",
            r"\b(?:mirror|aerial|wiper|wing mirror)s? (?:\w+ )?(?:was |were )?(?:snapped|ripped|"
            r"pulled|kicked|knocked) off\b",
            r"\bpaint stripper\b",
            r"\b(?:poured|threw|thrown|splashed|sprayed) (?:\w+ ){0,3}(?:paint|bleach|acid|"
            r"stripper|brake fluid)\b",
            r"\b(?:paint|bleach|stripper|brake fluid) (?:was |were |had been )?(?:poured|thrown|"
            r"splashed)\b",
            r"\b(?:eggs|stones|bricks?|rocks?|paint|missiles) (?:were |was |had been )?(?:thrown|"
            r"hurled) (?:at|through|over)\b",
            r"\bcovered in (?:paint|graffiti|eggs)\b",
            r"\bkick(?:ed|ing|s)? (?:in |off |at )?(?:the |a |his |her |my )?(?:door|mirrors?|"
            r"wing mirrors?|fence|panel|car|gate|bin)s?\b",
            r"\bput (?:the |a |his |her |my )?(?:\w+ )?(?:windscreen|windows?) in\b",
            r"\bspray(?:ed|ing)? (?:\w+ ){0,3}(?:paint|graffiti|tag|across|on)\b",
            r"\bthrow(?:ing|n)? (?:\w+ ){0,2}(?:stones|bricks?|rocks?|eggs|paint) (?:at|through)\b",
            r"\bthrew (?:a |the )?(?:stones?|bricks?|rocks?|eggs|paint) (?:at|through)\b",
            r"\bbrick (?:through|thrown|recovered)\b",
            r"\begg(?:ed|ing)\b",
            r"\bcriminal damage\b",
            r"\b(?:snapped|ripped|pulled) (?:off )?(?:the |his |her |my )?(?:wing mirrors?|aerial|"
            r"wipers?|fence panels?)\b",
            r"\bmirrors? off\b",
            r"\bglue[d]? in\b",
            r"\bsuperglue\w*",
        ),
    ),
    "arson": Cue(
        "fire set deliberately",
        lemmas=words("arson"),
        patterns=(
            r"\bset (?:\w+ ){0,3}(?:fire|alight|on fire|ablaze)\b",
            r"\bset fire to\b",
            r"\b(?:burnt|burned|burning) (?:out|down)\b",
            r"\bpetrol bomb\w*",
            r"\btorched\b",
            r"\blit (?:rag|paper|firework|newspaper|match|matches|cloth|material|cigarette)\b",
            r"\b(?:burning|flaming) (?:rag|paper|material|object|cloth)\b",
            r"\b(?:accelerant|lighter fluid)\b",
            r"\bfire (?:brigade|service|crew|engine)s?\b",
            r"\bwyfrs\b",
            r"\bfire (?:was |had been )?(?:started|set|lit)\b",
            r"\b(?:started|lit) a fire\b",
            r"\bon fire\b",
            r"\bflames\b",
        ),
    ),
    "endanger_life": Cue(
        "lives put at risk",
        patterns=(
            r"\b(?:people|family|children|kids|residents|occupants|someone|they|we|she|he) "
            r"(?:\w+ )?(?:were |was |are |is )?(?:inside|asleep|in bed|in the (?:house|flat|"
            r"building))\b",
            r"\bthrough (?:the )?letter ?box\b",
            r"\boccupied\b",
            r"\bendanger\w*",
            r"\btrapped\b",
            r"\bevacuat\w*",
            r"\bintent to endanger\b",
        ),
    ),
    "threat_damage": Cue(
        "a threat to damage property",
        patterns=(
            r"\bthreat\w* to (?:burn|smash|set fire|torch|damage|wreck|put (?:the |your )?"
            r"windows? in|key|slash|trash)\b",
            r"\b(?:going|gonna) to (?:burn|torch|smash) (?:\w+ )?(?:house|car|home|flat"
            r"|windows?)\b",
            r"\bwith intent to (?:cause |commit )?(?:criminal )?damage\b",
            r"\bgoing equipped to damage\b",
        ),
    ),
    "target_other": Cue(
        "other property",
        lemmas=words(
            "fence gate bench lamppost planter plant bollard sign signage tree greenhouse "
            "memorial statue playground"
        ),
        patterns=(
            r"\bbus (?:shelter|stop)\b",
            r"\bphone box\b",
            r"\bstreet ?lights?\b",
            r"\bcctv cameras?\b",
            r"\bpost ?box\b",
            r"\bgarden\b",
        ),
        negatable=False,
    ),
    # -- drugs -----------------------------------------------------------------------------
    "drug": Cue(
        "controlled drugs",
        lemmas=words(
            "drug drugs cannabis weed skunk marijuana cocaine coke crack heroin mdma ecstasy "
            "ketamine spice amphetamine amphetamines lsd methadone diazepam"
        ),
        patterns=(
            r"\bclass [abc]\b",
            r"\bcrack(?: cocaine)?\b",
            r"\bcontrolled (?:drugs?|substances?)\b",
            r"\bwhite powder\b",
            r"\b(?:deal|dealer) bags?\b",
            r"\bs\.? ?23 (?:mda|misuse)\b",
            r"\bmda\b",
            r"\bmisuse of drugs\b",
            r"\bnitrous oxide\b",
        ),
    ),
    "cannabis": Cue(
        "cannabis",
        lemmas=words("cannabis weed skunk marijuana spliff joint"),
        patterns=(r"\bherbal\b", r"\bcannabis (?:resin|farm|factory|grow)\b"),
    ),
    "hard_drug": Cue(
        "a controlled drug other than cannabis",
        lemmas=words(
            "cocaine coke heroin mdma ecstasy ketamine spice amphetamine lsd methadone "
            "diazepam pills"
        ),
        patterns=(
            r"\bclass a\b",
            r"\bcrack(?: cocaine)?\b",
            r"\bwhite powder\b",
            r"\bnitrous oxide\b",
        ),
    ),
    "supply": Cue(
        "dealing or supply of drugs",
        lemmas=words("deal dealing dealer supply supplier cultivation cultivate"),
        patterns=(
            r"\bpwits\b",
            r"\bpossession with intent\b",
            r"\bintent to supply\b",
            r"\bcounty lines?\b",
            r"\bdeal(?:ing)? line\b",
            r"\btrap house\b",
            r"\bcuckoo\w*",
            r"\bproduction of (?:cannabis|a controlled drug|controlled drugs)\b",
            r"\b(?:sell\w*|sold|selling|buy\w*|bought) (?:\w+ ){0,2}(?:drugs|cannabis|weed|crack|"
            r"cocaine|heroin|coke|pills)\b",
        ),
    ),
    "supply_signs": Cue(
        "signs of dealing or production",
        patterns=(
            r"\bhand[- ]to[- ]hand\b",
            r"\b(?:exchanges?|exchanging)\b",
            r"\b(?:cars?|people|vehicles|visitors|callers) (?:\w+ )?(?:pulling up|coming and going|"
            r"calling|arriving|visiting|turning up)\b",
            r"\bcoming and going\b",
            r"\bcomings and goings\b",
            r"\bshort (?:stay )?visits\b",
            r"\b(?:\d+|several|multiple|numerous) (?:\w+ )?(?:wraps|deal bags|bags)\b",
            r"\bwraps\b",
            r"\bscales\b",
            r"\bbagged up\b",
            r"\btick list\b",
            r"\bburner phones?\b",
            r"\b(?:cannabis )?(?:farm|factory|grow)\b",
            r"\bplants\b",
            r"\bhydroponic\w*",
            r"\b(?:electricity|meter) (?:was |had been )?bypass\w*",
            r"\bblacked[- ]out\b",
            r"\bwindows? blacked\b",
            r"\b(?:hand|hands|handed|handing) (?:something|a package|packages|small packages)\b",
            r"\b(?:take|took|taking) money\b",
            r"\bcash seized\b",
        ),
        negatable=False,
    ),
    "possession": Cue(
        "found in someone's possession",
        patterns=(
            r"\b(?:found|was|were|is) in (?:his|her|their) possession\b",
            r"\bin possession of\b",
            r"\bpossession\b",
            r"\bfound (?:\w+ ){0,4}(?:in|on|under|inside) (?:his|her|their|the) ?(?:\w+ )?"
            r"(?:pocket|waistband|bag|rucksack|person|jacket|sock|car|glovebox|door)\b",
            r"\bsearch(?:ed)? (?:\w+ ){0,6}found\b",
            r"\bstop (?:and )?search\w*",
            r"\bs\.? ?1 pace\b",
            r"\bs\.? ?60\b",
            r"\bs\.? ?23\b",
            r"\bsmell of cannabis\b",
            r"\bsmoking\b",
            r"\bpersonal use\b",
        ),
    ),
    # -- weapons ---------------------------------------------------------------------------
    "blade": Cue(
        "a blade or sharp point",
        lemmas=words(
            "knife knives blade machete sword katana dagger bayonet scissors screwdriver razor "
            "cleaver axe lockknife"
        ),
        patterns=(
            r"\b(?:lock|flick|kitchen|zombie|stanley|craft|butterfly|hunting|pen)[- ]?knife\b",
            r"\bbladed article\b",
            r"\bpointed article\b",
            r"\bbox cutter\b",
            r"\bs\.? ?139\b",
        ),
    ),
    "offensive_weapon": Cue(
        "an offensive weapon",
        lemmas=words("knuckleduster knuckledusters baton cosh nunchucks nunchaku"),
        patterns=(
            r"\bknuckle[- ]?dusters?\b",
            r"\bextendable baton\b",
            r"\boffensive weapons?\b",
            r"\bprevention of crime act\b",
            r"\bs\.? ?1 (?:poca|pca|prevention)\b",
            r"\bthrowing stars?\b",
            r"\btaped to a stick\b",
        ),
    ),
    "improvised_weapon": Cue(
        "an object used or carried as a weapon",
        patterns=(
            r"\b(?:baseball bat|iron bar|metal bar|crowbar|hammer|golf club|pool cue|cricket "
            r"bat|bat|cue)\b",
        ),
    ),
    "firearm": Cue(
        "a firearm",
        lemmas=words(
            "gun firearm pistol revolver shotgun rifle handgun ammunition ammo bullet bullets taser"
        ),
        patterns=(
            r"\b(?:air|bb|imitation|replica|sawn[- ]off|blank[- ]firing) (?:rifle|pistol|gun|"
            r"firearm|shotgun)s?\b",
            r"\b(?:cs|pepper|incapacitant) spray\b",
            r"\bstun gun\b",
            r"\bshots? (?:fired|were fired)\b",
            r"\bfirearms act\b",
        ),
    ),
    "carrying": Cue(
        "carried in public",
        lemmas=words("carry conceal"),
        patterns=(
            r"\b(?:has|had|have|with|carrying|holding) (?:a |an )?(?:\w+ ){0,2}(?:in|down) "
            r"(?:his|her|their|a|the) (?:bag|rucksack|backpack|pocket|waistband|jacket|coat|"
            r"hand|sock|trousers|car|door pocket|glovebox)\b",
            r"\b(?:seen|spotted|found) with\b",
            r"\bin (?:his|her|their|the) (?:\w+ )?(?:waistband|pocket|rucksack|backpack|door "
            r"pocket|glovebox|bag)\b",
            r"\b(?:shown|showed|showing|show) it\b",
            r"\bdrop(?:ped)? (?:\w+ ){0,2}from (?:his|her|their) (?:waistband|pocket|bag|hand)\b",
            r"\bno (?:good|lawful|reasonable) (?:reason|excuse)\b",
            r"\bself[- ]defen[cs]e\b",
            r"\bin (?:a )?public(?: place)?\b",
            r"\b(?:school|playground|pupil|bus|train|platform|street|park|patrol|station)\b",
            r"\bacting suspiciously\b",
            r"\bsearch\w*",
            r"\bstop(?:ped)? (?:and search|under)\b",
            r"\bin (?:his|her|their) possession\b",
        ),
    ),
    # -- fraud -----------------------------------------------------------------------------
    "fraud": Cue(
        "deception for gain",
        lemmas=words(
            "fraud fraudulent fraudster scam scammer scammed con conned swindle impersonate "
            "phishing bogus deceive deceived trick tricked dupe duped counterfeit"
        ),
        patterns=(
            r"\b(?:pretend\w*|claim\w*|purport\w*|posing|posed) (?:to be|as)\b",
            r"\bfake\b",
            r"\bclick(?:ed)? (?:on )?(?:a |the )?link\b",
            r"\b(?:never|didn'?t|did not|has not|hasn'?t) (?:arrived|received|turned up|came|"
            r"come|delivered)\b",
            r"\bcourier\b",
            r"\brogue trader\w*",
            r"\b(?:investment|romance|courier|identity|id|app|push payment|ticket) (?:fraud"
            r"|scam)\b",
            r"\bidentity (?:theft|fraud)\b",
            r"\bin (?:his|her|my|their) name\b",
            r"\baction fraud\b",
            r"\bcifas\b",
            r"\bscreenshot of (?:a )?payment\b",
            r"\bpersuaded (?:her|him|me|them) to\b",
            r"\b(?:talked|tricked|conned|convinced) (?:her|him|me|them) into\b",
            r"\bfalse pretences\b",
            r"\bredelivery fee\b",
            r"\b(?:used|using|cloned|copied) (?:my|his|her|their) (?:bank |credit |debit )?"
            r"(?:card|account|details|identity)\b",
            r"\b(?:payments?|purchases?|transactions?|withdrawals?) (?:\w+ ){0,4}(?:didn'?t|did not"
            r"|"
            r"never|don'?t|do not) (?:make|authori[sz]e|recogni[sz]e)\b",
        ),
    ),
    "card": Cue(
        "a bank card or account",
        lemmas=words("card cards account cheque contactless paypal transaction transactions"),
        patterns=(
            r"\b(?:bank|credit|debit|card|account) (?:card|details|account|transfer|statement)s?\b",
            r"\bonline banking\b",
            r"\btransferred\b",
            r"\b(?:payments?|purchases?|transactions?) (?:\w+ ){0,4}(?:didn'?t|did not|never) "
            r"(?:make|authori[sz]e)\b",
            r"\bunauthori[sz]ed (?:payments?|transactions?|withdrawals?|spend)\b",
            r"\bwithdraw\w*",
            r"\bpin\b",
        ),
    ),
    "position": Cue(
        "a position of trust abused",
        lemmas=words("carer employee employer treasurer trustee bookkeeper accountant appointee"),
        patterns=(
            r"\bcare worker\b",
            r"\b(?:lasting )?power of attorney\b",
            r"\bposition of trust\b",
            r"\bembezzl\w*",
            r"\b(?:stealing|stole|taking|took|syphon\w*|siphon\w*) (?:money )?from (?:the |his |her"
            r" "
            r"|their )?(?:company|business|employer|club|charity|accounts?)\b",
        ),
    ),
    "fraud_articles": Cue(
        "articles for use in fraud",
        lemmas=words("skimmer"),
        patterns=(
            r"\bskimming device\b",
            r"\bcloned cards?\b",
            r"\bcard (?:reader|making|cloning)\b",
            r"\bfake (?:ids?|identity|passports?|driving licen[cs]es?|documents)\b",
            r"\bfalse (?:documents|identity documents|ids?)\b",
            r"\bblank cards\b",
        ),
    ),
    # -- sexual offences -------------------------------------------------------------------
    "sexual_touching": Cue(
        "sexual touching without consent",
        lemmas=words("grope indecent indecently"),
        patterns=(
            r"\bsexual(?:ly)? assault\w*",
            r"\btouch(?:ed|ing)? (?:\w+ ){0,3}(?:breasts?|bottom|bum|groin|crotch|genitals|private"
            r" parts|thigh|vagina|penis|chest|inappropriately|sexually)\b",
            r"\bkissed (?:me|her|him) (?:against|without)\b",
            r"\bwithout (?:my|her|his|their) consent\b",
            r"\bupskirt\w*",
            r"\bexposed (?:him|her)self\b",
        ),
    ),
    "rape": Cue(
        "rape",
        lemmas=words("rape raped penetrate penetration"),
        patterns=(
            r"\bforced (?:me|her|him) to have sex\b",
            r"\bhad sex with (?:me|her|him) (?:when|while|without|even though|after)\b",
        ),
    ),
    "grooming": Cue(
        "grooming of a child",
        lemmas=words("groom grooming"),
        patterns=(
            r"\bsexual (?:messages|chat|conversations|images|photos|pictures) (?:\w+ ){0,4}"
            r"(?:child|girl|boy|year old|under ?age|aged 1[0-5])\b",
            r"\b(?:1[0-5]|thirteen|fourteen|twelve|fifteen)[- ]year[- ]old\b",
            r"\barranged to meet\b",
        ),
    ),
    # -- other crimes against society ------------------------------------------------------
    "perverting": Cue(
        "justice obstructed",
        patterns=(
            r"\bpervert\w* the course\b",
            r"\bfalse (?:name|details|statement|alibi|report)\b",
            r"\blied to (?:the )?police\b",
            r"\btook (?:the |his |her )?(?:speeding )?points\b",
            r"\b(?:destroy\w*|hid|hiding|dispos\w*) (?:of )?(?:the )?evidence\b",
        ),
    ),
    "absconding": Cue(
        "escape from custody",
        lemmas=words("abscond"),
        patterns=(
            r"\bescap\w* (?:from )?(?:lawful )?(?:custody|police|the cell|prison|the van|"
            r"officers)\b",
            r"\bran from (?:custody|officers|the cell)\b",
            r"\bslipped (?:his|her) handcuffs\b",
        ),
    ),
    # -- who the victim is (for the sexual offence classes) ---------------------------------
    "female": Cue(
        "a woman or girl",
        lemmas=words("she her woman women girl female mrs ms lady daughter mother wife"),
        negatable=False,
    ),
    "male": Cue(
        "a man or boy",
        lemmas=words("he him man men boy male mr son father husband lad"),
        negatable=False,
    ),
}
