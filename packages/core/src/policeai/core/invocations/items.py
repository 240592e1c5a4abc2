"""Turn a tool's validated output into suggestion items a person can accept or reject.

Each item says what it would become on the case: an offence classification, a POLE entity,
or a document. Nothing here changes a case; accepting an item does (see the Case aggregate).
"""

from __future__ import annotations

from typing import Any

from policeai.core.plugins.types import (
    OffenceSuggestions,
    ProposedField,
    ProposedFields,
    RedactionResult,
    Summary,
)

#: Record-entry label -> (entity type, object subtype, identifier kind the value goes in).
ENTITY_FOR_LABEL: dict[str, tuple[str, str | None, str | None]] = {
    "PERSON": ("person", None, None),
    "DOB": ("person", None, "dob"),
    "NINO": ("person", None, "nino"),
    "EMAIL": ("person", None, "email"),
    "PHONE": ("object", "phone", "phone"),
    "VRM": ("object", "vehicle", "vrm"),
    "WEAPON": ("object", "weapon", None),
    "PROPERTY_VALUE": ("object", "property", None),
    "POSTCODE": ("location", None, "postcode"),
    "ADDRESS": ("location", None, None),
    "LOCATION": ("location", None, None),
    "DATETIME": ("event", None, None),
}


def items_from_output(capability: str, output: Any, source: str) -> list[dict[str, Any]]:
    """The suggestion items for a capability's output; ``source`` names the tool."""
    if capability == "offence_suggestion" and isinstance(output, OffenceSuggestions):
        return [
            {
                "kind": "offence",
                "label": f"{s.code} {s.description}",
                "value": {"code": s.code},
                "detail": {"score": s.score, "reason": s.reason, "group": s.group},
            }
            for s in output.suggestions
        ]
    if capability == "record_entry" and isinstance(output, ProposedFields):
        return [_entity_item(field) for field in output.fields]
    if capability == "summarise" and isinstance(output, Summary):
        text = " ".join(sentence.text for sentence in output.sentences)
        sources = [
            {"doc_id": s.source.doc_id, "start": s.source.start, "end": s.source.end}
            for s in output.sentences
        ]
        return (
            [
                {
                    "kind": "document",
                    "label": "Summary",
                    "value": {"text": text, "author": f"Summary by {source}"},
                    "detail": {"sources": sources},
                }
            ]
            if text
            else []
        )
    if capability == "redaction" and isinstance(output, RedactionResult):
        return [
            {
                "kind": "document",
                "label": f"Redacted copy of {doc.doc_id}",
                "value": {"text": doc.text, "author": f"Redaction by {source}"},
                "detail": {"doc_id": doc.doc_id, "redactions": len(doc.redactions)},
            }
            for doc in output.documents
        ]
    raise ValueError(f"no suggestion items for capability {capability!r}")


def _entity_item(field: ProposedField) -> dict[str, Any]:
    entity_type, subtype, identifier = ENTITY_FOR_LABEL[field.label]
    value: dict[str, Any] = {
        "entity_type": entity_type,
        "subtype": subtype,
        "role": field.role or ("scene" if entity_type == "location" else "other"),
        "name": "" if identifier else field.value,
        "identifiers": {identifier: field.value} if identifier else {},
    }
    detail: dict[str, Any] = {
        "confidence": field.confidence,
        "source": {
            "doc_id": field.source.doc_id,
            "start": field.source.start,
            "end": field.source.end,
        },
    }
    # An entity on the case has no place for a vehicle's make or a person's address, so what
    # the tool read about the field is shown beside it for the officer, not recorded with it.
    if field.attributes:
        detail["attributes"] = dict(field.attributes)
    return {
        "kind": "entity",
        "label": f"{field.label}: {field.text}",
        "value": value,
        "detail": detail,
    }
