"""Consistent pseudonyms: one person, phone or address gets one token across a case.

Every redacted value is reduced to an *identity*: a person's name in lower case without its
title, an identifier in the core's canonical form (so "LS6 2QT" and "ls62qt" are one
postcode, "07700 900123" and "+44 7700 900123" one phone). A lone surname or forename, or
"Mr Smith", joins the one full name it can belong to ("John Smith"); where it could belong to
two, it stays apart. Identities are numbered per label in order of first appearance across
the request's documents: ``[PERSON-1]``, ``[PERSON-2]``, ``[PHONE-1]``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from policeai.core.cases.identifiers import (
    InvalidIdentifierError,
    normalise_email,
    normalise_nino,
    normalise_phone,
    normalise_postcode,
    normalise_vrm,
)
from policeai.plugins.redaction.addresses import STREET_SUFFIXES
from policeai.plugins.redaction.dates import DATE_PATTERNS, read_date
from policeai.plugins.redaction.lexicon import TITLES

#: How an address's abbreviations are written out, so "12 Mill Ln" is "12 mill lane".
_ABBREVIATIONS = {
    "rd": "road",
    "st": "street",
    "ln": "lane",
    "ave": "avenue",
    "av": "avenue",
    "dr": "drive",
    "cl": "close",
    "ct": "court",
    "cres": "crescent",
    "gr": "grove",
    "gro": "grove",
    "terr": "terrace",
    "tce": "terrace",
    "pl": "place",
    "gdns": "gardens",
    "sq": "square",
    "pde": "parade",
    "mt": "mount",
    "apt": "flat",
    "apartment": "flat",
}
_WORDS = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")


@dataclass(frozen=True, slots=True)
class Mention:
    """A redacted value: which document, where, its label and its text."""

    doc_index: int
    start: int
    end: int
    label: str
    text: str


def _compact(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def _canonical(normaliser: Callable[[str], object], text: str) -> str:
    try:
        return str(normaliser(text))
    except InvalidIdentifierError:
        return _compact(text)


def _date(text: str) -> str:
    today = datetime.datetime.now(datetime.UTC).date()
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(text.strip())
        if match:
            date = read_date(match, today)
            if date is not None:
                return date.isoformat()
    return _compact(text)


def _phone(text: str) -> str:
    canonical = _canonical(normalise_phone, text)
    if canonical.startswith("+44"):
        return canonical
    digits = re.sub(r"[^0-9]", "", text)
    return "+44" + digits[1:] if digits.startswith("0") else digits


def _address(text: str) -> str:
    """The address up to its street's suffix: "14 Mill Ln, Leeds" -> "14 mill lane", the
    same as "14 MILL LANE" (a locality may be written or not)."""
    words = [w.lower() for w in _WORDS.findall(text)]
    suffixes = [i for i, w in enumerate(words) if w in STREET_SUFFIXES and i > 0]
    if suffixes:
        words = words[: suffixes[-1] + 1]
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def name_words(text: str) -> tuple[str, ...]:
    """A person's name as lower-case words, without titles: "Mr J. Smith" -> ("j", "smith")."""
    words = [w.lower().replace("\u2019", "'") for w in _WORDS.findall(text)]
    while words and words[0] in TITLES:
        words.pop(0)
    return tuple(words)


_IDENTITIES: dict[str, Callable[[str], str]] = {
    "POSTCODE": lambda text: _canonical(normalise_postcode, text),
    "VRM": lambda text: _canonical(lambda raw: normalise_vrm(raw).value, text),
    "PHONE": _phone,
    "EMAIL": lambda text: _canonical(normalise_email, text).lower(),
    "NINO": lambda text: _canonical(normalise_nino, text),
    "DOB": _date,
    "ADDRESS": _address,
}


def identity(label: str, text: str) -> str:
    """The normalised value two mentions of the same thing share (not for PERSON)."""
    return _IDENTITIES.get(label, _compact)(text)


def _person_identities(mentions: Sequence[Mention]) -> dict[Mention, tuple[str, ...]]:
    """Each PERSON mention's identity: its own words, or the full name it belongs to."""
    words = {m: name_words(m.text) or (m.text.lower(),) for m in mentions}
    full = {w for w in words.values() if len(w) > 1}

    def owner(name: tuple[str, ...]) -> tuple[str, ...]:
        if len(name) == 1:
            candidates = {f for f in full if name[0] in (f[0], f[-1])}
        else:  # "Kelly Anne" within "Kelly Anne Briggs"
            candidates = {
                f for f in full if len(f) > len(name) and name in (f[: len(name)], f[-len(name) :])
            }
        return next(iter(candidates)) if len(candidates) == 1 else name

    return {m: owner(w) for m, w in words.items()}


def assign(mentions: Sequence[Mention]) -> dict[Mention, str]:
    """The replacement of every mention: ``[LABEL-n]``, numbered per label by first
    appearance (document order, then position)."""
    ordered = sorted(mentions, key=lambda m: (m.doc_index, m.start))
    people = _person_identities([m for m in ordered if m.label == "PERSON"])
    numbers: dict[str, dict[object, int]] = {}
    replacements: dict[Mention, str] = {}
    for mention in ordered:
        key: object = (
            people[mention] if mention.label == "PERSON" else identity(mention.label, mention.text)
        )
        seen = numbers.setdefault(mention.label, {})
        number = seen.setdefault(key, len(seen) + 1)
        replacements[mention] = f"[{mention.label}-{number}]"
    return replacements
