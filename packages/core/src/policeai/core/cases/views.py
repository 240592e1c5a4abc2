"""Read models of cases (SQLAlchemy tables) and the tracking view the projection writes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    DDL,
    JSON,
    BigInteger,
    Boolean,
    Column,
    Engine,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    and_,
    event,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Connection

from policeai.core.accesslog.log import AccessLog
from policeai.core.database import UTCDateTime, as_uuid, metadata
from policeai.core.tracking import SQLTrackingRecorder, tracking_table

case_tracking = tracking_table("projection_tracking")

case_list = Table(
    "case_list",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("force", String(50), nullable=False),
    Column("reference", String(40), nullable=False, unique=True),
    Column("status", String(10), nullable=False),
    Column("narrative", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("reported_at", UTCDateTime(), nullable=False),
    Column("opened_at", UTCDateTime(), nullable=False),
    Column("crd_due", UTCDateTime(), nullable=False),
    Column("classified_at", UTCDateTime()),
    Column("offence_code", String(10)),
    Column("offence_description", Text),
    Column("offence_group", String(60)),
    Column("outcome_code", Integer),
    Column("outcome_title", Text),
    Column("reporting_officer", String(100), nullable=False),
    Column("assigned_officer", String(100)),
    Column("closed_at", UTCDateTime()),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("version", Integer, nullable=False),
    Column("statements_count", Integer, nullable=False, default=0),
    Column("entities_count", Integer, nullable=False, default=0),
    Index("ix_case_list_force_reported", "force", "reported_at"),
    Index("ix_case_list_force_status", "force", "status"),
    Index("ix_case_list_offence", "force", "offence_code"),
)

case_text = Table(
    "case_text",
    metadata,
    Column("doc_id", String(36), primary_key=True),
    Column("case_id", Uuid, nullable=False, index=True),
    Column("force", String(50), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("body", Text, nullable=False),
    # For statements and documents (null for the narrative):
    Column("author", String(200)),
    Column("sha256", String(64)),
    Column("provenance", JSON),
    Column("version", Integer),
    Column("added_at", UTCDateTime()),
)
Index(
    "ix_case_text_fts",
    func.to_tsvector(literal_column("'english'"), case_text.c.body),
    postgresql_using="gin",
).ddl_if(dialect="postgresql")
event.listen(
    case_text,
    "after_create",
    DDL(
        "CREATE VIRTUAL TABLE IF NOT EXISTS case_text_fts USING fts5("
        "doc_id UNINDEXED, case_id UNINDEXED, force UNINDEXED, body, tokenize='porter')"
    ).execute_if(dialect="sqlite"),
)
event.listen(
    case_text,
    "before_drop",
    DDL("DROP TABLE IF EXISTS case_text_fts").execute_if(dialect="sqlite"),
)

entity_index = Table(
    "entity_index",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("entity_id", String(36), primary_key=True),
    Column("key", String(300), primary_key=True),
    Column("force", String(50), nullable=False),
    Column("entity_type", String(20), nullable=False),
    Column("subtype", String(20)),
    Column("role", String(20), nullable=False),
    Column("display", Text, nullable=False),
    Index("ix_entity_index_force_key", "force", "key"),
)

case_timeline = Table(
    "case_timeline",
    metadata,
    Column("notification_id", BigInteger, primary_key=True),
    Column("case_id", Uuid, nullable=False),
    Column("version", Integer, nullable=False),
    Column("event", String(40), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("force", String(50), nullable=False),
    Column("purpose", String(200), nullable=False),
    Column("provenance", JSON),
    Column("summary", Text, nullable=False),
    Index("ix_case_timeline_case", "case_id", "version"),
)

suggestion_items = Table(
    "suggestion_items",
    metadata,
    Column("suggestion_id", String(36), primary_key=True),
    Column("item_id", String(10), primary_key=True),
    Column("case_id", Uuid, nullable=False, index=True),
    Column("force", String(50), nullable=False),
    Column("invocation_id", String(36), nullable=False),
    Column("registry_entry_id", String(64), nullable=False, index=True),
    Column("plugin_id", String(64), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("label", Text, nullable=False),
    Column("decision", String(10)),
    Column("decided_by", String(100)),
    Column("decided_at", UTCDateTime()),
    Column("reason", Text),
    Column("edited", Boolean),
)

VIEW_TABLES = (case_list, case_text, entity_index, case_timeline, suggestion_items)


class CaseViews(SQLTrackingRecorder):
    """The case read models, as an eventsourcing tracking recorder over SQLAlchemy."""

    tracking = case_tracking

    def __init__(self, engine: Engine, access_log: AccessLog) -> None:
        super().__init__(engine)
        self.access_log = access_log
        self.is_sqlite = engine.dialect.name == "sqlite"

    def reset(self) -> None:
        """Empty the read models and the tracking position, for a rebuild from the log."""
        with self.engine.begin() as conn:
            for table in (*VIEW_TABLES, self.tracking):
                conn.execute(table.delete())
            if self.is_sqlite:
                conn.execute(text("DELETE FROM case_text_fts"))
            self.access_log.clear_derived(conn)

    # -- writes used by the projection --------------------------------------------------------

    def add_text(
        self,
        conn: Connection,
        *,
        doc_id: str,
        case_id: UUID,
        force: str,
        kind: str,
        body: str,
        **details: Any,
    ) -> None:
        row = {"doc_id": doc_id, "case_id": case_id, "force": force, "kind": kind, "body": body}
        conn.execute(case_text.insert().values(**row, **details))
        if self.is_sqlite:
            # The FTS table holds ids as the Uuid type stores them on SQLite (32 hex digits).
            row["case_id"] = as_uuid(case_id).hex
            conn.execute(
                text(
                    "INSERT INTO case_text_fts (doc_id, case_id, force, body) "
                    "VALUES (:doc_id, :case_id, :force, :body)"
                ),
                row,
            )

    # -- queries ------------------------------------------------------------------------------

    def list_cases(
        self,
        *,
        force: str,
        status: str | None = None,
        offence: str | None = None,
        officer: str | None = None,
        reported_from: datetime | None = None,
        reported_to: datetime | None = None,
        search: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """The force's cases, newest report first, with the filters officers use."""
        query = select(case_list).where(case_list.c.force == force)
        if status:
            query = query.where(case_list.c.status == status)
        if offence:
            query = query.where(case_list.c.offence_code == offence.strip().upper())
        if officer:
            query = query.where(
                or_(
                    case_list.c.assigned_officer == officer,
                    case_list.c.reporting_officer == officer,
                )
            )
        if reported_from:
            query = query.where(case_list.c.reported_at >= reported_from)
        if reported_to:
            query = query.where(case_list.c.reported_at < reported_to)
        if search and search.strip():
            query = query.where(case_list.c.case_id.in_(self._matching_case_ids(force, search)))
        query = query.order_by(case_list.c.reported_at.desc(), case_list.c.reference.desc())
        query = query.limit(max(1, min(limit, 500))).offset(max(0, offset))
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def count_cases(self, *, force: str) -> int:
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.count()).select_from(case_list).where(case_list.c.force == force)
            ).scalar_one()

    def _matching_case_ids(self, force: str, search: str) -> Any:
        # Quotes and NUL characters separate words: neither may reach the search syntax.
        words = [w for w in search.replace('"', " ").replace("\x00", " ").split() if w]
        if self.is_sqlite:
            # Quote every word so that user input is never read as FTS5 syntax.
            match = " ".join(f'"{w}"' for w in words)
            return (
                select(literal_column("case_id"))
                .select_from(text("case_text_fts"))
                .where(text("case_text_fts MATCH :match AND force = :force"))
                .params(match=match, force=force)
            )
        return select(case_text.c.case_id).where(
            case_text.c.force == force,
            func.to_tsvector(literal_column("'english'"), case_text.c.body).op("@@")(
                func.plainto_tsquery(literal_column("'english'"), " ".join(words))
            ),
        )

    def statements(self, case_id: UUID) -> list[dict[str, Any]]:
        """A case's statements and documents as projected so far, in the order added."""
        query = (
            select(
                case_text.c.doc_id.label("statement_id"),
                case_text.c.kind,
                case_text.c.body.label("text"),
                case_text.c.author,
                case_text.c.sha256,
                case_text.c.provenance,
                case_text.c.version,
            )
            .where(case_text.c.case_id == as_uuid(case_id), case_text.c.kind != "narrative")
            .order_by(case_text.c.version)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def timeline(self, case_id: UUID) -> list[dict[str, Any]]:
        query = (
            select(case_timeline)
            .where(case_timeline.c.case_id == as_uuid(case_id))
            .order_by(case_timeline.c.version)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def cases_for_entity(self, *, force: str, key: str) -> list[dict[str, Any]]:
        """The POLE index: every case (and role) an entity key appears in.

        Finding which cases a person appears in consults their data: each case found is
        logged as a consultation by the acting user (DPA 2018 s.62).
        """
        query = (
            select(
                entity_index.c.case_id,
                entity_index.c.entity_id,
                entity_index.c.role,
                entity_index.c.entity_type,
                entity_index.c.display,
                case_list.c.reference,
            )
            .join(case_list, case_list.c.case_id == entity_index.c.case_id)
            .where(entity_index.c.force == force, entity_index.c.key == key)
            .order_by(case_list.c.reference)
        )
        with self.engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(query)]
        for case_id, reference in sorted({(r["case_id"], r["reference"]) for r in rows}):
            self.access_log.record(
                action="consultation",
                case_id=case_id,
                case_reference=reference,
                subjects=[key],
                detail="found through the entity index",
            )
        return rows

    def linked_cases(self, *, force: str, case_id: UUID) -> list[dict[str, Any]]:
        """Other cases that share an entity key with this one, with the shared key."""
        mine = entity_index.alias("mine")
        other = entity_index.alias("other")
        query = (
            select(
                other.c.case_id,
                case_list.c.reference,
                other.c.key,
                mine.c.role.label("role_here"),
                other.c.role.label("role_there"),
                other.c.display,
            )
            .join(other, and_(other.c.key == mine.c.key, other.c.force == mine.c.force))
            .join(case_list, case_list.c.case_id == other.c.case_id)
            .where(
                mine.c.case_id == as_uuid(case_id),
                mine.c.force == force,
                other.c.case_id != as_uuid(case_id),
            )
            .order_by(case_list.c.reference, other.c.key)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def decisions(
        self, *, force: str | None = None, case_id: UUID | None = None, entry: str | None = None
    ) -> list[dict[str, Any]]:
        """Suggestion items and the human decisions on them, per case or per registry entry."""
        query = select(suggestion_items)
        if force is not None:
            query = query.where(suggestion_items.c.force == force)
        if case_id is not None:
            query = query.where(suggestion_items.c.case_id == as_uuid(case_id))
        if entry is not None:
            query = query.where(suggestion_items.c.registry_entry_id == entry)
        query = query.order_by(suggestion_items.c.suggestion_id, suggestion_items.c.item_id)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]
