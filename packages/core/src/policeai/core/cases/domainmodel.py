"""The case aggregate, its events and invariants.

Events (past tense, as the design names them): CaseOpened, CrimeClassified, StatementAdded,
EntityRecorded, OfficerAssigned, OutcomeRecorded, CaseClosed, CaseReopened, EntityErased.
Each carries who acted, for which force and why (see :mod:`policeai.core.aggregate`), and
facts a person did not type carry their provenance.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from eventsourcing.domain import event

from policeai.core.aggregate import PoliceAggregate
from policeai.core.cases.entities import (
    ENTITY_TYPES,
    OBJECT_SUBTYPES,
    ROLES,
    entity_keys,
    validate_entity,
)
from policeai.core.cases.errors import (
    CaseClosedError,
    CaseError,
    InvalidEntityError,
    NoOutcomeError,
    NotClassifiedError,
    SuggestionDecidedError,
    UnknownEntityError,
    UnknownSuggestionError,
)
from policeai.core.cases.identifiers import InvalidIdentifierError
from policeai.core.cases.offences import UnknownOffenceError, get_offence
from policeai.core.cases.outcomes import UnknownOutcomeError, get_outcome
from policeai.core.cases.references import CaseReference, ReferenceCounter

# The case's vocabulary, re-exported so that callers need only this module.
__all__ = [
    "ENTITY_TYPES",
    "OBJECT_SUBTYPES",
    "ROLES",
    "Case",
    "CaseClosedError",
    "CaseError",
    "CaseReference",
    "InvalidEntityError",
    "InvalidIdentifierError",
    "NoOutcomeError",
    "NotClassifiedError",
    "ReferenceCounter",
    "SuggestionDecidedError",
    "UnknownEntityError",
    "UnknownOffenceError",
    "UnknownOutcomeError",
    "UnknownSuggestionError",
    "entity_keys",
]

CRD_DEADLINE = timedelta(hours=24)
TYPED = {"source": "typed"}


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise CaseError(f"the {name} must include a time zone (for example 2026-11-26T09:30Z)")
    return value


class Case(PoliceAggregate):
    """A reported crime: narrative, classification, statements, POLE entities, outcome."""

    @event("CaseOpened")
    def __init__(
        self,
        *,
        force: str,
        reference: str,
        narrative: str,
        reported_at: datetime,
        location: str,
        reporting_officer: str,
    ) -> None:
        self.force = force
        self.reference = reference
        self.narrative = narrative
        self.reported_at = reported_at
        self.location = location
        self.reporting_officer = reporting_officer
        self.assigned_officer: str | None = None
        self.status = "open"
        self.offence: dict[str, Any] | None = None
        self.classified_at: datetime | None = None
        self.outcome: dict[str, Any] | None = None
        # Only the ids: statements' text and details live in their events and the read
        # model, so a case with thousands of statements still loads in milliseconds.
        self.statement_ids: list[str] = []
        self.entities: dict[str, dict[str, Any]] = {}
        self.suggestions: dict[str, dict[str, Any]] = {}

    @classmethod
    def open(
        cls,
        *,
        force: str,
        reference: str,
        narrative: str,
        reported_at: datetime,
        location: str,
        reporting_officer: str,
    ) -> Case:
        narrative = narrative.strip()
        if not narrative:
            raise CaseError("the narrative must not be empty: say what was reported")
        if not location.strip():
            raise CaseError("the location must not be empty")
        _aware(reported_at, "time reported")
        if reported_at > datetime.now(reported_at.tzinfo) + timedelta(minutes=5):
            raise CaseError("the time reported cannot be in the future")
        return cls(
            force=force,
            reference=reference,
            narrative=narrative,
            reported_at=reported_at,
            location=location.strip(),
            reporting_officer=reporting_officer,
        )

    # -- invariants ---------------------------------------------------------------------------

    def check_open(self) -> None:
        if self.status == "closed":
            raise CaseClosedError(
                f"case {self.reference} is closed: reopen it (with a reason) before changing it"
            )

    def check_classified(self) -> None:
        if self.offence is None:
            raise NotClassifiedError(
                f"case {self.reference} has no offence classification yet: "
                "classify the crime before recording an outcome"
            )

    def check_has_final_outcome(self) -> None:
        if self.outcome is None or self.outcome["code"] == 0:
            raise NoOutcomeError(
                f"case {self.reference} cannot be closed without an outcome: "
                "record a Home Office outcome type (1-22) first"
            )

    # -- derived facts ------------------------------------------------------------------------

    @property
    def crd_due(self) -> datetime:
        """When the Crime Recording Decision is due: 24 hours after the report."""
        return self.reported_at + CRD_DEADLINE

    def crd_overdue(self, now: datetime) -> bool:
        return self.offence is None and now > self.crd_due

    # -- commands -----------------------------------------------------------------------------

    def classify(self, code: str, provenance: dict[str, Any] | None = None) -> None:
        self.check_open()
        offence = get_offence(code)
        self._classified(
            offence_code=offence.code,
            offence_description=offence.description,
            offence_group=offence.group,
            provenance=provenance or TYPED,
            classified_at=datetime.now(UTC),
        )

    @event("CrimeClassified")
    def _classified(
        self,
        offence_code: str,
        offence_description: str,
        offence_group: str,
        provenance: dict[str, Any],
        classified_at: datetime,
    ) -> None:
        self.offence = {
            "code": offence_code,
            "description": offence_description,
            "group": offence_group,
            "provenance": provenance,
        }
        if self.classified_at is None:
            self.classified_at = classified_at

    def add_statement(
        self,
        *,
        text: str,
        author: str,
        kind: str = "statement",
        provenance: dict[str, Any] | None = None,
    ) -> str:
        self.check_open()
        if not text.strip():
            raise CaseError("a statement or document must have some text")
        if not author.strip():
            raise CaseError("name the author of the statement or document")
        if kind not in {"statement", "document"}:
            raise CaseError(f"unknown kind {kind!r}: use 'statement' or 'document'")
        statement_id = str(uuid.uuid4())
        self._statement_added(
            statement_id=statement_id,
            kind=kind,
            text=text,
            author=author.strip(),
            sha256=sha256_text(text),
            provenance=provenance or TYPED,
        )
        return statement_id

    @event("StatementAdded")
    def _statement_added(
        self,
        statement_id: str,
        kind: str,
        text: str,
        author: str,
        sha256: str,
        provenance: dict[str, Any],
    ) -> None:
        self.statement_ids.append(statement_id)

    def record_entity(
        self,
        *,
        entity_type: str,
        role: str,
        name: str,
        identifiers: dict[str, str] | None = None,
        subtype: str | None = None,
        provenance: dict[str, Any] | None = None,
    ) -> str:
        self.check_open()
        normalised, flags = validate_entity(
            entity_type=entity_type, role=role, name=name, subtype=subtype, identifiers=identifiers
        )
        entity_id = str(uuid.uuid4())
        self._entity_recorded(
            entity_id=entity_id,
            entity_type=entity_type,
            subtype=subtype if entity_type == "object" else None,
            role=role,
            name=name.strip(),
            identifiers=normalised,
            flags=flags,
            provenance=provenance or TYPED,
        )
        return entity_id

    @event("EntityRecorded")
    def _entity_recorded(
        self,
        entity_id: str,
        entity_type: str,
        subtype: str | None,
        role: str,
        name: str,
        identifiers: dict[str, str],
        flags: list[str],
        provenance: dict[str, Any],
    ) -> None:
        self.entities[entity_id] = {
            "entity_id": entity_id,
            "entity_type": entity_type,
            "subtype": subtype,
            "role": role,
            "name": name,
            "identifiers": dict(identifiers),
            "flags": list(flags),
            "provenance": provenance,
            "erased": False,
        }

    def assign_officer(self, officer: str) -> None:
        self.check_open()
        if not officer.strip():
            raise CaseError("name the officer to assign")
        self._officer_assigned(officer=officer.strip())

    @event("OfficerAssigned")
    def _officer_assigned(self, officer: str) -> None:
        self.assigned_officer = officer

    def record_outcome(self, code: int | str, note: str = "") -> None:
        self.check_open()
        self.check_classified()
        outcome = get_outcome(code)
        self._outcome_recorded(outcome_code=outcome.code, outcome_title=outcome.title, note=note)

    @event("OutcomeRecorded")
    def _outcome_recorded(self, outcome_code: int, outcome_title: str, note: str) -> None:
        self.outcome = {"code": outcome_code, "title": outcome_title, "note": note}

    def close(self, reason: str = "") -> None:
        self.check_open()
        self.check_has_final_outcome()
        self._closed(reason=reason)

    @event("CaseClosed")
    def _closed(self, reason: str) -> None:
        self.status = "closed"

    def reopen(self, reason: str) -> None:
        if self.status != "closed":
            raise CaseError(f"case {self.reference} is already open")
        if not reason.strip():
            raise CaseError("say why the case is being reopened")
        self._reopened(reason=reason.strip())

    @event("CaseReopened")
    def _reopened(self, reason: str) -> None:
        self.status = "open"

    def erase_entity(self, entity_id: str, reason: str) -> None:
        """Erase an entity's personal data from the case's current state (DPA 2018 s.47)."""
        entity = self.entities.get(entity_id)
        if entity is None or entity["erased"]:
            raise UnknownEntityError(f"case {self.reference} has no entity {entity_id}")
        if not reason.strip():
            raise CaseError("say why the personal data is being erased")
        self._entity_erased(entity_id=entity_id, reason=reason.strip())

    @event("EntityErased")
    def _entity_erased(self, entity_id: str, reason: str) -> None:
        entity = self.entities[entity_id]
        entity.update(name="[erased]", identifiers={}, flags=[], erased=True)

    # -- AI suggestions and the human decisions on them --------------------------------------

    def add_suggestion(
        self, *, invocation: dict[str, Any], capability: str, items: list[dict[str, Any]]
    ) -> str:
        """Put a completed invocation's output on the case; it is not part of the record."""
        suggestion_id = str(uuid.uuid4())
        self._suggestion_added(
            suggestion_id=suggestion_id,
            invocation=invocation,
            capability=capability,
            items=[{**item, "item_id": str(i)} for i, item in enumerate(items, start=1)],
        )
        return suggestion_id

    @event("SuggestionAdded")
    def _suggestion_added(
        self,
        suggestion_id: str,
        invocation: dict[str, Any],
        capability: str,
        items: list[dict[str, Any]],
    ) -> None:
        self.suggestions[suggestion_id] = {
            "suggestion_id": suggestion_id,
            "invocation": dict(invocation),
            "capability": capability,
            "items": {item["item_id"]: {**item, "decision": None} for item in items},
        }

    def _pending_item(self, suggestion_id: str, item_id: str) -> dict[str, Any]:
        self.check_open()
        suggestion = self.suggestions.get(suggestion_id)
        if suggestion is None or item_id not in suggestion["items"]:
            raise UnknownSuggestionError(
                f"case {self.reference} has no suggestion {suggestion_id} item {item_id}"
            )
        item = suggestion["items"][item_id]
        if item["decision"] is not None:
            raise SuggestionDecidedError(
                f"this suggestion was already {item['decision']['outcome']} by "
                f"{item['decision']['by']}"
            )
        return item

    def accept_suggestion(
        self, suggestion_id: str, item_id: str, *, by: str, edits: dict[str, Any] | None = None
    ) -> Any:
        """A person accepts an item (optionally edited); only now does it enter the record."""
        item = self._pending_item(suggestion_id, item_id)
        edits = {k: v for k, v in (edits or {}).items() if v not in (None, "")}
        unknown = set(edits) - EDITABLE[item["kind"]]
        if unknown:
            raise CaseError(
                f"cannot edit {', '.join(sorted(unknown))} of a {item['kind']} suggestion; "
                f"editable: {', '.join(sorted(EDITABLE[item['kind']]))}"
            )
        value = {**item["value"], **edits}
        invocation = self.suggestions[suggestion_id]["invocation"]
        provenance = {
            "source": "accepted",
            "accepted_by": by,
            "edited": bool(edits),
            "suggestion_id": suggestion_id,
            "item_id": item_id,
            **{k: invocation[k] for k in PROVENANCE_KEYS if k in invocation},
        }
        # Check the fact is valid before recording the acceptance: both or neither.
        apply = self._fact_command(item["kind"], value, provenance)
        self._suggestion_accepted(suggestion_id=suggestion_id, item_id=item_id, by=by, edits=edits)
        return apply()

    def _fact_command(
        self, kind: str, value: dict[str, Any], provenance: dict[str, Any]
    ) -> Callable[[], Any]:
        if kind == "offence":
            get_offence(value["code"])
            return lambda: self.classify(value["code"], provenance=provenance)
        if kind == "entity":
            probe = {k: value.get(k) for k in ("entity_type", "role", "name", "subtype")}
            validate_entity(**probe, identifiers=value.get("identifiers") or {})
            return lambda: self.record_entity(
                entity_type=value["entity_type"],
                role=value["role"],
                name=value.get("name", ""),
                identifiers=value.get("identifiers") or {},
                subtype=value.get("subtype"),
                provenance=provenance,
            )
        if kind == "document":
            return lambda: self.add_statement(
                text=value["text"], author=value["author"], kind="document", provenance=provenance
            )
        raise CaseError(f"unknown suggestion kind {kind!r}")

    @event("SuggestionAccepted")
    def _suggestion_accepted(
        self, suggestion_id: str, item_id: str, by: str, edits: dict[str, Any]
    ) -> None:
        item = self.suggestions[suggestion_id]["items"][item_id]
        item["decision"] = {"outcome": "accepted", "by": by, "edits": dict(edits), "reason": ""}

    def reject_suggestion(self, suggestion_id: str, item_id: str, *, by: str, reason: str) -> None:
        self._pending_item(suggestion_id, item_id)
        if not reason.strip():
            raise CaseError("say why the suggestion is rejected")
        self._suggestion_rejected(
            suggestion_id=suggestion_id, item_id=item_id, by=by, reason=reason.strip()
        )

    @event("SuggestionRejected")
    def _suggestion_rejected(self, suggestion_id: str, item_id: str, by: str, reason: str) -> None:
        item = self.suggestions[suggestion_id]["items"][item_id]
        item["decision"] = {"outcome": "rejected", "by": by, "edits": {}, "reason": reason}


#: What a person may change when accepting each kind of suggestion.
EDITABLE = {
    "offence": {"code"},
    "entity": {"entity_type", "subtype", "role", "name", "identifiers"},
    "document": {"text"},
}
PROVENANCE_KEYS = (
    "invocation_id",
    "registry_entry_id",
    "release_version",
    "certificate_id",
    "plugin_id",
)
