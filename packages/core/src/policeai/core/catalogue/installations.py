"""What each force has installed: the exact release, the roles that may use it, its quota."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Engine, Integer, PrimaryKeyConstraint, String, Table, select

from policeai.core.database import UTCDateTime, metadata
from policeai.core.errors import NotFoundError, PoliceAIError
from policeai.core.users import ROLES

installations_table = Table(
    "installations",
    metadata,
    Column("force", String(50), nullable=False),
    Column("plugin_id", String(64), nullable=False),
    Column("version", String(40), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("quota_per_day", Integer),
    Column("quota_per_month", Integer),
    Column("installed_by", String(100), nullable=False),
    Column("installed_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("force", "plugin_id"),
)


@dataclass(frozen=True)
class Installation:
    force: str
    plugin_id: str
    version: str
    roles: list[str]
    quota_per_day: int | None
    quota_per_month: int | None
    installed_by: str
    installed_at: datetime


class Installations:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def install(
        self,
        *,
        force: str,
        plugin_id: str,
        version: str,
        roles: list[str],
        installed_by: str,
        quota_per_day: int | None = None,
        quota_per_month: int | None = None,
    ) -> Installation:
        """Install (or replace) the force's release of a plugin."""
        unknown = sorted(set(roles) - set(ROLES))
        if unknown:
            raise PoliceAIError(f"unknown roles {unknown}: use {', '.join(ROLES)}")
        for quota in (quota_per_day, quota_per_month):
            if quota is not None and quota < 0:
                raise PoliceAIError("a quota must be zero or more")
        installation = Installation(
            force=force,
            plugin_id=plugin_id,
            version=version,
            roles=sorted(set(roles)),
            quota_per_day=quota_per_day,
            quota_per_month=quota_per_month,
            installed_by=installed_by,
            installed_at=datetime.now(UTC),
        )
        with self.engine.begin() as conn:
            conn.execute(self._where(installations_table.delete(), force, plugin_id))
            conn.execute(installations_table.insert().values(**installation.__dict__))
        return installation

    def uninstall(self, force: str, plugin_id: str) -> None:
        with self.engine.begin() as conn:
            deleted = conn.execute(
                self._where(installations_table.delete(), force, plugin_id)
            ).rowcount
        if not deleted:
            raise NotFoundError(f"{plugin_id} is not installed for {force}")

    def get(self, force: str, plugin_id: str) -> Installation | None:
        with self.engine.connect() as conn:
            row = conn.execute(self._where(select(installations_table), force, plugin_id)).first()
        return Installation(**row._mapping) if row else None

    def for_force(self, force: str) -> list[Installation]:
        query = (
            select(installations_table)
            .where(installations_table.c.force == force)
            .order_by(installations_table.c.plugin_id)
        )
        with self.engine.connect() as conn:
            return [Installation(**row._mapping) for row in conn.execute(query)]

    @staticmethod
    def _where(statement: Any, force: str, plugin_id: str) -> Any:
        return statement.where(
            installations_table.c.force == force, installations_table.c.plugin_id == plugin_id
        )
