"""What a sentence tells: the people, times, places and offence actions it mentions.

Each is a *facet*, a (kind, key) pair: ``("who", "joan whitfield")``, ``("when", "11pm last
night")``, ``("where", "14 ashgrove terrace")``, ``("what", "smash")``. Names, times and places
come from spaCy's named entities (read from a title-cased copy of text typed in capitals) and
from patterns for the things police text says that a general model misses: times written as
``2245hrs`` or ``approx 1800``, relative times ("last night"), street addresses, postcodes and
named places after "at", "outside", "o/s". Actions are the verbs and nouns of offences, by
lemma. A date of birth is not a time of the events, and a phone number is not a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policeai.plugins.summarisation.language import Parsed

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

Facet = tuple[str, str]
KINDS = ("who", "what", "when", "where")

TIME_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"\b(?:approx\.? |about |around |at )?\d{3,4} ?hrs\b",
        r"\b\d{1,2}[:.]\d{2} ?(?:am|pm|hrs)?\b",
        r"\b\d{1,2} ?(?:am|pm)\b",
        r"\b(?:last|this|yesterday|tomorrow) ?(?:night|morning|afternoon|evening|week)\b",
        r"\b(?:yesterday|today|tonight|overnight|earlier today|midnight|midday|noon)\b",
        r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b(?: \d{1,2}(?:st|nd|rd"
        r"|th)?)?",
        r"\b\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
        r"(?: \d{4})?\b",
        r"\b\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b",
        r"\b\d+ (?:mins?|minutes|hours?|hrs) ago\b",
    )
)
DOB_CUES = re.compile(r"(?:dob|d\.o\.b\.?|born(?: on)?|date of birth)[\s:]*$")
ADDRESS = re.compile(
    r"\b(?:flat \d+[a-z]?,? )?\d+[a-z]?,? (?:[a-z'-]+ ){1,3}(?:street|st|road|rd|lane|ln|avenue|"
    r"ave|close|drive|dr|grove|way|crescent|court|ct|gardens|gdns|mews|place|pl|terrace|walk|"
    r"view|row|hill|square|parade|green|mount|rise|bank|towers|house)\b"
)
POSTCODE = re.compile(r"\b[a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2}\b")
PLACE = re.compile(
    r"\b(?:at|outside|near|inside|behind|by|o/s|from|towards|twds|on|in|opposite) (?:the )?"
    r"((?:[a-z'&-]+ ){0,3}(?:park|station|pub|bar|shop|store|school|academy|centre|street|st|road|"
    r"rd|lane|square|market|bridge|club|church|precinct|car park|hospital|library|interchange|"
    r"moor|estate|arms|inn|hotel|garage|bus station|retail park|high street|town centre|"
    r"common|recreation ground|rec|bypass|avenue|close))\b"
)
PLACE_LABELS = {"GPE", "LOC", "FAC"}
TIME_LABELS = {"DATE", "TIME"}
TITLES = re.compile(r"\b(?:mr|mrs|ms|miss|dr) [a-z][a-z'-]+(?: [a-z][a-z'-]+)?\b")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Offence actions, by lemma: what happened.
ACTIONS = _words(
    """steal take snatch grab rob burgle break force smash damage punch kick hit assault attack
    stab slash threaten threat demand push shove slap headbutt bite spit strangle choke
    follow harass stalk message text deal supply sell buy possess carry brandish produce
    fight shout swear abuse throw spray scratch key set burn fire arson theft robbery burglary
    shoplift conceal fraud scam transfer withdraw deceive pretend knife weapon machete gun bat
    injure injury bleed bruise cut arrest seize detain flee run escape enter jemmy ransack
    crash fail"""
)
#: Roles that say who without a name.
ROLES = _words(
    """victim suspect offender caller ip witness informant complainant driver owner manager
    neighbour partner"""
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of one document, with what it tells."""

    doc_index: int
    doc_id: str
    start: int
    end: int
    text: str
    facets: frozenset[Facet]
    lemmas: frozenset[str]  # content words, for the redundancy penalty
    words: int


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w/:.'&-]", " ", text.lower()).split())


def _is_phone_like(text: str) -> bool:
    return sum(char.isdigit() for char in text) >= 9


def _entities(doc: Doc, start: int, end: int) -> Iterator[Span]:
    for ent in doc.ents:
        if ent.start_char >= start and ent.end_char <= end:
            yield ent


def _is_dob(text: str, at: int) -> bool:
    return bool(DOB_CUES.search(text[max(0, at - 16) : at].lower()))


def _entity_facets(parsed: Parsed, start: int, end: int) -> Iterator[Facet]:
    for ent in _entities(parsed.names, start, end):
        key = _key(ent.text)
        if not key or _is_phone_like(ent.text) or key.replace(" ", "").isdigit():
            continue
        if ent.label_ == "PERSON" and any(c.isalpha() for c in key):
            yield "who", key
        elif ent.label_ in PLACE_LABELS:
            yield "where", key
        elif ent.label_ in TIME_LABELS and not _is_dob(parsed.text, ent.start_char):
            yield "when", key


def _pattern_facets(parsed: Parsed, start: int, end: int) -> Iterator[Facet]:
    lowered = parsed.doc.text.lower()[start:end]
    for match in TITLES.finditer(lowered):
        yield "who", _key(match.group())
    for pattern in TIME_PATTERNS:
        for match in pattern.finditer(lowered):
            if not _is_dob(parsed.text, start + match.start()) and not _is_phone_like(
                match.group()
            ):
                yield "when", _key(match.group())
    for pattern in (ADDRESS, POSTCODE):
        for match in pattern.finditer(lowered):
            yield "where", _key(match.group())
    for match in PLACE.finditer(lowered):
        yield "where", _key(match.group(1))


def facets_of(parsed: Parsed, start: int, end: int) -> tuple[frozenset[Facet], frozenset[str]]:
    """The facets of the sentence ``parsed.text[start:end]`` and its content lemmas."""
    found: set[Facet] = set(_entity_facets(parsed, start, end))
    found.update(_pattern_facets(parsed, start, end))
    lemmas: set[str] = set()
    span = parsed.doc.char_span(start, end, alignment_mode="expand")
    for token in span if span is not None else ():
        lemma = token.lemma_.lower()
        if lemma in ACTIONS:
            found.add(("what", lemma))
        elif lemma in ROLES:
            found.add(("role", lemma))
        if token.is_alpha and not token.is_stop and len(lemma) > 2:
            lemmas.add(lemma)
    return frozenset(found), frozenset(lemmas)
