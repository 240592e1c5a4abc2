"""Read models with tracking: eventsourcing's TrackingRecorder over SQLAlchemy.

Each event is applied in one transaction together with its tracking position, so a crash
leaves either both or neither, and an event delivered twice is skipped, never counted twice.
Every view has a tracking table of its own, so several projections can follow one log.
"""

from __future__ import annotations

from collections.abc import Callable

from eventsourcing.persistence import Tracking, TrackingRecorder
from sqlalchemy import BigInteger, Column, Engine, String, Table, select, update
from sqlalchemy.engine import Connection

from policeai.core.database import metadata


def tracking_table(name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("application_name", String(100), primary_key=True),
        Column("notification_id", BigInteger, nullable=False),
    )


class SQLTrackingRecorder(TrackingRecorder):
    tracking: Table

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def insert_tracking(self, tracking: Tracking) -> None:
        self.apply(tracking, lambda _conn: None)

    def max_tracking_id(self, application_name: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(self.tracking.c.notification_id).where(
                    self.tracking.c.application_name == application_name
                )
            ).scalar()

    def apply(self, tracking: Tracking, write: Callable[[Connection], None]) -> bool:
        """Run ``write`` and advance the tracking position in one transaction.

        Returns False (and writes nothing) when this notification was already processed.
        """
        with self.engine.begin() as conn:
            if not self.advance(conn, tracking):
                return False
            write(conn)
        return True

    def advance(self, conn: Connection, tracking: Tracking) -> bool:
        """Move the tracking position to ``tracking`` inside the caller's transaction;
        False when that notification was already processed."""
        table = self.tracking
        advanced = conn.execute(
            update(table)
            .where(
                table.c.application_name == tracking.application_name,
                table.c.notification_id < tracking.notification_id,
            )
            .values(notification_id=tracking.notification_id)
        ).rowcount
        if advanced:
            return True
        exists = conn.execute(
            select(table.c.notification_id).where(
                table.c.application_name == tracking.application_name
            )
        ).scalar()
        if exists is not None:
            return False
        conn.execute(
            table.insert().values(
                application_name=tracking.application_name,
                notification_id=tracking.notification_id,
            )
        )
        return True
