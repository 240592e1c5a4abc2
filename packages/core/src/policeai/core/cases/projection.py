"""The case projection: turns case events into the read models in :mod:`.views`.

Run it with eventsourcing's projection runner (see :mod:`policeai.core.platform`); it can
also be rebuilt from the start of the event log at any time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import singledispatchmethod
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from policeai.core.cases.domainmodel import CRD_DEADLINE, Case, entity_keys
from policeai.core.cases.views import (
    CaseViews,
    case_list,
    case_timeline,
    entity_index,
    suggestion_items,
)


class CaseProjection(Projection[CaseViews]):
    name = "case_views"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events of other aggregates (counters, reference index) only advance tracking."""
        self.view.insert_tracking(tracking)

    @process_event.register(Case.CaseOpened)
    def _opened(self, e: Any, tracking: Tracking) -> None:
        case_id = e.originator_id

        def write(conn: Connection) -> None:
            conn.execute(
                case_list.insert().values(
                    case_id=case_id,
                    force=e.force,
                    reference=e.reference,
                    status="open",
                    narrative=e.narrative,
                    location=e.location,
                    reported_at=e.reported_at,
                    opened_at=e.timestamp,
                    crd_due=e.reported_at + CRD_DEADLINE,
                    reporting_officer=e.reporting_officer,
                    updated_at=e.timestamp,
                    version=e.originator_version,
                    statements_count=0,
                    entities_count=0,
                )
            )
            self.view.add_text(
                conn,
                doc_id=str(case_id),
                case_id=case_id,
                force=e.force,
                kind="narrative",
                body=e.narrative,
            )

        self._record(e, tracking, f"Opened case {e.reference}", write)

    @process_event.register(Case.CrimeClassified)
    def _classified(self, e: Any, tracking: Tracking) -> None:
        def write(conn: Connection) -> None:
            self._update(
                conn,
                e,
                offence_code=e.offence_code,
                offence_description=e.offence_description,
                offence_group=e.offence_group,
            )
            conn.execute(
                update(case_list)
                .where(case_list.c.case_id == e.originator_id)
                .where(case_list.c.classified_at.is_(None))
                .values(classified_at=e.classified_at)
            )

        summary = f"Classified as {e.offence_code} {e.offence_description}"
        self._record(e, tracking, summary, write)

    @process_event.register(Case.StatementAdded)
    def _statement(self, e: Any, tracking: Tracking) -> None:
        def write(conn: Connection) -> None:
            force = self._force(conn, e)
            self.view.add_text(
                conn,
                doc_id=e.statement_id,
                case_id=e.originator_id,
                force=force,
                kind=e.kind,
                body=e.text,
                author=e.author,
                sha256=e.sha256,
                provenance=e.provenance,
                version=e.originator_version,
                added_at=e.timestamp,
            )
            self._update(conn, e, statements_count=case_list.c.statements_count + 1)

        summary = f"Added {e.kind} by {e.author} (sha256 {e.sha256[:12]})"
        self._record(e, tracking, summary, write)

    @process_event.register(Case.EntityRecorded)
    def _entity(self, e: Any, tracking: Tracking) -> None:
        entity = {
            "entity_type": e.entity_type,
            "name": e.name,
            "identifiers": e.identifiers,
        }
        keys = entity_keys(entity)
        display = e.name or ", ".join(e.identifiers.values())

        def write(conn: Connection) -> None:
            force = self._force(conn, e)
            rows = [
                {
                    "case_id": e.originator_id,
                    "entity_id": e.entity_id,
                    "key": key,
                    "force": force,
                    "entity_type": e.entity_type,
                    "subtype": e.subtype,
                    "role": e.role,
                    "display": display,
                }
                for key in keys
            ]
            if rows:
                conn.execute(entity_index.insert(), rows)
            self._update(conn, e, entities_count=case_list.c.entities_count + 1)

        kind = e.subtype or e.entity_type
        self._record(e, tracking, f"Recorded {kind} ({e.role})", write, subjects=keys)

    @process_event.register(Case.OfficerAssigned)
    def _assigned(self, e: Any, tracking: Tracking) -> None:
        self._record(
            e,
            tracking,
            f"Assigned to {e.officer}",
            lambda conn: self._update(conn, e, assigned_officer=e.officer),
        )

    @process_event.register(Case.OutcomeRecorded)
    def _outcome(self, e: Any, tracking: Tracking) -> None:
        self._record(
            e,
            tracking,
            f"Outcome {e.outcome_code}: {e.outcome_title}",
            lambda conn: self._update(
                conn, e, outcome_code=e.outcome_code, outcome_title=e.outcome_title
            ),
        )

    @process_event.register(Case.CaseClosed)
    def _closed(self, e: Any, tracking: Tracking) -> None:
        self._record(
            e,
            tracking,
            "Closed" + (f": {e.reason}" if e.reason else ""),
            lambda conn: self._update(conn, e, status="closed", closed_at=e.timestamp),
        )

    @process_event.register(Case.CaseReopened)
    def _reopened(self, e: Any, tracking: Tracking) -> None:
        self._record(
            e,
            tracking,
            f"Reopened: {e.reason}",
            lambda conn: self._update(conn, e, status="open", closed_at=None),
        )

    @process_event.register(Case.EntityErased)
    def _erased(self, e: Any, tracking: Tracking) -> None:
        erased_keys: list[str] = []

        def write(conn: Connection) -> None:
            where = (entity_index.c.case_id == e.originator_id) & (
                entity_index.c.entity_id == e.entity_id
            )
            erased_keys.extend(conn.execute(select(entity_index.c.key).where(where)).scalars())
            conn.execute(delete(entity_index).where(where))
            self._update(conn, e, entities_count=case_list.c.entities_count - 1)

        self._record(
            e,
            tracking,
            f"Erased an entity's personal data: {e.reason}",
            write,
            action="erasure",
            subjects=erased_keys,
        )

    @process_event.register(Case.SuggestionAdded)
    def _suggestion_added(self, e: Any, tracking: Tracking) -> None:
        invocation = e.invocation

        def write(conn: Connection) -> None:
            force = self._force(conn, e)
            rows = [
                {
                    "suggestion_id": e.suggestion_id,
                    "item_id": item["item_id"],
                    "case_id": e.originator_id,
                    "force": force,
                    "invocation_id": invocation["invocation_id"],
                    "registry_entry_id": invocation["registry_entry_id"],
                    "plugin_id": invocation["plugin_id"],
                    "kind": item["kind"],
                    "label": item["label"],
                }
                for item in e.items
            ]
            if rows:
                conn.execute(suggestion_items.insert(), rows)

        summary = (
            f"{len(e.items)} suggestion(s) from {invocation['plugin_id']} "
            f"{invocation['release_version']} (invocation {invocation['invocation_id']})"
        )
        self._record(e, tracking, summary, write)

    @process_event.register(Case.SuggestionAccepted)
    def _suggestion_accepted(self, e: Any, tracking: Tracking) -> None:
        self._record(
            e,
            tracking,
            f"{e.by} accepted suggestion item {e.item_id}" + (" with edits" if e.edits else ""),
            lambda conn: self._decide(conn, e, "accepted", "", edited=bool(e.edits)),
        )

    @process_event.register(Case.SuggestionRejected)
    def _suggestion_rejected(self, e: Any, tracking: Tracking) -> None:
        self._record(
            e,
            tracking,
            f"{e.by} rejected suggestion item {e.item_id}: {e.reason}",
            lambda conn: self._decide(conn, e, "rejected", e.reason, edited=False),
        )

    @staticmethod
    def _decide(conn: Connection, e: Any, decision: str, reason: str, *, edited: bool) -> None:
        conn.execute(
            update(suggestion_items)
            .where(
                suggestion_items.c.suggestion_id == e.suggestion_id,
                suggestion_items.c.item_id == e.item_id,
            )
            .values(
                decision=decision,
                decided_by=e.by,
                decided_at=e.timestamp,
                reason=reason,
                edited=edited,
            )
        )

    # -- helpers ------------------------------------------------------------------------------

    def _record(
        self,
        e: Any,
        tracking: Tracking,
        summary: str,
        write: Callable[[Connection], None],
        *,
        action: str = "alteration",
        subjects: Iterable[str] = (),
    ) -> None:
        """Apply ``write`` plus the timeline row and the s.62 record, with tracking."""
        case_id = e.originator_id

        def transaction(conn: Connection) -> None:
            write(conn)
            self._update(conn, e)
            conn.execute(
                case_timeline.insert().values(
                    notification_id=tracking.notification_id,
                    case_id=case_id,
                    version=e.originator_version,
                    event=type(e).__name__,
                    at=e.timestamp,
                    actor=e.actor,
                    force=e.actor_force,
                    purpose=e.purpose,
                    provenance=getattr(e, "provenance", None),
                    summary=summary,
                )
            )
            reference = conn.execute(
                select(case_list.c.reference).where(case_list.c.case_id == case_id)
            ).scalar_one()
            self.view.access_log.insert(
                conn,
                at=e.timestamp,
                user=e.actor,
                force=e.actor_force,
                role="",
                purpose=e.purpose,
                action=action,
                case_id=case_id,
                case_reference=reference,
                subjects=subjects,
                detail=summary,
                notification_id=tracking.notification_id,
            )

        self.view.apply(tracking, transaction)

    @staticmethod
    def _update(conn: Connection, e: Any, **values: Any) -> None:
        conn.execute(
            update(case_list)
            .where(case_list.c.case_id == e.originator_id)
            .values(version=e.originator_version, updated_at=e.timestamp, **values)
        )

    @staticmethod
    def _force(conn: Connection, e: Any) -> str:
        return conn.execute(
            select(case_list.c.force).where(case_list.c.case_id == e.originator_id)
        ).scalar_one()
