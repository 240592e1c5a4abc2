"""The cases application: open and change cases, read them, and log every access (s.62)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar, Protocol, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from policeai.core.cases.domainmodel import (
    Case,
    CaseReference,
    ReferenceCounter,
    entity_keys,
)
from policeai.core.context import current_actor
from policeai.core.errors import ConflictError, NotFoundError
from policeai.core.invocations.domainmodel import QuotaCounter
from policeai.core.persistence import StartsAlongsideOthers

T = TypeVar("T")
MAX_ALLOCATION_ATTEMPTS = 50


class AccessRecorder(Protocol):
    """Where consultations and disclosures of personal data are logged (DPA 2018 s.62)."""

    def record(
        self,
        *,
        action: str,
        case_id: UUID,
        case_reference: str,
        subjects: list[str],
        detail: str = "",
    ) -> None: ...


class Cases(StartsAlongsideOthers, Application[UUID]):
    """The force's record: open, change and read cases. Methods return plain data.

    The same event store holds the force's AI invocations and quota counters (see
    :mod:`policeai.core.invocations`), so that a completed invocation and the suggestion
    it puts on a case are saved in one transaction.
    """

    name = "cases"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        Case: 100,
        ReferenceCounter: 100,
        QuotaCounter: 100,
    }

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        access_log: AccessRecorder | None = None,
    ) -> None:
        super().__init__(env)
        interval = int(self.env.get("POLICEAI_SNAPSHOT_INTERVAL") or 100)
        self.snapshotting_intervals = dict.fromkeys(type(self).snapshotting_intervals, interval)
        self.access_log = access_log
        #: The read model's statements of a case (set by the platform); without it, statements
        #: are read from the case's events.
        self.statement_source: Callable[[UUID], list[dict[str, Any]]] | None = None

    # -- commands -----------------------------------------------------------------------------

    def open_case(
        self,
        *,
        narrative: str,
        reported_at: datetime,
        location: str,
        reporting_officer: str | None = None,
    ) -> dict[str, Any]:
        """Open a case for the acting officer's force and allocate its crime reference number."""
        actor = current_actor()
        year = datetime.now(UTC).year
        for _attempt in range(MAX_ALLOCATION_ATTEMPTS):
            counter = self._counter(actor.force, year)
            counter.allocate()
            case = Case.open(
                force=actor.force,
                reference=counter.reference,
                narrative=narrative,
                reported_at=reported_at,
                location=location,
                reporting_officer=reporting_officer or actor.user,
            )
            index = CaseReference(reference=case.reference, case_id=case.id)
            try:
                self.save(counter, case, index)
            except IntegrityError:
                # Another officer took this number first: take the next one.
                time.sleep(random.uniform(0, 0.005))  # noqa: S311 - jitter, not security
                continue
            return {"case_id": case.id, "reference": case.reference, "version": case.version}
        raise ConflictError("could not allocate a crime reference number: too busy, try again")

    def classify(self, case_id: UUID, code: str, *, expected_version: int | None = None) -> int:
        return self._change(case_id, expected_version, lambda case: case.classify(code))

    def add_statement(
        self,
        case_id: UUID,
        *,
        text: str,
        author: str,
        kind: str = "statement",
        provenance: dict[str, Any] | None = None,
        expected_version: int | None = None,
    ) -> str:
        return self._change(
            case_id,
            expected_version,
            lambda case: case.add_statement(
                text=text, author=author, kind=kind, provenance=provenance
            ),
        )

    def record_entity(
        self,
        case_id: UUID,
        *,
        entity_type: str,
        role: str,
        name: str = "",
        identifiers: dict[str, str] | None = None,
        subtype: str | None = None,
        provenance: dict[str, Any] | None = None,
        expected_version: int | None = None,
    ) -> str:
        return self._change(
            case_id,
            expected_version,
            lambda case: case.record_entity(
                entity_type=entity_type,
                role=role,
                name=name,
                identifiers=identifiers,
                subtype=subtype,
                provenance=provenance,
            ),
        )

    def assign_officer(
        self, case_id: UUID, officer: str, *, expected_version: int | None = None
    ) -> None:
        self._change(case_id, expected_version, lambda case: case.assign_officer(officer))

    def record_outcome(
        self,
        case_id: UUID,
        code: int | str,
        note: str = "",
        *,
        expected_version: int | None = None,
    ) -> None:
        self._change(case_id, expected_version, lambda case: case.record_outcome(code, note))

    def close_case(
        self, case_id: UUID, reason: str = "", *, expected_version: int | None = None
    ) -> None:
        self._change(case_id, expected_version, lambda case: case.close(reason))

    def reopen_case(
        self, case_id: UUID, reason: str, *, expected_version: int | None = None
    ) -> None:
        self._change(case_id, expected_version, lambda case: case.reopen(reason))

    def accept_suggestion(
        self,
        case_id: UUID,
        suggestion_id: str,
        item_id: str,
        *,
        edits: dict[str, Any] | None = None,
        expected_version: int | None = None,
    ) -> Any:
        """A person accepts an AI suggestion (optionally edited): only now is it recorded."""
        by = current_actor().user
        return self._change(
            case_id,
            expected_version,
            lambda case: case.accept_suggestion(suggestion_id, item_id, by=by, edits=edits),
        )

    def reject_suggestion(
        self,
        case_id: UUID,
        suggestion_id: str,
        item_id: str,
        *,
        reason: str,
        expected_version: int | None = None,
    ) -> None:
        by = current_actor().user
        self._change(
            case_id,
            expected_version,
            lambda case: case.reject_suggestion(suggestion_id, item_id, by=by, reason=reason),
        )

    def erase_entity(
        self, case_id: UUID, entity_id: str, reason: str, *, expected_version: int | None = None
    ) -> None:
        self._change(case_id, expected_version, lambda case: case.erase_entity(entity_id, reason))

    # -- queries ------------------------------------------------------------------------------

    def get_case(self, case_id: UUID, *, log_access: bool = True) -> dict[str, Any]:
        """The case as plain data; reading it is a consultation recorded in the s.62 log."""
        case = self._get(case_id)
        if log_access:
            self._log("consultation", case, "viewed the case")
        return case_to_dict(case, datetime.now(UTC), self._statements(case))

    def case_version(self, case_id: UUID) -> int:
        return self._get(case_id).version

    def find_by_reference(self, reference: str) -> UUID:
        try:
            index = self.repository.get(CaseReference.create_id(reference.strip()))
        except AggregateNotFoundError:
            raise NotFoundError(f"no case has the reference {reference!r}") from None
        self._get(index.case_id)  # the caller's force must own it
        return index.case_id

    def history(self, case_id: UUID) -> list[dict[str, Any]]:
        """Every event of the case: what changed, who, when, why and from where it came."""
        case = self._get(case_id)
        self._log("consultation", case, "viewed the case history")
        return [event_to_dict(e) for e in self.events.get(case_id)]

    def disclose(self, case_id: UUID, *, recipient: str, reason: str) -> dict[str, Any]:
        """Hand the case's record to someone outside the force, logging it as a disclosure."""
        if not recipient.strip() or not reason.strip():
            raise ConflictError("a disclosure must name its recipient and its reason")
        case = self._get(case_id)
        self._log("disclosure", case, f"disclosed to {recipient.strip()}: {reason.strip()}")
        return case_to_dict(case, datetime.now(UTC), self._statements(case))

    # -- internals ----------------------------------------------------------------------------

    def _statements(self, case: Case) -> list[dict[str, Any]]:
        """The case's statements: the read model's, plus any it has not caught up with yet,
        read from the events after the last one it holds (read-your-writes)."""
        projected = self.statement_source(case.id) if self.statement_source else []
        statements = {s["statement_id"]: s for s in projected}
        if len(statements) < len(case.statement_ids):
            after = max((s["version"] for s in projected), default=0)
            for e in self.events.get(case.id, gt=after):
                if isinstance(e, Case.StatementAdded):
                    statements[e.statement_id] = {
                        "statement_id": e.statement_id,
                        "kind": e.kind,
                        "text": e.text,
                        "author": e.author,
                        "sha256": e.sha256,
                        "provenance": e.provenance,
                        "version": e.originator_version,
                    }
        return [statements[sid] for sid in case.statement_ids if sid in statements]

    def _counter(self, force: str, year: int) -> ReferenceCounter:
        try:
            return self.repository.get(ReferenceCounter.create_id(force, year))
        except AggregateNotFoundError:
            return ReferenceCounter(force=force, year=year)

    def load_case(self, case_id: UUID) -> Case:
        """The case aggregate, for application services working in the same record (the
        invocation gateway); the caller's force must own it."""
        return self._get(case_id)

    def log_access(self, case: Case, action: str, detail: str) -> None:
        """Record an s.62 access to the case by the acting user."""
        self._log(action, case, detail)

    def _get(self, case_id: UUID) -> Case:
        try:
            case = self.repository.get(case_id)
        except AggregateNotFoundError:
            raise NotFoundError(f"no case {case_id}") from None
        if not isinstance(case, Case) or case.force != current_actor().force:
            # Another force's case is reported exactly as a missing one.
            raise NotFoundError(f"no case {case_id}")
        return case

    def _change(
        self, case_id: UUID, expected_version: int | None, command: Callable[[Case], T]
    ) -> T:
        case = self._get(case_id)
        if expected_version is not None and case.version != expected_version:
            raise ConflictError(
                f"case {case.reference} changed since you opened it (version "
                f"{expected_version}, now {case.version}): nothing of yours was saved; "
                "reload the case and make your change again"
            )
        result = command(case)
        try:
            self.save(case)
        except IntegrityError:
            raise ConflictError(
                f"case {case.reference} was changed by someone else at the same moment: "
                "nothing of yours was saved; reload the case and make your change again"
            ) from None
        return result

    def _log(self, action: str, case: Case, detail: str) -> None:
        if self.access_log is None:
            return
        subjects = [key for entity in case.entities.values() for key in entity_keys(entity)]
        self.access_log.record(
            action=action,
            case_id=case.id,
            case_reference=case.reference,
            subjects=subjects,
            detail=detail,
        )


def case_to_dict(case: Case, now: datetime, statements: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "version": case.version,
        "force": case.force,
        "reference": case.reference,
        "status": case.status,
        "narrative": case.narrative,
        "location": case.location,
        "reported_at": case.reported_at,
        "opened_at": case.created_on,
        "reporting_officer": case.reporting_officer,
        "assigned_officer": case.assigned_officer,
        "offence": case.offence,
        "classified_at": case.classified_at,
        "crd_due": case.crd_due,
        "crd_overdue": case.crd_overdue(now),
        "outcome": case.outcome,
        "statements": statements,
        "entities": [dict(e) for e in case.entities.values() if not e["erased"]],
        "suggestions": [
            {**s, "items": list(s["items"].values())} for s in case.suggestions.values()
        ],
    }


EVENT_META = {"originator_id", "originator_version", "timestamp", "actor", "actor_force", "purpose"}


def event_to_dict(domain_event: Any) -> dict[str, Any]:
    name = type(domain_event).__name__
    data = {k: v for k, v in domain_event.__dict__.items() if k not in EVENT_META}
    data.pop("originator_topic", None)
    return {
        "event": name,
        "version": domain_event.originator_version,
        "at": domain_event.timestamp,
        "actor": domain_event.actor,
        "force": domain_event.actor_force,
        "purpose": domain_event.purpose,
        "provenance": data.pop("provenance", None),
        "data": data,
    }
