"""The s.62 access log: who consulted, altered, disclosed or erased whose data, when and why.

Consultations and disclosures are written here by the cases application when they happen.
Alterations and erasures are written by the case projection from the event log (every event
already says who, when and why), in the same transaction as its tracking record, so they are
neither lost nor doubled. People are named by keyed digests of their identifiers, so the log
can answer "who looked at this person's data" without holding the data itself.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    select,
)
from sqlalchemy.engine import Connection

from policeai.core.context import current_actor
from policeai.core.database import UTCDateTime, as_uuid, metadata

ACTIONS = ("consultation", "alteration", "disclosure", "erasure")

access_log_table = Table(
    "access_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("user", String(100), nullable=False),
    Column("force", String(50), nullable=False),
    Column("role", String(30), nullable=False),
    Column("purpose", String(200), nullable=False),
    Column("action", String(20), nullable=False),
    Column("case_id", Uuid, nullable=False, index=True),
    Column("case_reference", String(40), nullable=False),
    Column("detail", Text, nullable=False, default=""),
    # Set for rows derived from the event log (alterations, erasures); null otherwise.
    Column("notification_id", BigInteger, nullable=True, unique=True),
)

access_log_subjects = Table(
    "access_log_subjects",
    metadata,
    Column("log_id", Integer, ForeignKey("access_log.id", ondelete="CASCADE"), nullable=False),
    Column("subject", String(64), nullable=False),
    Index("ix_access_log_subjects_subject", "subject"),
)


class AccessLog:
    def __init__(self, engine: Engine, salt: str) -> None:
        self.engine = engine
        self._salt = salt.encode()

    def subject_digest(self, key: str) -> str:
        return hmac.new(self._salt, key.encode(), hashlib.sha256).hexdigest()

    def record(
        self,
        *,
        action: str,
        case_id: UUID,
        case_reference: str,
        subjects: list[str],
        detail: str = "",
    ) -> None:
        """Log a consultation or disclosure by the acting user (written at once)."""
        actor = current_actor()
        with self.engine.begin() as conn:
            self.insert(
                conn,
                at=datetime.now(UTC),
                user=actor.user,
                force=actor.force,
                role=actor.role,
                purpose=actor.purpose,
                action=action,
                case_id=case_id,
                case_reference=case_reference,
                subjects=subjects,
                detail=detail,
            )

    def insert(
        self,
        conn: Connection,
        *,
        at: datetime,
        user: str,
        force: str,
        role: str,
        purpose: str,
        action: str,
        case_id: UUID | str,
        case_reference: str,
        subjects: Iterable[str],
        detail: str = "",
        notification_id: int | None = None,
    ) -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown s.62 action {action!r}")
        result = conn.execute(
            access_log_table.insert().values(
                at=at,
                user=user,
                force=force,
                role=role,
                purpose=purpose,
                action=action,
                case_id=as_uuid(case_id),
                case_reference=case_reference,
                detail=detail,
                notification_id=notification_id,
            )
        )
        log_id = result.inserted_primary_key[0]
        digests = sorted({self.subject_digest(key) for key in subjects})
        if digests:
            conn.execute(
                access_log_subjects.insert(), [{"log_id": log_id, "subject": d} for d in digests]
            )

    def for_case(self, case_id: UUID, force: str) -> list[dict[str, Any]]:
        """Every logged access to one case, oldest first."""
        query = (
            select(access_log_table)
            .where(
                access_log_table.c.case_id == as_uuid(case_id), access_log_table.c.force == force
            )
            .order_by(access_log_table.c.at, access_log_table.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def for_subject(self, key: str, force: str) -> list[dict[str, Any]]:
        """Every logged access touching one person's (or thing's) data, by its entity key."""
        query = (
            select(access_log_table)
            .join(access_log_subjects, access_log_subjects.c.log_id == access_log_table.c.id)
            .where(
                access_log_subjects.c.subject == self.subject_digest(key),
                access_log_table.c.force == force,
            )
            .order_by(access_log_table.c.at, access_log_table.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def clear_derived(self, conn: Connection) -> None:
        """Remove the rows the projection derived from events (before a rebuild)."""
        derived = select(access_log_table.c.id).where(
            access_log_table.c.notification_id.is_not(None)
        )
        conn.execute(access_log_subjects.delete().where(access_log_subjects.c.log_id.in_(derived)))
        conn.execute(
            access_log_table.delete().where(access_log_table.c.notification_id.is_not(None))
        )
