"""Word lists the record-entry rules use: names, police shorthand, places, vehicles, weapons.

Every list is lower case. The name lists are read once from the package's data files; the
English word list is spaCy's lemmatiser index (WordNet), read from the loaded model.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from spacy.lang.en.stop_words import STOP_WORDS


def words(text: str) -> frozenset[str]:
    """The words of ``text``, split on white space."""
    return frozenset(text.split())


# -- people --------------------------------------------------------------------------------------

#: Titles written with a name; they belong to the PERSON span.
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lady", "lord", "rev"})

#: Ranks and roles written before a name; they are not part of it.
RANKS = frozenset(
    {"pc", "dc", "ds", "di", "dci", "dsu", "sgt", "ps", "insp", "pcso", "supt", "det", "sergeant"}
    | {"constable", "inspector", "officer", "detective"}
)

#: Words written just before a person's name, and the role each suggests (the case's roles).
ROLE_CUES: dict[str, str] = {
    "caller": "reporter",
    "informant": "reporter",
    "rp": "reporter",
    "ip": "victim",
    "i/p": "victim",
    "victim": "victim",
    "aggrieved": "victim",
    "s/o": "suspect",
    "s/o1": "suspect",
    "s/o2": "suspect",
    "susp": "suspect",
    "suspect": "suspect",
    "offender": "suspect",
    "accused": "suspect",
    "witness": "witness",
    "wit": "witness",
    "w/s": "witness",
}

#: Words before a name that say a person is named next, with no role of their own.
NAME_CUES = frozenset(
    {
        "driver",
        "passenger",
        "occupant",
        "manager",
        "groundsman",
        "caretaker",
        "neighbour",
        "partner",
        "ex",
        "husband",
        "wife",
        "boyfriend",
        "girlfriend",
        "son",
        "daughter",
        "mum",
        "mother",
        "dad",
        "father",
        "brother",
        "sister",
        "friend",
        "colleague",
        "male",
        "female",
        "man",
        "woman",
        "youth",
        "pupil",
        "staff",
        "owner",
        "keeper",
        "landlord",
        "landlady",
        "tenant",
        "guard",
        "detective",
        "marshal",
        "head",
        "named",
        "name",
        "called",
        "as",
        "nickname",
        "aka",
    }
)

#: Police and call-handling shorthand and other words that are never part of a name.
JARGON = words(
    """
    caller callers ip s/o susp suspect suspects victim victims witness witnesses offender
    male males female females youth youths person persons people man men woman women lad lads
    states stated reports reported report says said saying advises advised believes believe
    thinks think requests requested req request wants wont won't cant can't does doesn't dont
    don't didn't has had have is was were are been being now also then still just not nil nfa
    veh vehicle vehicles car cars van bike pushbike moped taxi bus train reg registration vrm
    approx approximately about around circa tel telephone phone mob mobile contact email
    dob d.o.b nino ni number no address flat unit house home
    arrested detained charged cautioned conveyed custody released interviewed seized
    attended attending dispatched deployed arrival scene enquiries ongoing pnc anpr cctv bwv
    ambo ambulance police officers officer pc dc ds sgt insp pcso dash marac
    hrs am pm today tonight yesterday tomorrow morning afternoon evening night overnight
    mins minutes hours days weeks months years yrs ago later earlier
    ic1 ic2 ic3 ic4 ic5 ic6 white black asian mixed race
    aged age old years
    street road lane avenue drive close way
    station park centre
    poss neg val enq enqs h2h soco pwits cbo rui rtc ref re o/s twds w/o est msgs nfa tic
    unknown unk n/k nk anon anonymous unidentified outstanding
    im ive id dont cant wont didnt isnt wasnt thats theyre youre hes shes
    """
)

#: Abbreviations kept in capitals when a copy of the text is case-restored for the tagger.
ABBREVIATIONS = words(
    """
    ip s/o pc dc ds di dci ps pcso cctv bwv anpr pnc dob nino ni uk gb nhs dvla rtc
    bmw vw mg ds tv pc ps5 xbox iphone ic1 ic2 ic3 ic4 ic5 ic6 afc fc lgi bri gp asap
    mda cja oapa pola poca pace dash marac cps nfa rui soco csi atm jd kfc hsbc b&m h&m
    """
)


def _read_names(name: str) -> frozenset[str]:
    text = files("policeai.plugins.record_entry").joinpath("data", name).read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def given_names() -> frozenset[str]:
    """Given names (lower case); the stop words ("will", "may") are left out."""
    return frozenset(_read_names("given_names.txt") - STOP_WORDS - JARGON)


@cache
def surnames() -> frozenset[str]:
    """Family names (lower case); the stop words are left out."""
    return frozenset(_read_names("surnames.txt") - STOP_WORDS - JARGON)


# -- places --------------------------------------------------------------------------------------

#: The last word of a street's name ("Mill Lane", "high st").
STREET_SUFFIXES = words(
    """
    road rd street st lane ln avenue ave av way close cl drive dr grove gr gardens gdns garden
    terrace terr tce crescent cres place pl court ct mews walk mount view bank hill rise row
    square sq green parade pde cottages towers fold croft garth wynd yard vale approach side
    spinney paddocks chase boulevard circus gate gardens hollow meadow meadows park parkway
    bypass
    """
)

#: Street suffixes that name a street only after a house number ("12 moor view", not "a view").
WEAK_STREET_SUFFIXES = frozenset(
    {"view", "bank", "side", "gate", "park", "green", "hill", "rise", "row", "yard", "walk"}
    | {"approach", "hollow", "meadow", "meadows", "mount", "fold", "vale", "court", "way"}
    | {"square", "place", "chase", "circus", "spinney", "paddocks", "cottages", "towers"}
)

#: The last word of a building's name written before a street address ("Carlton House").
BUILDINGS = frozenset(
    {"house", "court", "towers", "tower", "building", "buildings", "mansions", "lodge", "point"}
    | {"heights", "hall", "apartments", "block", "chambers", "works", "mill"}
)

#: Words that end a named place that is not a street ("Roundhay Park", "Leeds station").
VENUES = words(
    """
    park station interchange centre center precinct academy school college university library
    market square bridge moor festival club afc fc allotments hospital pub inn tavern hotel
    arms church chapel mosque temple stadium ground arena estate common woods fields field
    rec recreation cemetery shopping mall retail leisure surgery cinema theatre museum gallery
    bar nightclub custody reservoir canal marina airport services corner quay wharf
    """
)

#: Venue words that name a place after almost any word ("Leeds Station", "Oakwood Academy");
#: the others ("club", "park") need a word before them that is a name.
DISTINCT_VENUES = words(
    """
    station interchange precinct academy school college university library hospital stadium
    allotments festival cemetery museum mosque temple arena reservoir airport marina nightclub
    centre center market moor bridge afc fc
    """
)

#: Shops, banks and chains named as places ("the Tesco Express on Otley Road").
CHAINS = words(
    """
    tesco asda boots spar primark mcdonalds mcdonald's lloyds co-op coop aldi lidl sainsburys
    sainsbury's morrisons greggs iceland argos wilko poundland costa starbucks kfc subway
    barclays natwest hsbc santander nationwide wetherspoons wetherspoon's halfords currys
    superdrug waitrose farmfoods b&m h&m matalan sports-direct nandos nando's
    """
)

#: Two-word chains ("jd sports"); the first word is the key.
CHAIN_PAIRS = {
    "jd": "sports",
    "pizza": "express",
    "sports": "direct",
    "marks": "spencer",
    "burger": "king",
    "card": "factory",
}

#: Words a chain's name may carry ("Tesco Extra").
CHAIN_KINDS = frozenset({"extra", "express", "metro", "superstore", "local", "store", "bank"})

#: Words after which a named place follows ("outside", "near").
PLACE_PREPOSITIONS = words(
    """
    at in on outside o/s near by from towards twds to into opposite behind inside within past
    along
    """
)

# -- vehicles ------------------------------------------------------------------------------------

COLOURS = words(
    """
    black white silver grey gray red blue green yellow orange purple brown gold beige maroon
    bronze cream pink turquoise navy burgundy champagne
    """
)

#: Makes of vehicle, each as a tuple of words.
MAKES: tuple[tuple[str, ...], ...] = (
    ("land", "rover"),
    ("range", "rover"),
    ("mercedes", "benz"),
    ("alfa", "romeo"),
    ("aston", "martin"),
    ("rolls", "royce"),
    ("mercedes-benz",),
    ("mercedes",),
    ("merc",),
    ("ford",),
    ("vauxhall",),
    ("vw",),
    ("volkswagen",),
    ("bmw",),
    ("audi",),
    ("toyota",),
    ("nissan",),
    ("honda",),
    ("hyundai",),
    ("kia",),
    ("skoda",),
    ("seat",),
    ("peugeot",),
    ("citroen",),
    ("renault",),
    ("fiat",),
    ("mazda",),
    ("volvo",),
    ("jaguar",),
    ("mini",),
    ("tesla",),
    ("lexus",),
    ("porsche",),
    ("suzuki",),
    ("mitsubishi",),
    ("dacia",),
    ("mg",),
    ("jeep",),
    ("subaru",),
    ("yamaha",),
    ("kawasaki",),
    ("ducati",),
    ("triumph",),
    ("piaggio",),
    ("vespa",),
    ("lambretta",),
    ("iveco",),
    ("man",),
    ("daf",),
    ("scania",),
    ("cupra",),
    ("smart",),
    ("chevrolet",),
    ("chrysler",),
    ("dodge",),
    ("saab",),
    ("rover",),
    ("proton",),
    ("ssangyong",),
    ("isuzu",),
    ("ldv",),
)

#: Makes that are also ordinary words: taken only next to a registration mark or a model.
AMBIGUOUS_MAKES = frozenset({"seat", "mini", "man", "smart", "triumph", "jaguar", "dodge"})

#: Common models and the make each belongs to (for a model named without its make).
MODELS: dict[str, str] = {
    "fiesta": "Ford",
    "focus": "Ford",
    "transit": "Ford",
    "kuga": "Ford",
    "mondeo": "Ford",
    "ka": "Ford",
    "puma": "Ford",
    "ranger": "Ford",
    "corsa": "Vauxhall",
    "astra": "Vauxhall",
    "insignia": "Vauxhall",
    "mokka": "Vauxhall",
    "vivaro": "Vauxhall",
    "golf": "Volkswagen",
    "polo": "Volkswagen",
    "passat": "Volkswagen",
    "tiguan": "Volkswagen",
    "transporter": "Volkswagen",
    "octavia": "Skoda",
    "fabia": "Skoda",
    "superb": "Skoda",
    "qashqai": "Nissan",
    "juke": "Nissan",
    "micra": "Nissan",
    "navara": "Nissan",
    "prius": "Toyota",
    "yaris": "Toyota",
    "corolla": "Toyota",
    "aygo": "Toyota",
    "hilux": "Toyota",
    "civic": "Honda",
    "jazz": "Honda",
    "clio": "Renault",
    "megane": "Renault",
    "sprinter": "Mercedes",
    "picanto": "Kia",
    "sportage": "Kia",
    "ceed": "Kia",
    "tucson": "Hyundai",
    "i10": "Hyundai",
    "i20": "Hyundai",
    "i30": "Hyundai",
    "leon": "Seat",
    "ibiza": "Seat",
    "208": "Peugeot",
    "308": "Peugeot",
    "3008": "Peugeot",
    "berlingo": "Citroen",
    "c3": "Citroen",
    "a1": "Audi",
    "a3": "Audi",
    "a4": "Audi",
    "a6": "Audi",
    "q5": "Audi",
    "q7": "Audi",
    "evoque": "Land Rover",
    "discovery": "Land Rover",
    "defender": "Land Rover",
}

#: Vehicle kinds, reported as a vehicle's ``kind`` when written near its mark.
VEHICLE_KINDS = frozenset(
    {"car", "van", "moped", "motorbike", "motorcycle", "scooter", "e-scooter", "taxi", "lorry"}
    | {"hgv", "pickup", "truck", "minibus", "bus", "coach", "jeep", "4x4", "suv", "hatchback"}
    | {"estate", "saloon", "convertible", "caravan", "trailer", "tractor"}
)

# -- weapons -------------------------------------------------------------------------------------

#: Objects that are weapons wherever they are named (each a tuple of words, longest first).
WEAPONS: tuple[tuple[str, ...], ...] = (
    ("baseball", "bat"),
    ("cricket", "bat"),
    ("kitchen", "knife"),
    ("lock", "knife"),
    ("flick", "knife"),
    ("stanley", "knife"),
    ("carving", "knife"),
    ("bread", "knife"),
    ("hunting", "knife"),
    ("butterfly", "knife"),
    ("pen", "knife"),
    ("zombie", "knife"),
    ("samurai", "sword"),
    ("extendable", "baton"),
    ("telescopic", "baton"),
    ("knuckle", "duster"),
    ("iron", "bar"),
    ("metal", "bar"),
    ("metal", "pole"),
    ("claw", "hammer"),
    ("pool", "cue"),
    ("snooker", "cue"),
    ("golf", "club"),
    ("air", "rifle"),
    ("air", "pistol"),
    ("bb", "gun"),
    ("stun", "gun"),
    ("imitation", "firearm"),
    ("sawn-off", "shotgun"),
    ("noxious", "substance"),
    ("corrosive", "substance"),
    ("pepper", "spray"),
    ("cs", "spray"),
    ("knife",),
    ("knives",),
    ("bladed", "article"),
    ("machete",),
    ("machetes",),
    ("hammer",),
    ("screwdriver",),
    ("knuckleduster",),
    ("knuckledusters",),
    ("crowbar",),
    ("baton",),
    ("cosh",),
    ("axe",),
    ("hatchet",),
    ("sword",),
    ("dagger",),
    ("firearm",),
    ("gun",),
    ("handgun",),
    ("pistol",),
    ("revolver",),
    ("shotgun",),
    ("rifle",),
    ("crossbow",),
    ("taser",),
    ("acid",),
    ("bat",),
    ("wrench",),
    ("spanner",),
    ("meat", "cleaver"),
    ("cleaver",),
    ("nunchucks",),
    ("catapult",),
)

#: Objects that are weapons only when used or carried as one ("hit him with a bottle").
IMPROVISED_WEAPONS: tuple[tuple[str, ...], ...] = (
    ("stiletto", "shoe"),
    ("pair", "of", "scissors"),
    ("broken", "bottle"),
    ("glass", "bottle"),
    ("pint", "glass"),
    ("scissors",),
    ("bottle",),
    ("glass",),
    ("brick",),
    ("stone",),
    ("rock",),
    ("chair",),
    ("stool",),
    ("cue",),
    ("pole",),
    ("stick",),
    ("plank",),
    ("shovel",),
    ("spade",),
    ("belt",),
    ("chain",),
    ("padlock",),
    ("key",),
    ("keys",),
    ("shoe",),
    ("boot",),
    ("mug",),
    ("ashtray",),
    ("tyre", "iron"),
    ("wheel", "brace"),
    ("fire", "extinguisher"),
)

#: Words around an object that say it was used or carried as a weapon.
WEAPON_CONTEXT = words(
    """
    with using used use armed brandishing brandished produced wielding wielded waving waved
    holding held carrying carried hit hitting struck strike striking stabbed slashed attacked
    swung swinging possession
    """
)

# -- the English lexicon -------------------------------------------------------------------------

_LEXICON_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""))
_LEXICON_SUFFIXES += (("ing", "e"), ("ied", "y"), ("ly", ""), ("er", ""), ("ers", ""))


class Lexicon:
    """Ordinary English words (from the tagger's lemmatiser tables) and the name lists."""

    def __init__(
        self, words: frozenset[str], verbs: frozenset[str], verb_forms: frozenset[str]
    ) -> None:
        self.words = words
        self.verbs = verbs
        #: Irregular verb forms ("stolen", "took", "seen").
        self.verb_forms = verb_forms
        self.given = given_names()
        self.family = surnames()

    def is_word(self, word: str) -> bool:
        """True for an ordinary English word, or an inflection of one."""
        lower = word.lower()
        if lower in self.words or lower in STOP_WORDS:
            return True
        return any(
            lower.endswith(suffix) and lower[: -len(suffix)] + ending in self.words
            for suffix, ending in _LEXICON_SUFFIXES
            if len(lower) > len(suffix) + 2
        )

    def is_inflected_verb(self, word: str) -> bool:
        """True for a verb form such as "states", "looked", "running" (not a family name)."""
        lower = word.lower()
        if lower in self.family:
            return False
        if lower in self.verb_forms:
            return True
        inflections = (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ied", "y"))
        for suffix, ending in (*inflections, ("ies", "y"), ("ing", "e")):
            if lower.endswith(suffix) and lower[: -len(suffix)] + ending in self.verbs:
                return True
        return lower.endswith(("ing", "ed")) and self.is_word(lower)

    def name_like(self, word: str) -> bool:
        """True for a word that may be part of a name: a known name, or no English word."""
        lower = word.lower()
        if lower in STOP_WORDS or lower in JARGON or not word[:1].isalpha():
            return False
        return lower in self.given or lower in self.family or not self.is_word(lower)
