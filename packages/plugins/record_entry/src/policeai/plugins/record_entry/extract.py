"""Proposing crime-record fields from one narrative: the rules, the tagger and how they combine.

The narrative is read three ways: UK identifier patterns (postcodes, registration marks,
telephone numbers, e-mail addresses, National Insurance numbers, money) on the text as written;
word rules (titles, names after "caller", "ip" or "my name is", house numbers before a street,
weapons, named places) over its words; and spaCy's tagger for names, places and dates. Notes
written in capitals or all in lower case defeat the small tagger, so it reads a case-restored
copy of the text with the same offsets: abbreviations in capitals, ordinary English words in
lower case, and names and other words it does not know with a capital.

Overlapping proposals are settled by confidence (an e-mail address beats a name inside it);
then each person gets the role the words before the name suggest, and the date of birth, age
and address written with the name; each vehicle the make, model and colour written with its
registration mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

import phonenumbers
import spacy
from spacy.lang.en.stop_words import STOP_WORDS

from policeai.core.cases.identifiers import (
    InvalidIdentifierError,
    normalise_email,
    normalise_nino,
    normalise_postcode,
    normalise_vrm,
)
from policeai.plugins.record_entry import MODEL
from policeai.plugins.record_entry import lexicon as lx
from policeai.plugins.record_entry.attributes import fill_in
from policeai.plugins.record_entry.times import (
    HEDGE,
    MONTHS,
    UK,
    WEEKDAYS,
    find_times,
    resolve_time,
)

#: Which label wins when two proposals of equal confidence overlap (earlier wins).
LABEL_ORDER = (
    "EMAIL",
    "NINO",
    "POSTCODE",
    "PHONE",
    "VRM",
    "DOB",
    "PROPERTY_VALUE",
    "ADDRESS",
    "DATETIME",
    "PERSON",
    "WEAPON",
    "LOCATION",
)


@cache
def nlp() -> Any:
    """The spaCy pipeline, loaded once per process."""
    return spacy.load(MODEL)


@cache
def lexicon() -> lx.Lexicon:
    """Ordinary English words from the tagger's lemmatiser tables, and the name lists."""
    lookups = nlp().get_pipe("lemmatizer").lookups
    index = lookups.get_table("lemma_index")
    exceptions = lookups.get_table("lemma_exc")
    words: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        words.update(w for w in index.get(pos, ()) if "_" not in w)
        words.update(w for w in exceptions.get(pos, {}) if "_" not in w)
    verbs = frozenset(w for w in index.get("verb", ()) if "_" not in w)
    verb_forms = frozenset(w for w in exceptions.get("verb", {}) if "_" not in w)
    return lx.Lexicon(frozenset(words), verbs, verb_forms)


# -- the document --------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9][\w'\u2019@.&/\-]*[A-Za-z0-9]|[A-Za-z0-9]|[^\sA-Za-z0-9]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019\-]*")
_HOUSE_NUMBER = re.compile(r"\d{1,4}[a-z]?", re.IGNORECASE)
_SENTENCE_END = {".", "!", "?", ";", "\n"}
MONTH_WORDS = frozenset(MONTHS) | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept"}
MONTH_WORDS |= {"oct", "nov", "dec"}
DAY_WORDS = frozenset(WEEKDAYS) | {"mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun"}
_NUMBER_UNITS = lx.words(
    """
    mins min minutes hours hrs hr days weeks months years yrs year males females men women
    people youths lads times texts msgs messages calls pairs inch inches plants wraps bedrooms
    windows tyres pounds quid cars persons officers seconds secs metres miles feet ft percent
    """
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("\u2019", "'")

    @property
    def is_word(self) -> bool:
        return bool(_WORD.fullmatch(self.text))

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


class Narrative:
    """One narrative: its text, style of writing, words and the tagger's reading of it."""

    def __init__(self, text: str, report_time: datetime) -> None:
        self.text = text
        self.report_time = report_time
        self.lex = lexicon()
        self.tokens = [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.style = text_style(text)
        self.restored = restore_case(text, self.tokens, self.style, self.lex)
        self.spacy = nlp()(self.restored)
        self._starts = {t.start: i for i, t in enumerate(self.tokens)}
        self._ends = {t.end: i for i, t in enumerate(self.tokens)}

    def token_starting(self, char: int) -> int | None:
        return self._starts.get(char)

    def token_ending(self, char: int) -> int | None:
        return self._ends.get(char)

    def index_at_or_after(self, char: int) -> int:
        return next((i for i, t in enumerate(self.tokens) if t.start >= char), len(self.tokens))

    def lower(self, i: int) -> str:
        return self.tokens[i].lower if 0 <= i < len(self.tokens) else ""

    def breaks_between(self, i: int, j: int) -> bool:
        """True when a sentence ends between tokens i and j (or a line does)."""
        lo, hi = min(i, j), max(i, j)
        if "\n" in self.text[self.tokens[lo].end : self.tokens[hi].start]:
            return True
        return any(self.tokens[k].text in _SENTENCE_END for k in range(lo + 1, hi))

    def sentence_initial(self, i: int) -> bool:
        return i == 0 or self.tokens[i - 1].text in _SENTENCE_END

    def capital_ok(self, i: int) -> bool:
        """In mixed-case text a name or place is capitalised; in capitals or lower case any."""
        return self.style != "mixed" or self.tokens[i].capitalised


def text_style(text: str) -> str:
    """``upper`` (capitals), ``lower`` (no capitals to speak of) or ``mixed``."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "mixed"
    upper = sum(c.isupper() for c in letters) / len(letters)
    if upper > 0.6:
        return "upper"
    capitalised = len(re.findall(r"(?<![\w'])[A-Z][a-z]", text))
    words = max(1, len(re.findall(r"[A-Za-z]+", text)))
    return "lower" if capitalised / words < 0.03 else "mixed"


def _title(word: str) -> str:
    """ "o'brien" -> "O'Brien", "mcallister" -> "McAllister", "desai-hughes" -> "Desai-Hughes"."""
    titled = re.sub(r"(^|[\-'\u2019])([a-z])", lambda m: m[1] + m[2].upper(), word.lower())
    return re.sub(r"^Mc([a-z])", lambda m: "Mc" + m[1].upper(), titled)


def restore_case(text: str, tokens: list[Token], style: str, lex: lx.Lexicon) -> str:
    """A copy of ``text`` of the same length with capitals where names would have them:
    abbreviations in capitals, ordinary words in lower case, names and unknown words with a
    capital (a given name that is also a word, such as "Mark", only beside another name)."""
    chars = list(text)

    def namey(k: int) -> bool:
        if not 0 <= k < len(tokens) or not tokens[k].is_word:
            return False
        lower = tokens[k].lower
        return lex.name_like(lower) and (lower in lex.given or not lex.is_word(lower))

    for k, token in enumerate(tokens):
        if not token.is_word:
            continue
        word = token.text
        if style == "mixed" and not (word.isupper() and len(word) >= 3):
            continue
        lower = token.lower
        if lower in lx.ABBREVIATIONS:
            new = word.upper()
        elif lower == "i":
            new = "I"
        elif lower in STOP_WORDS or lower in lx.JARGON:
            new = word.lower()
        elif not lex.is_word(lower) or (lower in lex.given and (namey(k - 1) or namey(k + 1))):
            new = _title(word)
        else:
            new = word.lower()
        chars[token.start : token.end] = list(new)
    return "".join(chars)


# -- proposals -----------------------------------------------------------------------------------


@dataclass
class Candidate:
    label: str
    start: int
    end: int
    value: str
    confidence: float
    role: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    rule: str = ""

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum() and text[start] not in "£+":
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


# -- identifiers ---------------------------------------------------------------------------------

_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_NINO = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|GIR\s?0AA)\b(?!['\u2019]s)", re.IGNORECASE
)
_PHONE = re.compile(
    r"(?<![\w£/.,+])(?:\+\d{1,3}[\s\-]?(?:\(0\)[\s\-]?)?|\(0|0)\d{1,4}\)?(?:[\s\-]?\d{2,5}){1,4}"
    r"(?![\w/])"
)
_PHONE_CUE = re.compile(
    r"\b(?:tel|telephone|phone|mob|mobile|contact|number|call\s+back|ring|on)\W*$", re.IGNORECASE
)
_VRM_STYLES = (
    ("current", re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b", re.IGNORECASE), 0.9),
    ("prefix", re.compile(r"\b[A-Z]\d{1,3}\s?[A-Z]{3}\b", re.IGNORECASE), 0.8),
    ("suffix", re.compile(r"\b[A-Z]{3}\s?\d{1,3}[A-Z]\b", re.IGNORECASE), 0.75),
)
_VRM_CUE = re.compile(r"\b(?:reg|registration|vrm|index|plate|plates|reg\.? no)\W*$", re.I)
_ACTS = frozenset({"mda", "cja", "poa", "pca", "fca", "sopa", "raa", "pha", "cda", "ppa"})
_MONEY = re.compile(
    r"(?:\b(?P<hedge>" + HEDGE + r"|over|under|est\.?|estimated)\s+)?"
    r"(?:£\s?(?P<amount>\d{1,3}(?:,\d{3})+|\d+)(?P<pence>\.\d{2})?(?P<k>k|m)?\b"
    r"|\b(?P<amount2>\d{1,3}(?:,\d{3})+|\d+)(?P<pence2>\.\d{2})?\s?(?:pounds|quid|gbp)\b)",
    re.IGNORECASE,
)


def identifier_candidates(doc: Narrative) -> Iterator[Candidate]:
    text = doc.text
    for m in _EMAIL.finditer(text):
        start, end = _strip_span(text, m.start(), m.end())
        raw = text[start:end]
        try:
            value = normalise_email(raw)
        except InvalidIdentifierError:
            continue
        yield Candidate("EMAIL", start, end, value, 0.97, rule="email")
    for m in _NINO.finditer(text):
        compact = re.sub(r"\s", "", m.group()).upper()
        try:
            value, confidence = normalise_nino(compact), 0.95
        except InvalidIdentifierError:
            # The prefix QQ and others never issued still read as a number written down.
            value, confidence = compact, 0.85
        yield Candidate("NINO", m.start(), m.end(), value, confidence, rule="nino")
    for m in _POSTCODE.finditer(text):
        after = text[m.end() : m.end() + 12].lower().split()
        inward = m.group()[-3:].lower()
        if inward[1:] in {"st", "nd", "rd", "th"} and after and after[0] in MONTH_WORDS:
            continue
        try:
            value = normalise_postcode(m.group())
        except InvalidIdentifierError:
            continue
        yield Candidate("POSTCODE", m.start(), m.end(), value, 0.95, rule="postcode")
    yield from _phones(doc)
    yield from _vrms(doc)
    for m in _MONEY.finditer(text):
        amount = (m["amount"] or m["amount2"]).replace(",", "")
        pence = m["pence"] or m["pence2"] or ".00"
        number = float(amount + pence)
        if m["k"]:
            number *= 1000 if m["k"].lower() == "k" else 1_000_000
        attributes = {"amount": f"{number:.2f}", "currency": "GBP"}
        if m["hedge"]:
            attributes["approximate"] = "yes"
        yield Candidate(
            "PROPERTY_VALUE",
            m.start(),
            m.end(),
            f"GBP {number:.2f}",
            0.85,
            attributes=attributes,
            rule="money",
        )


def _phones(doc: Narrative) -> Iterator[Candidate]:
    text = doc.text
    for m in _PHONE.finditer(text):
        start, end = m.start(), m.end()
        raw = m.group()
        # Drop trailing groups until the number has at most 12 digits (not counting +44).
        while True:
            digits = re.sub(r"\D", "", raw)
            national = digits[2:] if raw.startswith("+44") else digits
            if len(national) <= 12 or not re.search(r"[\s\-]\d+$", raw):
                break
            raw = re.sub(r"[\s\-]\d+$", "", raw)
        end = start + len(raw)
        if raw.startswith("+") and not raw.startswith("+44"):
            national = re.sub(r"\D", "", raw)
            if len(national) < 8:
                continue
        elif not 9 <= len(national) <= 12:
            continue
        if re.match(r"\s?(?:hrs|hours|am|pm)\b", text[end : end + 5], re.IGNORECASE):
            continue
        try:
            number = phonenumbers.parse(raw, "GB")
        except phonenumbers.NumberParseException:
            continue
        value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        cue = bool(_PHONE_CUE.search(text[max(0, start - 20) : start]))
        possible = phonenumbers.is_possible_number(number)
        confidence = 0.95 if cue and possible else 0.85 if cue or possible else 0.7
        yield Candidate("PHONE", start, end, value, confidence, rule="phone")


def _vrms(doc: Narrative) -> Iterator[Candidate]:
    text = doc.text
    seen: set[tuple[int, int]] = set()
    for style, pattern, base in _VRM_STYLES:
        for m in pattern.finditer(text):
            if (m.start(), m.end()) in seen:
                continue
            letters = re.findall(r"[A-Za-z]+", m.group())
            if style == "prefix" and letters[-1].lower() in _ACTS | lx.JARGON:
                continue
            before = text[max(0, m.start() - 25) : m.start()]
            cue = bool(_VRM_CUE.search(before))
            near_vehicle = _vehicle_words_near(doc, m.start(), m.end())
            if style != "current":
                word = letters[-1] if style == "prefix" else letters[0]
                common = doc.lex.is_word(word.lower()) or word.lower() in STOP_WORDS
                if common and not (cue or near_vehicle):
                    continue
                if re.search(r"\bs\.?$|\bsection\s*$", before, re.IGNORECASE):
                    continue
            confidence = min(0.97, base + (0.07 if cue or near_vehicle else 0.0))
            seen.add((m.start(), m.end()))
            yield Candidate(
                "VRM", m.start(), m.end(), normalise_vrm(m.group()).value, confidence, rule=style
            )


def _vehicle_words_near(doc: Narrative, start: int, end: int) -> bool:
    window = doc.text[max(0, start - 40) : end + 30].lower()
    words = set(re.findall(r"[a-z][a-z\-]*", window))
    makes = {m[0] for m in lx.MAKES}
    return bool(words & (makes | set(lx.MODELS) | lx.VEHICLE_KINDS | {"veh", "reg", "vehicle"}))


# -- dates of birth and times --------------------------------------------------------------------

_MONTH_RE = "|".join(MONTHS) + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_FULL_DATE = re.compile(
    r"\b(?:(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>" + _MONTH_RE + r")\.?,?\s+(?P<y2>\d{4})"
    r"|(?P<m3>" + _MONTH_RE + r")\s+(?P<d3>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{4}))\b",
    re.IGNORECASE,
)
_DOB_CUE = re.compile(
    r"(?:\bdob|\bd\.o\.b\.?|date\s+of\s+birth|\bborn(?:\s+on)?|\bbirthday|\bb\.)"
    r"(?:\s+(?:is|was|of|as|given\s+as))?[\s:\-,(]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateFound:
    start: int
    end: int
    day: date | None
    cue: bool


def _month_number(word: str) -> int:
    word = word.lower()[:3]
    return next(i for i, m in enumerate(MONTHS, start=1) if m.startswith(word))


def full_dates(doc: Narrative) -> list[DateFound]:
    """Dates written with a year, with whether a date-of-birth cue comes before."""
    found = []
    report_year = doc.report_time.astimezone(UK).year
    for m in _FULL_DATE.finditer(doc.text):
        try:
            if m["d"]:
                year = int(m["y"])
                if len(m["y"]) == 2:
                    year += 2000 if 2000 + year <= report_year else 1900
                day = date(year, int(m["m"]), int(m["d"]))
            elif m["d2"]:
                day = date(int(m["y2"]), _month_number(m["m2"]), int(m["d2"]))
            else:
                day = date(int(m["y3"]), _month_number(m["m3"]), int(m["d3"]))
        except ValueError:
            day = None
        before = doc.text[max(0, m.start() - 40) : m.start()]
        found.append(DateFound(m.start(), m.end(), day, bool(_DOB_CUE.search(before))))
    return found


def time_candidates(doc: Narrative) -> Iterator[Candidate]:
    for phrase in find_times(doc.text):
        resolved = resolve_time(phrase.text, doc.report_time)
        if resolved.precision == "unresolved" and not re.search(r"[A-Za-z]", phrase.text):
            continue  # digits that read as no date ("40-47-84" is a sort code)
        confidence = 0.8 if resolved.precision != "unresolved" else 0.65
        yield Candidate(
            "DATETIME",
            phrase.start,
            phrase.end,
            resolved.value,
            confidence,
            attributes={"precision": resolved.precision},
            rule="time",
        )


def dob_candidates(doc: Narrative, persons: list[Candidate]) -> Iterator[Candidate]:
    report_day = doc.report_time.astimezone(UK).date()
    person_ends = {p.end for p in persons}
    for found in full_dates(doc):
        if found.day is None or found.day > report_day:
            continue
        after_name = any(
            found.start - end <= 3 and re.fullmatch(r"[\s,(]*", doc.text[end : found.start])
            for end in person_ends
            if end <= found.start
        )
        old = (report_day - found.day).days > 365 * 10
        if not (found.cue or after_name or old):
            continue
        confidence = 0.95 if found.cue else 0.85 if after_name else 0.7
        yield Candidate(
            "DOB", found.start, found.end, found.day.isoformat(), confidence, rule="dob"
        )


# -- people --------------------------------------------------------------------------------------

_CUE_PHRASES: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("my", "name", "is"), "author"),
    (("my", "name's"), "author"),
    (("i", "am"), "author"),
    (("i'm",), "author"),
    (("i", ","), "author"),
    (("this", "is"), None),
    (("name", "is"), None),
    (("name", "as"), None),
    (("names", "as"), None),
    (("known", "as"), None),
    (("know", "him", "as"), None),
    (("know", "her", "as"), None),
    (("called", "him"), None),
    (("called", "her"), None),
    (("call", "him"), None),
    (("call", "her"), None),
    (("calls", "himself"), None),
    (("calls", "herself"), None),
    (("called", "himself"), None),
    (("called", "herself"), None),
    (("named",), None),
    (("injured", "party"), "victim"),
    (("reporting", "person"), "reporter"),
    (("door", "staff"), "witness"),
)


def _name_word(doc: Narrative, i: int, *, strict: bool = True, after_title: bool = False) -> bool:
    """Whether token i may be part of a person's name. In capitals or lower case, a
    ``strict`` word must be a known name or no English word; any other must at least not be
    a verb form."""
    if not 0 <= i < len(doc.tokens):
        return False
    token = doc.tokens[i]
    lower = token.lower
    if not token.is_word or len(lower) < 2:
        return False
    excluded = (
        lower in STOP_WORDS
        or lower in lx.JARGON
        or lower in lx.RANKS
        or lower in lx.TITLES
        or lower in lx.ROLE_CUES
        or lower in lx.NAME_CUES
        or lower in MONTH_WORDS
        or lower in DAY_WORDS
        or lower in lx.STREET_SUFFIXES
        or lower in lx.VENUES
        or lower in lx.CHAINS
        or (lower in lx.COLOURS and not after_title and doc.style != "mixed")
        or lower in _PLACE_MODIFIERS
        or lower in lx.MODELS
        or any(make == (lower,) for make in lx.MAKES)
    )
    if excluded:
        return False
    if doc.style == "mixed":
        return token.capitalised and not (
            doc.sentence_initial(i) and doc.lex.is_word(lower) and lower not in doc.lex.given
        )
    if doc.lex.is_inflected_verb(lower):
        return False
    return doc.lex.name_like(lower) or not strict or after_title


def _take_names(doc: Narrative, i: int, most: int = 3) -> int:
    """How many name words start at token i (at most ``most``): the first a known name or
    no English word, the rest any word that may be in a name after it."""
    n = 0
    while n < most and _name_word(doc, i + n, strict=n == 0):
        n += 1
    return n


def _cue_end(doc: Narrative, i: int) -> tuple[int, str | None] | None:
    """If a cue phrase starts at token i: the index after it and the role it suggests."""
    for words, role in _CUE_PHRASES:
        if all(doc.lower(i + k) == w for k, w in enumerate(words)):
            return i + len(words), role
    lower = doc.lower(i)
    if lower in lx.ROLE_CUES:
        return i + 1, lx.ROLE_CUES[lower]
    if lower in lx.NAME_CUES and lower not in {"as", "name", "called", "named"}:
        return i + 1, None
    return None


def person_candidates(doc: Narrative) -> list[Candidate]:
    found: list[Candidate] = []
    tokens = doc.tokens

    def add(first: int, count: int, confidence: float, rule: str) -> None:
        last = first + count - 1
        start, end = tokens[first].start, tokens[last].end
        found.append(Candidate("PERSON", start, end, "", confidence, rule=rule))

    for i, token in enumerate(tokens):
        lower = token.lower.rstrip(".")
        # A title and the name after it: "MRS JOAN WHITFIELD", "Mr Patel".
        if lower in lx.TITLES and doc.capital_ok(i):
            j = i + 1 + (doc.lower(i + 1) == ".")
            n = 0
            while n < 3 and _name_word(doc, j + n, strict=False, after_title=n == 0):
                n += 1
            if n:
                add(i, j - i + n, 0.9, "title")
            continue
        cue = _cue_end(doc, i)
        if cue:
            j = cue[0]
            while doc.lower(j) in lx.RANKS or doc.lower(j) == ",":
                j += 1
            n = _take_names(doc, j)
            if n:
                add(j, n, 0.85, "cue")
        # A known given name and the family name after it.
        if lower in doc.lex.given and _name_word(doc, i):
            n = 1
            while n < 3 and _name_word(doc, i + n, strict=doc.lex.is_word(lower)):
                n += 1
            alone_ok = not doc.lex.is_word(lower) and (
                doc.style == "mixed" or lower not in doc.lex.family
            )
            if n > 1 or alone_ok:
                common = any(doc.lex.is_word(doc.lower(k)) for k in range(i, i + n))
                add(i, n, (0.7 if common else 0.8) if n > 1 else 0.6, "given name")
    found += _tagger_persons(doc)
    # A name followed by "Lane" or "Park" is a place's.
    return [c for c in _merge_same_label(found) if not _before_place_word(doc, c.end)]


def _before_place_word(doc: Narrative, end: int) -> bool:
    last = doc.token_ending(end)
    if last is None or last + 1 >= len(doc.tokens):
        return False
    lower = doc.lower(last + 1)
    return (lower in lx.STREET_SUFFIXES or lower in lx.VENUES) and doc.capital_ok(last + 1)


def _tagger_persons(doc: Narrative) -> list[Candidate]:
    found = []
    for ent in doc.spacy.ents:
        if ent.label_ != "PERSON":
            continue
        first = doc.index_at_or_after(ent.start_char)
        last = doc.token_ending(ent.end_char)
        if last is None:
            last = max(first, doc.index_at_or_after(ent.end_char) - 1)
        while first <= last and not _name_word(doc, first):
            first += 1
        while last >= first and not _name_word(doc, last):
            last -= 1
        if first > last or not all(_name_word(doc, k) for k in range(first, last + 1)):
            continue
        if last - first >= 4:
            continue
        words = [doc.lower(k) for k in range(first, last + 1)]
        if not any(doc.lex.name_like(w) and not doc.lex.is_word(w) for w in words):
            continue
        known_name = words[0] in doc.lex.given or words[0] in doc.lex.family
        if doc.style != "mixed" and len(words) == 1 and not known_name:
            continue
        known = any(w in doc.lex.given for w in words)
        found.append(
            Candidate(
                "PERSON",
                doc.tokens[first].start,
                doc.tokens[last].end,
                "",
                0.75 if known else 0.6,
                rule="tagger",
            )
        )
    return found


def _merge_same_label(found: list[Candidate]) -> list[Candidate]:
    """Join overlapping proposals of one label into one, more confident when rules agree."""
    merged: list[Candidate] = []
    for cand in sorted(found, key=lambda c: (c.start, -c.end)):
        if merged and merged[-1].label == cand.label and merged[-1].overlaps(cand):
            last = merged[-1]
            last.end = max(last.end, cand.end)
            last.confidence = min(0.97, max(last.confidence, cand.confidence) + 0.05)
            last.rule = f"{last.rule}+{cand.rule}"
            continue
        merged.append(cand)
    return merged


def person_value(text: str) -> str:
    words = text.replace(".", "").split()
    return " ".join(_title(w) if (w.isupper() or w.islower()) else w for w in words)


# -- addresses and places ------------------------------------------------------------------------

_FLAT_WORDS = frozenset({"flat", "unit", "apartment", "apt", "room", "suite"})
_PLACE_MODIFIERS = lx.words(
    """
    st saint upper lower new old north south east west great little high community shopping
    bus train railway coach police leisure retail sports cricket football rugby golf bowling
    health medical industrial business trading science city town village county royal
    """
)


def _house_number(doc: Narrative, i: int) -> bool:
    if not 0 <= i < len(doc.tokens) or not _HOUSE_NUMBER.fullmatch(doc.tokens[i].text):
        return False
    if re.fullmatch(r"\d+0s", doc.lower(i)):  # an age: "40s"
        return False
    return doc.lower(i + 1) not in _NUMBER_UNITS


def _place_word(doc: Narrative, i: int, *, first: bool = False) -> bool:  # noqa: PLR0911
    """Whether token i may be part of a street's or a place's name."""
    if not 0 <= i < len(doc.tokens):
        return False
    token = doc.tokens[i]
    lower = token.lower
    if not token.is_word and not re.fullmatch(r"[a-z]+'s|[a-z]\d{1,4}", lower):
        return False
    if lower in _PLACE_MODIFIERS or lower in lx.STREET_SUFFIXES or lower in lx.VENUES:
        return True
    if doc.style == "mixed" and lower not in {"i", "i'm", "i've", "i'd", "i'll"}:
        return token.capitalised and not doc.sentence_initial(i) and lower not in MONTH_WORDS
    if lower in STOP_WORDS or lower in lx.PLACE_PREPOSITIONS or lower in MONTH_WORDS:
        return False
    if lower in DAY_WORDS or lower in lx.ROLE_CUES or lower in lx.TITLES or lower in lx.RANKS:
        return False
    if doc.style == "mixed":
        return token.capitalised and not doc.sentence_initial(i)
    if lower in lx.JARGON or lower in lx.COLOURS:
        return False
    if doc.lex.is_inflected_verb(lower) and not (
        lower.endswith("s") and lower[:-1] in doc.lex.words
    ):
        return False
    return first or doc.lex.name_like(lower)


def _street_end(doc: Narrative, j: int, most: int = 4) -> int | None:
    """If a street's name starts at token j: the index of its last word."""
    k = j + (doc.lower(j) == "the")
    last = None
    for n in range(most):
        i = k + n
        if not (0 <= i < len(doc.tokens)) or not doc.tokens[i].is_word:
            break
        lower = doc.lower(i)
        if lower in lx.STREET_SUFFIXES and (n > 0 or k > j):
            last = i
            continue
        if not _place_word(doc, i, first=True) and lower not in {"of", "the"}:
            break
    return last


def _building_end(doc: Narrative, j: int) -> int | None:
    for n in range(4):
        i = j + n
        if doc.lower(i) in lx.BUILDINGS and n > 0 and doc.capital_ok(i):
            return i
        if not _place_word(doc, i, first=True):
            return None
    return None


def _locality_end(doc: Narrative, i: int, postcodes: set[int]) -> int:  # noqa: PLR0911
    """Take in the district or town written after a street ("..., Otley", "... HEADINGLEY
    LS6"); ``i`` is the street's last token. Returns the address's last token."""
    j = i + 1
    comma = doc.lower(j) == ","
    k = j + 1 if comma else j
    if not 0 <= k < len(doc.tokens) or doc.tokens[k].start in postcodes:
        return i
    word = doc.tokens[k]
    lower = word.lower
    if not word.is_word or lower in STOP_WORDS or lower in lx.JARGON:
        return i
    if lower in lx.PLACE_PREPOSITIONS or lower in DAY_WORDS or lower in MONTH_WORDS:
        return i
    if doc.style == "mixed" and not word.capitalised:
        return i
    if doc.lex.is_inflected_verb(lower):
        return i
    then_postcode = doc.tokens[k + 1].start in postcodes if k + 1 < len(doc.tokens) else False
    if comma or then_postcode:
        return k
    return i


def address_candidates(doc: Narrative, postcodes: list[Candidate]) -> list[Candidate]:
    starts = {p.start for p in postcodes}
    found: list[Candidate] = []
    n_tokens = len(doc.tokens)
    i = 0
    while i < n_tokens:
        first = i
        j = i
        building = None
        if doc.lower(j) in _FLAT_WORDS and _house_number(doc, j + 1):
            j += 2 + (doc.lower(j + 2) == ",")
            building = _building_end(doc, j)
            if building is not None:
                j = building + 1 + (doc.lower(building + 1) == ",")
        elif not _house_number(doc, j) or (j > 0 and doc.lower(j - 1) in {"no", "no."}):
            i += 1
            continue
        last = None
        if _house_number(doc, j):
            last = _street_end(doc, j + 1)
        elif first != j:
            last = _street_end(doc, j)
        if last is None and building is not None:
            last = building
        if last is None:
            last = _to_postcode(doc, j + (_house_number(doc, j)), starts)
        if last is None:
            i += 1
            continue
        last = _locality_end(doc, last, starts)
        start, end = doc.tokens[first].start, doc.tokens[last].end
        confidence = 0.9 if last + 1 < n_tokens and doc.tokens[last + 1].start in starts else 0.8
        found.append(Candidate("ADDRESS", start, end, "", confidence, rule="address"))
        i = last + 1
    for cand in found:
        cand.value = _place_value(doc.text[cand.start : cand.end])
    return found


def _to_postcode(doc: Narrative, j: int, postcodes: set[int]) -> int | None:
    """A house number and up to four words ending just before a postcode."""
    for n in range(1, 5):
        i = j + n
        if i >= len(doc.tokens):
            return None
        if doc.tokens[i].start in postcodes:
            return i - 1 if n > 1 else None
        if not (_place_word(doc, i, first=True) or doc.lower(i) in {"the", ","}):
            return None
    return None


def _place_value(text: str) -> str:
    words = " ".join(text.split())
    if words.isupper() or words.islower():
        # Words in title case, district and postcode-like parts ("ls6", "a647") in capitals.
        titled = re.sub(
            r"[A-Za-z][A-Za-z'\u2019\-]*\d*[A-Za-z\d]*",
            lambda m: m[0].upper() if any(c.isdigit() for c in m[0]) else _title(m[0]),
            words,
        )
        return re.sub(r"(?<=\s)(On|Of|The|And|At|In)\b", lambda m: m[1].lower(), titled)
    return words


def place_candidates(doc: Narrative) -> list[Candidate]:
    found: list[Candidate] = []
    tokens = doc.tokens
    for i, token in enumerate(tokens):
        lower = token.lower
        strong_street = lower in lx.STREET_SUFFIXES and lower not in lx.WEAK_STREET_SUFFIXES
        if strong_street or lower in lx.VENUES:
            first = _name_before(doc, i, weak=not strong_street and lower not in lx.DISTINCT_VENUES)
            if first is not None:
                found.append(Candidate("LOCATION", tokens[first].start, token.end, "", 0.75))
        elif lower in lx.CHAINS or (
            lower in lx.CHAIN_PAIRS and doc.lower(i + 1) == lx.CHAIN_PAIRS[lower]
        ):
            end = i + (lower in lx.CHAIN_PAIRS)
            if doc.style == "mixed" and not token.capitalised:
                continue
            if doc.style != "mixed" and doc.lower(i - 1) not in _BEFORE_CHAIN:
                continue
            if doc.lower(end + 1) in lx.CHAIN_KINDS:
                end += 1
            if _place_word(doc, end + 1) and doc.lex.name_like(doc.lower(end + 1)):
                end += 1
            first = i - (doc.lower(i - 1) == "the")
            found.append(Candidate("LOCATION", tokens[first].start, tokens[end].end, "", 0.75))
        elif re.fullmatch(r"[a-z]{3,}gate", lower) and doc.lex.name_like(lower):
            if doc.lower(i - 1) in lx.PLACE_PREPOSITIONS and doc.capital_ok(i):
                found.append(Candidate("LOCATION", token.start, token.end, "", 0.65))
        elif re.fullmatch(r"[am]\d{1,4}", lower) and (
            re.fullmatch(r"j\d{1,2}", doc.lower(i + 1)) or doc.lower(i - 1) in {"the", "on"}
        ):
            end = i + bool(re.fullmatch(r"j\d{1,2}", doc.lower(i + 1)))
            found.append(Candidate("LOCATION", token.start, tokens[end].end, "", 0.7))
    found += _pub_candidates(doc)
    found += _tagger_places(doc)
    merged = _merge_places(doc, _merge_same_label(found))
    for cand in merged:
        cand.rule = cand.rule or "place"
        cand.value = _place_value(doc.text[cand.start : cand.end])
    return merged


def _name_before(doc: Narrative, i: int, *, weak: bool) -> int | None:
    """The first word of the name ending with the suffix or venue word at token i."""
    first = None
    k = i - 1
    count = 0
    while k >= 0 and count < 3:
        lower = doc.lower(k)
        if doc.breaks_between(k, i) or not _place_word(doc, k, first=count == 0):
            break
        if count > 0 and doc.style != "mixed":
            named = doc.lex.name_like(lower) or re.fullmatch(r"[a-z]\d{1,4}", lower)
            place = lower in _PLACE_MODIFIERS or lower in lx.STREET_SUFFIXES or lower in lx.VENUES
            if not (named or place):
                break
        first = k
        count += 1
        k -= 1
    if first is None:
        return None
    if doc.style == "mixed":
        plain = _PLACE_MODIFIERS | lx.STREET_SUFFIXES | lx.VENUES
        if not any(
            doc.tokens[k].capitalised and doc.lower(k) not in plain and not doc.sentence_initial(k)
            for k in range(first, i + 1)
        ) and not (doc.tokens[i].capitalised and doc.tokens[first].capitalised):
            return None
    names = [doc.lower(k) for k in range(first, i)]
    venue = doc.lower(i) in lx.VENUES and doc.lower(i) not in lx.STREET_SUFFIXES
    if venue and all(w in _PLACE_MODIFIERS for w in names):  # "bus station", not "High Street"
        return None
    if weak and doc.style != "mixed" and not any(doc.lex.name_like(w) for w in names):
        return None
    if doc.lower(first - 1) == "the" and doc.capital_ok(first - 1):
        first -= 1
    return first


_BEFORE_CHAIN = lx.PLACE_PREPOSITIONS | {"the", "attended", "attend", "visited", "entered", "left"}
_PUB_NOUNS = lx.words(
    """
    crown anchor swan lion oak bull bell horse star plough fox hart stag unicorn greyhound hare
    hounds rose ship angel eagle feathers wheatsheaf george dragon boar griffin mitre chequers
    woolpack packhorse grapes vine harp victoria albert queens kings castle cross keys
    """
)
_PUB_ADJECTIVES = lx.words(
    """
    red white black golden royal old new green blue kings queens grey brown jolly fat three
    two dun spotted
    """
)


def _pub_candidates(doc: Narrative) -> list[Candidate]:
    found = []
    for i in range(len(doc.tokens)):
        if doc.lower(i) != "the" or doc.lower(i - 1) not in lx.PLACE_PREPOSITIONS | {"of"}:
            continue
        j = i + 1
        # "the Dog and Gun": two capitalised words joined by "and" after "at the".
        named = (
            doc.style == "mixed"
            and doc.lower(j + 1) in {"and", "&"}
            and all(doc.tokens[k].capitalised and doc.tokens[k].is_word for k in (j, j + 2))
            and j + 2 < len(doc.tokens)
        )
        if named:
            found.append(
                Candidate("LOCATION", doc.tokens[i].start, doc.tokens[j + 2].end, "", 0.88)
            )
            continue
        if doc.lower(j) in _PUB_ADJECTIVES:
            j += 1
        if doc.lower(j) not in _PUB_NOUNS or not doc.capital_ok(j):
            continue
        end = j
        if doc.lower(j + 1) == "and" and doc.lower(j + 2) in _PUB_NOUNS:
            end = j + 2
        elif doc.lower(j + 1) in {"and", "&"} and doc.lower(j + 3) in _PUB_NOUNS:
            end = j + 3
        if doc.lower(end + 1) in {"pub", "inn", "arms", "tavern", "hotel", "bar"}:
            end += 1
        if (
            doc.lower(end + 1) == ","
            and _place_word(doc, end + 2)
            and doc.lex.name_like(doc.lower(end + 2))
        ):
            end += 2
        found.append(Candidate("LOCATION", doc.tokens[i].start, doc.tokens[end].end, "", 0.8))
    return found


def _tagger_places(doc: Narrative) -> list[Candidate]:
    found = []
    for ent in doc.spacy.ents:
        if ent.label_ not in {"GPE", "LOC", "FAC"}:
            continue
        first = doc.index_at_or_after(ent.start_char)
        last = doc.token_ending(ent.end_char)
        if last is None or first > last:
            continue
        if doc.lower(first) == "the":
            first += 1
        if first > last or doc.lower(first - 1) not in lx.PLACE_PREPOSITIONS | {"the"}:
            continue
        if not all(_place_word(doc, k, first=True) for k in range(first, last + 1)):
            continue
        if not any(doc.lex.name_like(doc.lower(k)) for k in range(first, last + 1)):
            continue
        found.append(Candidate("LOCATION", doc.tokens[first].start, doc.tokens[last].end, "", 0.55))
    return found


def _merge_places(doc: Narrative, found: list[Candidate]) -> list[Candidate]:
    """Join a place and the street or district it is on: "Lloyds on Commercial Street"."""
    merged: list[Candidate] = []
    for cand in sorted(found, key=lambda c: c.start):
        if merged:
            gap = doc.text[merged[-1].end : cand.start].lower()
            if re.fullmatch(r"\s*(?:,|on)?\s*", gap) and "\n" not in gap:
                merged[-1].end = cand.end
                merged[-1].confidence = max(merged[-1].confidence, cand.confidence)
                continue
        merged.append(cand)
    return merged


# -- weapons -------------------------------------------------------------------------------------


def _match_phrase(doc: Narrative, i: int, phrases: Iterable[tuple[str, ...]]) -> int:
    for phrase in phrases:
        if all(doc.lower(i + k) == w for k, w in enumerate(phrase)):
            return len(phrase)
    return 0


_WEAPON_AFTER = re.compile(
    r"^\s*(?:over\s+(?:his|her|my|their|the)\s+head|to\s+(?:strike|hit|attack|stab)|at\s+"
    r"(?:him|her|me|them|us|officers)|(?:was\s+)?(?:recovered|found)\s+(?:at|inside|in|near))",
    re.IGNORECASE,
)


def weapon_candidates(doc: Narrative) -> list[Candidate]:
    found: list[Candidate] = []
    i = 0
    while i < len(doc.tokens):
        n = _match_phrase(doc, i, lx.WEAPONS)
        if n:
            end = doc.tokens[i + n - 1].end
            found.append(Candidate("WEAPON", doc.tokens[i].start, end, "", 0.85, rule="weapon"))
            i += n
            continue
        n = _match_phrase(doc, i, lx.IMPROVISED_WEAPONS)
        if n and doc.lower(i - 1) != "to":
            before = {doc.lower(k) for k in range(max(0, i - 4), i)}
            end = doc.tokens[i + n - 1].end
            joined = bool(found) and re.fullmatch(
                r"\s*(?:,|and|or)\s*(?:an?\s+|some\s+)?",
                doc.text[found[-1].end : doc.tokens[i].start],
            )
            if before & lx.WEAPON_CONTEXT or _WEAPON_AFTER.match(doc.text[end:]) or joined:
                found.append(
                    Candidate("WEAPON", doc.tokens[i].start, end, "", 0.6, rule="improvised")
                )
            i += n
            continue
        i += 1
    for cand in found:
        cand.value = " ".join(doc.text[cand.start : cand.end].lower().split())
    return found


# -- settling overlaps and filling in --------------------------------------------------------------


def settle(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the most confident of overlapping proposals (by label order on a tie)."""
    order = {label: n for n, label in enumerate(LABEL_ORDER)}
    kept: list[Candidate] = []
    ranked = sorted(
        candidates, key=lambda c: (-c.confidence, order[c.label], -(c.end - c.start), c.start)
    )
    for cand in ranked:
        if cand.start >= cand.end or any(cand.overlaps(k) for k in kept):
            continue
        kept.append(cand)
    return sorted(kept, key=lambda c: (c.start, c.end))


def propose(text: str, report_time: datetime) -> list[Candidate]:
    """Every field proposed for one narrative, in text order."""
    doc = Narrative(text, report_time)
    identifiers = list(identifier_candidates(doc))
    postcodes = [c for c in identifiers if c.label == "POSTCODE"]
    persons = person_candidates(doc)
    dobs = list(dob_candidates(doc, persons))
    times = [t for t in time_candidates(doc) if not any(t.overlaps(d) for d in dobs)]
    addresses = address_candidates(doc, postcodes)
    places = place_candidates(doc)
    weapons = weapon_candidates(doc)
    for person in persons:
        person.value = person_value(text[person.start : person.end])
    kept = settle(identifiers + dobs + times + addresses + persons + places + weapons)
    fill_in(doc, kept)
    return kept
