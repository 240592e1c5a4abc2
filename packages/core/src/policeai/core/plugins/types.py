"""Typed inputs and outputs of the plugin hooks (msgspec structs, validated at the door).

The gateway owns every argument it passes: a plugin must not keep or mutate them. A plugin
owns what it returns until the gateway has validated it; after that it belongs to the case.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
Confidence = Annotated[float, msgspec.Meta(ge=0.0, le=1.0)]
Offset = Annotated[int, msgspec.Meta(ge=0)]


class Document(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A statement or document given to a tool: its id on the case and its text."""

    doc_id: NonEmpty
    text: NonEmpty


class Span(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Where in a document a value came from (character offsets, end exclusive)."""

    doc_id: NonEmpty
    start: Offset
    end: Offset


# -- summarise ---------------------------------------------------------------------------------


class SummariseRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    documents: Annotated[list[Document], msgspec.Meta(min_length=1)]
    max_sentences: Annotated[int, msgspec.Meta(ge=1, le=50)] = 5


class SummarySentence(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    text: NonEmpty
    source: Span


class Summary(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    sentences: list[SummarySentence]


# -- record entry (data entry automation) ------------------------------------------------------

FieldLabel = Literal[
    "PERSON",
    "DOB",
    "ADDRESS",
    "POSTCODE",
    "VRM",
    "PHONE",
    "EMAIL",
    "NINO",
    "DATETIME",
    "LOCATION",
    "WEAPON",
    "PROPERTY_VALUE",
]


class RecordEntryRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    document: Document
    report_time: datetime


class ProposedField(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One proposed field: its label, normalised ``value``, the span and ``text`` it came from.

    ``role`` is a person's role on the case (victim, suspect, witness, reporter, other).
    ``attributes`` holds what else the text says about the field, name -> text, where stated:
    a person's ``dob`` (ISO date), ``age`` and ``address``; a vehicle's ``make``, ``model`` and
    ``colour``; a sum's ``amount`` and ``currency``; a time's ``precision``. Empty by default.
    """

    label: FieldLabel
    value: NonEmpty
    source: Span
    text: str
    confidence: Confidence
    role: str | None = None
    attributes: dict[str, str] = msgspec.field(default_factory=dict)


class ProposedFields(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    fields: list[ProposedField]


# -- offence suggestion ------------------------------------------------------------------------


class OffenceSuggestionRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    narrative: NonEmpty
    limit: Annotated[int, msgspec.Meta(ge=1, le=20)] = 3


class OffenceSuggestion(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: NonEmpty
    description: NonEmpty
    group: NonEmpty
    score: Confidence
    reason: NonEmpty


class OffenceSuggestions(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    suggestions: list[OffenceSuggestion]


# -- redaction for disclosure ------------------------------------------------------------------


class RedactionRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    case_ref: NonEmpty
    documents: Annotated[list[Document], msgspec.Meta(min_length=1)]


class Redaction(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    label: NonEmpty
    source: Span
    replacement: NonEmpty


class RedactedDocument(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    doc_id: NonEmpty
    text: str
    redactions: list[Redaction]


class RedactionResult(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    documents: list[RedactedDocument]


# -- live facial recognition adapters ----------------------------------------------------------


class LfrAlert(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An alert raised by a van: the watchlist entry matched, the score and the threshold."""

    deployment_id: NonEmpty
    alert_id: NonEmpty
    watchlist_entry_id: NonEmpty
    score: float
    threshold: float
    raised_at: datetime
    crop_ref: NonEmpty


class LfrAdjudication(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    deployment_id: NonEmpty
    alert_id: NonEmpty
    officer: NonEmpty
    decision: Literal["true_alert", "false_alert", "inconclusive"]
    adjudicated_at: datetime
    note: str = ""


class LfrDeploymentReport(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A deployment's figures: only counters survive a face with no alert."""

    deployment_id: NonEmpty
    started_at: datetime
    ended_at: datetime
    faces_seen: Annotated[int, msgspec.Meta(ge=0)]
    alerts: Annotated[int, msgspec.Meta(ge=0)]
    true_alerts: Annotated[int, msgspec.Meta(ge=0)]
    false_alerts: Annotated[int, msgspec.Meta(ge=0)]


class Receipt(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What an LFR adapter hook returns: accepted or not, and why."""

    accepted: bool
    reference: str = ""
    message: str = ""
