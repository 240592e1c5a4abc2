"""The invocation read model: lists per case and per registry entry, the cache and the queue."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Engine,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    func,
    select,
)

from policeai.core.database import UTCDateTime, as_uuid, metadata
from policeai.core.tracking import SQLTrackingRecorder, tracking_table

invocation_tracking = tracking_table("invocation_tracking")

invocation_list = Table(
    "invocation_list",
    metadata,
    Column("invocation_id", Uuid, primary_key=True),
    Column("force", String(50), nullable=False),
    Column("case_id", Uuid, nullable=False),
    Column("plugin_id", String(64), nullable=False),
    Column("capability", String(30), nullable=False),
    Column("hook", String(60), nullable=False),
    Column("registry_entry_id", String(64), nullable=False),
    Column("release_version", String(40), nullable=False),
    Column("certificate_id", String(64), nullable=False),
    Column("classification", String(30), nullable=False),
    Column("requested_by", String(100), nullable=False),
    Column("purpose", String(200), nullable=False),
    Column("requested_at", UTCDateTime(), nullable=False),
    Column("status", String(20), nullable=False),
    Column("input_digest", String(64), nullable=False),
    Column("output_digest", String(64)),
    Column("duration_ms", Float),
    Column("model_version", String(100)),
    Column("from_cache", String(36)),
    Column("error_class", String(100)),
    Column("error_message", Text),
    Column("not_before", UTCDateTime()),
    Column("finished_at", UTCDateTime()),
    Column("version", Integer, nullable=False),
    Index("ix_invocation_list_case", "force", "case_id"),
    Index("ix_invocation_list_entry", "registry_entry_id"),
    Index("ix_invocation_list_cache", "force", "plugin_id", "input_digest"),
    Index("ix_invocation_list_status", "status"),
)


class InvocationViews(SQLTrackingRecorder):
    tracking = invocation_tracking

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)

    def reset(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(invocation_list.delete())
            conn.execute(self.tracking.delete())

    def _rows(self, query: Any) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def for_case(self, *, force: str, case_id: UUID) -> list[dict[str, Any]]:
        return self._rows(
            select(invocation_list)
            .where(invocation_list.c.force == force, invocation_list.c.case_id == as_uuid(case_id))
            .order_by(invocation_list.c.requested_at)
        )

    def for_entry(
        self, registry_entry_id: str, *, force: str | None = None
    ) -> list[dict[str, Any]]:
        query = select(invocation_list).where(
            invocation_list.c.registry_entry_id == registry_entry_id
        )
        if force is not None:
            query = query.where(invocation_list.c.force == force)
        return self._rows(query.order_by(invocation_list.c.requested_at))

    def get(self, invocation_id: UUID) -> dict[str, Any] | None:
        rows = self._rows(
            select(invocation_list).where(invocation_list.c.invocation_id == as_uuid(invocation_id))
        )
        return rows[0] if rows else None

    def find_cached(
        self,
        *,
        force: str,
        plugin_id: str,
        release_version: str,
        hook: str,
        input_digest: str,
        since: datetime,
    ) -> UUID | None:
        """The latest completed, uncached invocation of the same request within the window."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(invocation_list.c.invocation_id)
                .where(
                    invocation_list.c.force == force,
                    invocation_list.c.plugin_id == plugin_id,
                    invocation_list.c.release_version == release_version,
                    invocation_list.c.hook == hook,
                    invocation_list.c.input_digest == input_digest,
                    invocation_list.c.status == "completed",
                    invocation_list.c.from_cache.is_(None),
                    invocation_list.c.finished_at >= since,
                )
                .order_by(invocation_list.c.finished_at.desc())
                .limit(1)
            ).scalar()

    def due(self, now: datetime) -> list[UUID]:
        """Queued invocations whose quota period has rolled over."""
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    select(invocation_list.c.invocation_id)
                    .where(
                        invocation_list.c.status == "queued",
                        invocation_list.c.not_before <= now,
                    )
                    .order_by(invocation_list.c.requested_at)
                ).scalars()
            )

    def usage(self, force: str) -> list[dict[str, Any]]:
        """Per plugin: invocations by status, for the force admin."""
        return self._rows(
            select(
                invocation_list.c.plugin_id,
                invocation_list.c.status,
                func.count().label("count"),
            )
            .where(invocation_list.c.force == force)
            .group_by(invocation_list.c.plugin_id, invocation_list.c.status)
            .order_by(invocation_list.c.plugin_id, invocation_list.c.status)
        )
