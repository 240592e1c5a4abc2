"""The relational database for read models, users and the access log (SQLAlchemy)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Engine, MetaData, create_engine, event

metadata = MetaData()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite files get WAL and a generous busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, **kwargs)


def as_uuid(value: UUID | str) -> UUID:
    """Ids arrive as UUIDs from the domain and as strings from the edge; store UUIDs."""
    return value if isinstance(value, UUID) else UUID(str(value))
