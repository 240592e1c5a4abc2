"""A small record-entry tool for the case web app's tests: it proposes a person, a vehicle
and a phone number wherever their patterns appear, each with the span it came from.

Imported by name (``ui_fake_plugins``) in the plugin process, which inherits the test
process's ``sys.path`` (pytest puts this folder on it).
"""

from __future__ import annotations

import re
import time

import msgspec

from policeai.core.plugins import hookimpl
from policeai.core.plugins.builtin import keyword_offences
from policeai.core.plugins.types import (
    OffenceSuggestion,
    OffenceSuggestionRequest,
    OffenceSuggestions,
    ProposedField,
    ProposedFields,
    RecordEntryRequest,
    Span,
)

PLUGIN_ID = "fake-record-entry"
PATTERNS = (
    ("PERSON", re.compile(r"\b(?:Mr|Mrs|Ms) [A-Z][a-z]+ [A-Z][a-z]+"), "suspect"),
    ("VRM", re.compile(r"\b[A-Z]{2}[0-9]{2} ?[A-Z]{3}\b"), None),
    ("PHONE", re.compile(r"\b07[0-9]{3} ?[0-9]{6}\b"), None),
)


class FakeRecordEntryPlugin:
    @hookimpl
    def policeai_manifest(self) -> dict[str, object]:
        data = msgspec.to_builtins(keyword_offences.policeai_manifest())
        data.update(id=PLUGIN_ID, name="Test record entry", capabilities=["record_entry"])
        return data

    @hookimpl
    def policeai_propose_record_fields(self, request: RecordEntryRequest) -> ProposedFields:
        document = request.document
        fields = [
            ProposedField(
                label=label,  # type: ignore[arg-type]
                value=match.group(0).removeprefix("Mr ").removeprefix("Mrs ").removeprefix("Ms "),
                source=Span(document.doc_id, match.start(), match.end()),
                text=match.group(0),
                confidence=0.9,
                role=role,
            )
            for label, pattern, role in PATTERNS
            for match in pattern.finditer(document.text)
        ]
        return ProposedFields(fields)


class SlowOffencesPlugin:
    """Suggests one offence after a pause, so that a page can be seen while it runs."""

    @hookimpl
    def policeai_manifest(self) -> dict[str, object]:
        data = msgspec.to_builtins(keyword_offences.policeai_manifest())
        data.update(id="slow-offences", name="Slow offence suggester")
        return data

    @hookimpl
    def policeai_suggest_offences(self, request: OffenceSuggestionRequest) -> OffenceSuggestions:
        time.sleep(2)
        return OffenceSuggestions(
            [OffenceSuggestion("44", "Theft of a pedal cycle", "Theft", 0.5, "a slow guess")]
        )
