"""What the words around a field say about it: a person's role, date of birth, age and
address; a vehicle's make, model and colour."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policeai.plugins.record_entry import lexicon as lx

if TYPE_CHECKING:
    from policeai.plugins.record_entry.extract import Candidate, Narrative

#: Canonical names of makes, by the words that name them.
MAKE_NAMES = {
    "vw": "Volkswagen",
    "volkswagen": "Volkswagen",
    "merc": "Mercedes-Benz",
    "mercedes": "Mercedes-Benz",
    "mercedes-benz": "Mercedes-Benz",
    "mercedes benz": "Mercedes-Benz",
    "bmw": "BMW",
    "mg": "MG",
    "ldv": "LDV",
    "daf": "DAF",
    "man": "MAN",
    "land rover": "Land Rover",
    "range rover": "Land Rover",
    "alfa romeo": "Alfa Romeo",
    "aston martin": "Aston Martin",
    "rolls royce": "Rolls-Royce",
    "citroen": "Citroën",
}
_SUSPECT_AFTER = re.compile(
    r"^[^.;\n]{0,60}?\b(?:was\s+|been\s+|is\s+)?(?:arrested|detained|charged|cautioned|"
    r"made\s+off|ran\s+off|decamped|threw|punched|kicked|stabbed|hit\s+(?:me|him|her))\b",
    re.IGNORECASE,
)
_AUTHOR_CUES = (("my", "name", "is"), ("my", "name's"), ("i", "am"), ("i'm",), ("i", ","))
_VICTIM_SIGNS = re.compile(
    r"\b(?:punched|kicked|hit|struck|attacked|assaulted|threatened|robbed|grabbed|pushed|"
    r"spat\s+at|followed|messaging|harass\w*|abuse\s+at|stole|took|scratched|slashed)\b"
    r"[^.]{0,40}\b(?:me|my)\b"
    r"|\bmy\b[^.]{0,60}\b(?:stolen|taken|gone|smashed|damaged|broken|forced|slashed|cut|"
    r"kicking|missing|never\s+arrived|scratched)\b"
    r"|\b(?:i\s+was|i've\s+been|i\s+have\s+been)\s+(?:punched|hit|assaulted|attacked|robbed|"
    r"threatened|followed|kicked|mugged|stabbed|scammed|defrauded)\b"
    r"|\b(?:me|my)\b[^.]{0,30}\b(?:surrounded|punched|kicked|hit)\b"
    r"|\bpayments?\s+i\s+didn't\s+make\b",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(
    r"^[\s,(]{0,3}(?:aged?\s+)?(\d{1,3})\s?(?:yrs|yr|years?(?:\s+old)?|y/?o)\b"
    r"|^[\s,]{0,2}\((\d{1,3})\)"
    r"|^[\s,]{0,2}aged?\s+(\d{1,3})\b",
    re.IGNORECASE,
)
_ADDRESS_GLUE = frozenset(
    {",", "of", "at", "from", "address", "lives", "live", "living", "who", "resides", "home"}
    | {"next", "door", "in", "and", "i", "is", "was", "address:", ":"}
)
_AUTHOR_ADDRESS = re.compile(
    r"\b(?:i\s+live\s+(?:at|in)|my\s+address\s+is|my\s+home\s+(?:at|is)|i\s+reside\s+at|"
    r"outside\s+my\s+home\s+at)\s*$",
    re.IGNORECASE,
)
_AUTHOR_DOB = re.compile(
    r"\b(?:i\s+was\s+born(?:\s+on)?|my\s+(?:date\s+of\s+birth|dob|d\.o\.b\.?)\s*(?:is)?)\W*$",
    re.IGNORECASE,
)


def fill_in(doc: Narrative, fields: list[Candidate]) -> None:
    """Give people their roles and details, and vehicles theirs, from the words around them."""
    persons = [f for f in fields if f.label == "PERSON"]
    author = next((p for p in persons if _cue_before(doc, p, persons) == "author"), None)
    for person in persons:
        person.role = _role(doc, person, persons)
        age = _AGE_AFTER.match(doc.text[person.end : person.end + 20])
        if age:
            person.attributes["age"] = next(g for g in age.groups() if g)
    _link_dobs(doc, fields, persons, author)
    _link_addresses(doc, fields, persons, author)
    for vehicle in (f for f in fields if f.label == "VRM"):
        vehicle.attributes.update(vehicle_details(doc, vehicle, fields))


def _first_token(doc: Narrative, field: Candidate) -> int:
    found = doc.token_starting(field.start)
    return found if found is not None else doc.index_at_or_after(field.start)


_RELATIONS = frozenset(
    {"partner", "ex", "husband", "wife", "boyfriend", "girlfriend", "son", "daughter", "mum"}
    | {"mother", "dad", "father", "brother", "sister", "friend", "neighbour", "colleague"}
)


def _cue_before(doc: Narrative, person: Candidate, persons: list[Candidate]) -> str | None:
    """The role the words just before a name give: "author" for "my name is", "I'm"."""
    i = _first_token(doc, person)
    for words in _AUTHOR_CUES:
        n = len(words)
        if all(doc.lower(i - n + k) == w for k, w in enumerate(words)):
            return "author"
    others = [p for p in persons if p is not person]
    related = False
    for back in range(1, 5):
        k = i - back
        if k < 0 or doc.tokens[k].text in {".", ";", "!", "?"} or doc.lower(k) == "and":
            return None
        if any(o.start <= doc.tokens[k].start < o.end for o in others):
            return None
        lower = doc.lower(k)
        cue = lx.ROLE_CUES.get(lower)
        if (doc.lower(k - 1), lower) == ("injured", "party"):
            cue = "victim"
        if (doc.lower(k - 1), lower) == ("reporting", "person"):
            cue = "reporter"
        if cue:
            # "caller states husband X": X is not the caller; "caller is wife X": X is.
            return cue if not related or doc.lower(k + 1) in {"is", "was"} else None
        if lower in _RELATIONS:
            related = True
    return None


def _role(doc: Narrative, person: Candidate, persons: list[Candidate]) -> str:
    cue = _cue_before(doc, person, persons)
    if cue == "author":
        return "victim" if _VICTIM_SIGNS.search(doc.text) else "witness"
    if cue:
        return cue
    if _SUSPECT_AFTER.match(doc.text[person.end : person.end + 80]):
        return "suspect"
    return "other"


def _link_dobs(
    doc: Narrative, fields: list[Candidate], persons: list[Candidate], author: Candidate | None
) -> None:
    for dob in (f for f in fields if f.label == "DOB"):
        owner = None
        if author is not None and _AUTHOR_DOB.search(doc.text[max(0, dob.start - 40) : dob.start]):
            owner = author
        else:
            before = [p for p in persons if p.end <= dob.start]
            if before:
                nearest = before[-1]
                start_token = doc.token_ending(nearest.end) or 0
                dob_token = _first_token(doc, dob)
                close = dob_token - start_token <= 12
                same_sentence = close and not doc.breaks_between(start_token, dob_token)
                if same_sentence or dob.start - nearest.end <= 60:
                    owner = nearest
        if owner is not None and "dob" not in owner.attributes:
            owner.attributes["dob"] = dob.value


def _link_addresses(
    doc: Narrative, fields: list[Candidate], persons: list[Candidate], author: Candidate | None
) -> None:
    ordered = sorted(fields, key=lambda f: f.start)
    for address in (f for f in ordered if f.label == "ADDRESS"):
        value = address.value
        following = next((f for f in ordered if f.start >= address.end), None)
        if (
            following is not None
            and following.label == "POSTCODE"
            and re.fullmatch(r"[\s,]*", doc.text[address.end : following.start])
        ):
            value = f"{value}, {following.value}"
        owner = None
        if author is not None and _AUTHOR_ADDRESS.search(
            doc.text[max(0, address.start - 30) : address.start]
        ):
            owner = author
        else:
            owner = _person_just_before(doc, address, ordered)
        if owner is not None and "address" not in owner.attributes:
            owner.attributes["address"] = value


def _person_just_before(
    doc: Narrative, address: Candidate, ordered: list[Candidate]
) -> Candidate | None:
    """The person named just before an address, with only linking words or their date of
    birth, age or telephone number between."""
    before = [f for f in ordered if f.end <= address.start]
    for field in reversed(before):
        if field.label == "PERSON":
            gap = doc.text[field.end : address.start]
            words = re.findall(r"[\w']+|[,:]", gap.lower())
            if len(words) <= 8 and all(
                w in _ADDRESS_GLUE or re.fullmatch(r"\d+(?:yrs|yr)?", w) for w in words
            ):
                return field
            return None
        if field.label not in {"DOB", "PHONE", "EMAIL", "NINO"}:
            return None
    return None


# -- vehicles ------------------------------------------------------------------------------------

_MODEL_WORD = re.compile(r"[a-z]?\d+[a-z]*|[a-z]\d*|[a-z][a-z\-]+")
_MODEL_STOP = frozenset(
    {"reg", "registration", "vrm", "index", "which", "that", "with", "parked", "stolen"}
    | {"was", "is", "has", "had", "from", "on", "in", "at", "outside", "and", "the", "driven"}
    | {"being", "seen", "left", "drove", "made", "off", "registered", "plate", "no", "number"}
)


def vehicle_details(doc: Narrative, vehicle: Candidate, fields: list[Candidate]) -> dict[str, str]:
    """The make, model and colour written within a few words of a registration mark."""
    first = _first_token(doc, vehicle)
    last = doc.token_ending(vehicle.end)
    last = first if last is None else last
    others = [f for f in fields if f is not vehicle and f.label in {"VRM", "PERSON", "ADDRESS"}]

    def blocked(k: int) -> bool:
        token = doc.tokens[k]
        return token.text in {".", ";", "!", "?"} or any(
            o.start <= token.start < o.end for o in others
        )

    window: list[int] = []
    for k in range(first - 1, max(-1, first - 8), -1):
        if blocked(k):
            break
        window.insert(0, k)
    after: list[int] = []
    for k in range(last + 1, min(len(doc.tokens), last + 6)):
        if blocked(k):
            break
        after.append(k)
    details = _describe(doc, window) or _describe(doc, after)
    if "colour" not in details:
        for k in window[::-1] + after:
            if doc.lower(k) in lx.COLOURS:
                details["colour"] = "Grey" if doc.lower(k) == "gray" else doc.lower(k).title()
                break
    return details


def _describe(doc: Narrative, indices: list[int]) -> dict[str, str]:
    details: dict[str, str] = {}
    n = 0
    while n < len(indices):
        k = indices[n]
        lower = doc.lower(k)
        make = next(
            (
                m
                for m in lx.MAKES
                if all(
                    n + j < len(indices) and doc.lower(indices[n + j]) == w for j, w in enumerate(m)
                )
            ),
            None,
        )
        if make and (make[0] not in lx.AMBIGUOUS_MAKES or details or n + len(make) < len(indices)):
            name = " ".join(make)
            details["make"] = MAKE_NAMES.get(name, name.title())
            model_words = [name.title()] if name == "range rover" else []
            m = n + len(make)
            while m < len(indices) and len(model_words) < 3:
                word = doc.lower(indices[m])
                if word in _MODEL_STOP or word in lx.COLOURS or not _MODEL_WORD.fullmatch(word):
                    break
                if word in lx.JARGON and word not in {"estate"}:
                    break
                model_words.append(_model_case(doc.tokens[indices[m]].text))
                m += 1
            if model_words:
                details["model"] = " ".join(model_words)
            break
        if lower in lx.MODELS and "model" not in details:
            details["model"] = _model_case(doc.tokens[k].text)
            details["make"] = lx.MODELS[lower]
        n += 1
    return details


def _model_case(word: str) -> str:
    if any(c.isdigit() for c in word) or len(word) <= 2:
        return word.upper()
    return word.title() if word.isupper() or word.islower() else word
