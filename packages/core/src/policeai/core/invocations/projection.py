"""The invocation projection: invocation events into :mod:`.views`."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from sqlalchemy import update

from policeai.core.invocations.domainmodel import Invocation
from policeai.core.invocations.views import InvocationViews, invocation_list


class InvocationProjection(Projection[InvocationViews]):
    name = "invocation_views"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Other aggregates' events only advance tracking."""
        self.view.insert_tracking(tracking)

    @process_event.register(Invocation.InvocationRequested)
    def _requested(self, e: Any, tracking: Tracking) -> None:
        row = {
            "invocation_id": e.originator_id,
            "force": e.force,
            "case_id": e.case_id,
            "plugin_id": e.plugin_id,
            "capability": e.capability,
            "hook": e.hook,
            "registry_entry_id": e.registry_entry_id,
            "release_version": e.release_version,
            "certificate_id": e.certificate_id,
            "classification": e.classification,
            "requested_by": e.actor,
            "purpose": e.purpose,
            "requested_at": e.timestamp,
            "status": "requested",
            "input_digest": e.input_digest,
            "version": e.originator_version,
        }
        self.view.apply(tracking, lambda conn: conn.execute(invocation_list.insert().values(row)))

    @process_event.register(Invocation.InvocationQueued)
    def _queued(self, e: Any, tracking: Tracking) -> None:
        self._update(e, tracking, status="queued", not_before=e.not_before)

    @process_event.register(Invocation.InvocationReleased)
    def _released(self, e: Any, tracking: Tracking) -> None:
        self._update(e, tracking, status="requested", not_before=None)

    @process_event.register(Invocation.InvocationStarted)
    def _started(self, e: Any, tracking: Tracking) -> None:
        self._update(e, tracking, status="running")

    @process_event.register(Invocation.InvocationCompleted)
    def _completed(self, e: Any, tracking: Tracking) -> None:
        self._update(
            e,
            tracking,
            status="completed",
            output_digest=e.output_digest,
            duration_ms=e.duration_ms,
            model_version=e.model_version,
            from_cache=e.from_cache,
            finished_at=e.timestamp,
        )

    @process_event.register(Invocation.InvocationFailed)
    def _failed(self, e: Any, tracking: Tracking) -> None:
        self._update(
            e,
            tracking,
            status="failed",
            error_class=e.error_class,
            error_message=e.message,
            duration_ms=e.duration_ms,
            finished_at=e.timestamp,
        )

    def _update(self, e: Any, tracking: Tracking, **values: Any) -> None:
        statement = (
            update(invocation_list)
            .where(invocation_list.c.invocation_id == e.originator_id)
            .values(version=e.originator_version, **values)
        )
        self.view.apply(tracking, lambda conn: conn.execute(statement))
