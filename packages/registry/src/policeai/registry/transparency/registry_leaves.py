"""Every registry change is a leaf: a projection of the :class:`Registry` into the log.

eventsourcing's projection runner follows the registry's notification log and hands each
event to :class:`RegistryLeavesProjection`, which turns it into a :class:`RegistryChange`
and appends it to the :class:`TransparencyLog`. The append and the projection's tracking
position commit in one transaction (``append_many``'s ``before_commit``), so an event
becomes a leaf exactly once: a crash leaves both or neither, and an event delivered again
(after a restart, or to a second runner) is skipped.

What becomes a leaf, and what it says:

=====================  ============  ===========  ==========================================
event                  ``kind``      role         note
=====================  ============  ===========  ==========================================
EntryRegistered        entry         vendor       no release version
AtrsRecordUpdated      entry         vendor       no release version
ReleaseSubmitted       release       vendor
ReliabilityTested      release       certifier
RuleExempted           release       certifier
Rejected               release       certifier
Certified              certificate   certifier
Suspended              certificate   certifier
Reinstated             certificate   certifier
Revoked                certificate   certifier
CertificateExpired     certificate   certifier
=====================  ============  ===========  ==========================================

The role is the one the registry requires for the step: every certification step needs a
certifier, while entries and releases come from the tool's vendor. ``ReleaseListed`` (the
entry's half of a submission) and the slug index's events make no leaf of their own. A leaf
never holds the actor's name, the reasons given, the ATRS record or the report: only ids,
the version, the event's name, its time and the role.

Release events other than the submission carry no entry id or version, so the projection
keeps a small table of its own, ``registry_leaf_releases`` (release id -> entry id,
version), written in the same transaction as the submission's leaf.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.projection import BaseProjectionRunner, Projection
from sqlalchemy import Column, Connection, Engine, String, Table, Uuid, select
from sqlalchemy.exc import IntegrityError

from policeai.core.database import metadata
from policeai.core.tracking import SQLTrackingRecorder, tracking_table
from policeai.registry.entries.application import Registry
from policeai.registry.entries.domainmodel import RegistryEntry, Release
from policeai.registry.transparency.leaves import RegistryChange, encode_leaf
from policeai.registry.transparency.log import (
    TransparencyLog,
    checkpoints_table,
    head_table,
    leaves_table,
    nodes_table,
)

__all__ = [
    "RegistryLeaves",
    "RegistryLeavesProjection",
    "registry_leaf_releases",
    "registry_leaves_tracking",
    "start_registry_leaves",
    "wait_for_registry_leaves",
]

VENDOR = "vendor"
CERTIFIER = "certifier"

registry_leaves_tracking = tracking_table("registry_leaves_tracking")

registry_leaf_releases = Table(
    "registry_leaf_releases",
    metadata,
    Column("release_id", Uuid, primary_key=True),
    Column("entry_id", Uuid, nullable=False),
    Column("version", String(64), nullable=False),
)

_TABLES = [
    leaves_table,
    nodes_table,
    head_table,
    checkpoints_table,
    registry_leaves_tracking,
    registry_leaf_releases,
]


class _AlreadyLogged(Exception):  # noqa: N818 - a signal to roll back, not an error
    """The event's tracking position was recorded meanwhile: roll the append back."""


class RegistryLeaves(SQLTrackingRecorder):
    """The projection's view: the log it appends to, its tracking and its release table."""

    tracking = registry_leaves_tracking

    def __init__(self, engine: Engine, log: TransparencyLog) -> None:
        if log.engine is not engine:
            raise ValueError(
                "the transparency log and the projection's tracking must share one engine: "
                "a leaf and its tracking position commit in one transaction"
            )
        super().__init__(engine)
        self.log = log

    def release(self, release_id: UUID) -> tuple[UUID, str]:
        """The entry id and version of a release the projection has seen submitted."""
        query = select(registry_leaf_releases.c.entry_id, registry_leaf_releases.c.version)
        with self.engine.connect() as conn:
            row = conn.execute(query.where(registry_leaf_releases.c.release_id == release_id))
            found = row.first()
        if found is None:
            raise RuntimeError(
                f"release {release_id} has an event but the projection never saw it submitted"
            )
        return found.entry_id, found.version

    def append(
        self,
        change: RegistryChange,
        tracking: Tracking,
        also: Callable[[Connection], None] | None = None,
    ) -> int | None:
        """Append the change's leaf and advance the tracking position in one transaction.

        ``also`` writes more in the same transaction. The leaf index, or None when the
        event was already logged.
        """
        if self.has_tracking_id(tracking.application_name, tracking.notification_id):
            return None

        def track(conn: Connection, _indexes: list[int]) -> None:
            if not self.advance(conn, tracking):
                raise _AlreadyLogged
            if also is not None:
                also(conn)

        try:
            return self.log.append_many([encode_leaf(change)], before_commit=track)[0]
        except _AlreadyLogged:
            return None
        except IntegrityError:
            # Two runners raced to record the very first position: the other one won.
            if self.has_tracking_id(tracking.application_name, tracking.notification_id):
                return None
            raise


# event class -> (kind, role); entry events have no release version
_ENTRY_EVENTS: dict[type, str] = {
    RegistryEntry.EntryRegistered: "entry",
    RegistryEntry.AtrsRecordUpdated: "entry",
}
_RELEASE_EVENTS: dict[type, str] = {
    Release.ReliabilityTested: "release",
    Release.RuleExempted: "release",
    Release.Rejected: "release",
    Release.Certified: "certificate",
    Release.Suspended: "certificate",
    Release.Reinstated: "certificate",
    Release.Revoked: "certificate",
    Release.CertificateExpired: "certificate",
}


class RegistryLeavesProjection(Projection[RegistryLeaves]):
    """Registry events into :class:`RegistryChange` leaves of the transparency log."""

    name = "registry_leaves"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events that make no leaf (ReleaseListed, the slug index) only advance tracking."""
        kind = _ENTRY_EVENTS.get(type(domain_event))
        if kind is not None:
            self._append(domain_event, tracking, kind, domain_event.originator_id, None, VENDOR)
            return
        kind = _RELEASE_EVENTS.get(type(domain_event))
        if kind is not None:
            entry_id, version = self.view.release(domain_event.originator_id)
            self._append(domain_event, tracking, kind, entry_id, version, CERTIFIER)
            return
        self.view.insert_tracking(tracking)

    @process_event.register(Release.ReleaseSubmitted)
    def _submitted(self, e: Any, tracking: Tracking) -> None:
        row = {"release_id": e.originator_id, "entry_id": e.entry_id, "version": e.version}

        def remember(conn: Connection) -> None:
            conn.execute(registry_leaf_releases.insert().values(row))

        self._append(e, tracking, "release", e.entry_id, e.version, VENDOR, remember)

    def _append(
        self,
        e: Any,
        tracking: Tracking,
        kind: str,
        entry_id: UUID,
        version: str | None,
        role: str,
        also: Callable[[Connection], None] | None = None,
    ) -> None:
        change = RegistryChange(
            kind=kind,
            entry_id=entry_id,
            release_version=version,
            event=type(e).__name__,
            at=e.timestamp,
            actor_role=role,
        )
        self.view.append(change, tracking, also)


def start_registry_leaves(
    env: Mapping[str, str], engine: Engine, log: TransparencyLog
) -> BaseProjectionRunner[Registry]:
    """Start the projection runner that makes every registry change a leaf of ``log``.

    ``env`` is the registry's event store environment (:func:`~policeai.registry.entries.
    registry_env`); ``engine`` the database of ``log``, where the projection keeps its
    tracking. The runner catches up from its tracking position, then follows new events;
    stop it with ``runner.__exit__(None, None, None)`` (or use it as a context manager).
    """
    metadata.create_all(engine, tables=_TABLES)
    view = RegistryLeaves(engine, log)
    runner = BaseProjectionRunner(
        projection=RegistryLeavesProjection(view=view),
        application_class=Registry,
        tracking_recorder=view,
        topics=(),
        env=dict(env),
    )
    return runner.__enter__()


def wait_for_registry_leaves(runner: BaseProjectionRunner[Registry], timeout: float = 30.0) -> None:
    """Block until every registry event recorded so far is a leaf (or needs none).

    Raises:
        TimeoutError: the projection did not catch up within ``timeout`` seconds.
        Exception: whatever stopped the projection's thread.
    """
    head = runner.app.recorder.max_notification_id()
    runner.wait(head, timeout=timeout)
