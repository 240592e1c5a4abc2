"""The evaluation format shared by the record-entry tools, and its loader.

A data set is a JSON Lines file, one document a line::

    {"id": "dev-001", "text": "...", "report_time": "2024-03-09T22:14:00+00:00",
     "entities": [{"label": "PERSON", "start": 0, "end": 10, "text": "John Smith"}],
     "offence_category": "burglary"}

``start`` and ``end`` are offsets into ``text`` in Python string indices (code points), end
exclusive, so ``text[start:end] == entity["text"]``. ``report_time`` is ISO 8601 with a UTC
offset: when the narrative was recorded, the anchor for relative times. ``offence_category``
is one of :data:`OFFENCE_CATEGORIES`, or ``null`` when unknown.

Every instance of every label is marked. The labels, and what counts as each:

``PERSON``
    A named individual's name as written ("John Smith", "SMITH", "Mrs Patel"), nicknames
    included; a title written with the name is included, a rank ("PC", "DC") and roles alone
    ("the IP", "the suspect") are not.
``DOB``
    A date of birth in any written form ("12/04/1990", "12th April 1990", "12.04.90"),
    without the lead-in ("dob", "born on").
``ADDRESS``
    A street address without the postcode ("14 Mill Lane, Leeds", "flat 3 22 high st").
``POSTCODE``
    A UK postcode, with or without its space, in any case ("LS6 2QT", "ls62qt").
``VRM``
    A vehicle registration mark in current, prefix or suffix style, spaced or not, in any case
    ("AB12 CDE", "ab12cde", "P123 ABC", "ABC 123P").
``PHONE``
    A telephone number as written ("07700 900123", "0113 496 0456").
``EMAIL``
    An email address.
``NINO``
    A National Insurance number, spaced or not ("QQ 12 34 56 C", "QQ123456C").
``DATETIME``
    When the offence or an event in it happened: an absolute date or time, or a relative phrase
    ("last night", "yesterday at about 10pm", "approx 2340hrs", "Saturday 9th March"). Hedges
    ("about", "approx") are included, a leading "on", "at" or "in" is not. Dates of birth are
    ``DOB``, not ``DATETIME``.
``LOCATION``
    A named place that is not a street address: a park, shop, pub, station, town or road named
    without a house number ("Roundhay Park", "the Tesco Express on Otley Road").
``WEAPON``
    An object used or carried as a weapon ("kitchen knife", "baseball bat", "lock knife").
``PROPERTY_VALUE``
    A sum of money in pounds for stolen or damaged property, including cash taken, lost to
    fraud or seized, as written with any hedge ("£250", "about 400 pounds", "approx £1,200").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Annotated

import msgspec

#: One-line definition of each label (see the module docstring for examples).
LABEL_DEFINITIONS: Mapping[str, str] = {
    "PERSON": "a named individual's name as written",
    "DOB": "a date of birth in any written form",
    "ADDRESS": "a street address without the postcode",
    "POSTCODE": "a UK postcode",
    "VRM": "a vehicle registration mark",
    "PHONE": "a telephone number",
    "EMAIL": "an email address",
    "NINO": "a National Insurance number",
    "DATETIME": "when the offence or an event happened, absolute or a relative phrase",
    "LOCATION": "a named place that is not a street address",
    "WEAPON": "an object used or carried as a weapon",
    "PROPERTY_VALUE": "a sum of money in pounds for stolen, damaged or seized property or cash",
}

#: The fixed set of entity labels, in documentation order.
LABELS: tuple[str, ...] = tuple(LABEL_DEFINITIONS)

#: The offence categories a document may carry.
OFFENCE_CATEGORIES: tuple[str, ...] = (
    "burglary",
    "theft",
    "vehicle crime",
    "violence",
    "robbery",
    "criminal damage",
    "public order",
    "drugs",
    "weapons",
    "harassment",
    "fraud",
)

#: The development set shipped with the package.
DEV_SET_PATH = Path(__file__).parent / "data" / "dev.jsonl"


class DatasetError(ValueError):
    """A data set line is not a valid evaluation document; the message names line and field."""


class GoldEntity(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One gold-labelled span of a document's text."""

    label: str
    start: int
    end: int
    text: str


class EvalDocument(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One narrative with its gold entities."""

    id: str
    text: str
    report_time: Annotated[datetime, msgspec.Meta(tz=True)]
    entities: list[GoldEntity]
    offence_category: str | None = None


_decoder = msgspec.json.Decoder(EvalDocument)
_encoder = msgspec.json.Encoder()


def validate_document(doc: EvalDocument) -> None:
    """Raise :class:`DatasetError` (without a line number) if ``doc`` breaks a rule."""
    if not doc.id:
        raise DatasetError("field `id`: must not be empty")
    if doc.offence_category is not None and doc.offence_category not in OFFENCE_CATEGORIES:
        raise DatasetError(
            f"field `offence_category`: unknown category {doc.offence_category!r}; "
            f"expected one of {', '.join(OFFENCE_CATEGORIES)} or null"
        )
    last_end: dict[str, tuple[int, int]] = {}
    order = sorted(range(len(doc.entities)), key=lambda i: (doc.entities[i].start, i))
    for i in order:
        entity = doc.entities[i]
        where = f"field `entities[{i}]`"
        if entity.label not in LABEL_DEFINITIONS:
            raise DatasetError(
                f"{where}.label: unknown label {entity.label!r}; "
                f"expected one of {', '.join(LABELS)}"
            )
        if not 0 <= entity.start < entity.end <= len(doc.text):
            raise DatasetError(
                f"{where}: span {entity.start}-{entity.end} is not a non-empty span within "
                f"the text (length {len(doc.text)})"
            )
        actual = doc.text[entity.start : entity.end]
        if actual != entity.text:
            raise DatasetError(
                f"{where}.text: {entity.text!r} does not match text[{entity.start}:{entity.end}]"
                f" = {actual!r}"
            )
        previous = last_end.get(entity.label)
        if previous is not None and entity.start < previous[1]:
            raise DatasetError(
                f"{where}: {entity.label} span {entity.start}-{entity.end} overlaps "
                f"entities[{previous[0]}] ending at {previous[1]}"
            )
        if previous is None or entity.end > previous[1]:
            last_end[entity.label] = (i, entity.end)


def load_dataset(path: str | Path) -> list[EvalDocument]:
    """Read and validate a JSON Lines data set; blank lines are skipped.

    Raises :class:`DatasetError` naming the file, the 1-based line number and the field at
    fault for malformed JSON, a missing or mistyped field, an unknown label or category, a
    span outside the text or not matching its ``text``, overlapping spans of one label, or a
    repeated id.
    """
    path = Path(path)
    docs: list[EvalDocument] = []
    seen: dict[str, int] = {}
    with path.open("rb") as lines:
        for lineno, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                doc = _decoder.decode(raw)
            except msgspec.ValidationError as exc:
                raise DatasetError(f"{path}:{lineno}: invalid field: {exc}") from exc
            except msgspec.DecodeError as exc:
                raise DatasetError(f"{path}:{lineno}: invalid JSON: {exc}") from exc
            try:
                validate_document(doc)
            except DatasetError as exc:
                raise DatasetError(f"{path}:{lineno}: document {doc.id!r}: {exc}") from None
            if doc.id in seen:
                raise DatasetError(
                    f"{path}:{lineno}: field `id`: {doc.id!r} repeats the id on line {seen[doc.id]}"
                )
            seen[doc.id] = lineno
            docs.append(doc)
    return docs


def dump_dataset(docs: Iterable[EvalDocument], path: str | Path) -> None:
    """Validate ``docs`` and write them as JSON Lines (UTF-8), one document a line."""
    seen: set[str] = set()
    out: list[bytes] = []
    for number, doc in enumerate(docs):
        try:
            validate_document(doc)
        except DatasetError as exc:
            raise DatasetError(f"document {number} ({doc.id!r}): {exc}") from None
        if doc.id in seen:
            raise DatasetError(f"document {number}: field `id`: {doc.id!r} is repeated")
        seen.add(doc.id)
        out.append(_encoder.encode(doc) + b"\n")
    Path(path).write_bytes(b"".join(out))
