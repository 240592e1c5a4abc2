"""The force's verified copy of the catalogue: which releases are certified, until when.

The gateway asks only :class:`CatalogueView`. :class:`LocalCatalogue` keeps entries in the
force's database, written by the force's own tooling; the registry's signed catalogue
(synced and verified) fills the same table.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Column, Engine, PrimaryKeyConstraint, String, Table, select

from policeai.core.database import UTCDateTime, metadata
from policeai.core.errors import PoliceAIError

STATUSES = ("certified", "suspended", "revoked")

catalogue_releases = Table(
    "catalogue_releases",
    metadata,
    Column("plugin_id", String(64), nullable=False),
    Column("version", String(40), nullable=False),
    Column("registry_entry_id", String(64), nullable=False),
    Column("certificate_id", String(64), nullable=False),
    Column("status", String(20), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    Column("wheel_sha256", String(64)),
    PrimaryKeyConstraint("plugin_id", "version"),
)


@dataclass(frozen=True)
class CatalogueRelease:
    plugin_id: str
    version: str
    registry_entry_id: str
    certificate_id: str
    status: str
    expires_at: datetime
    wheel_sha256: str | None = None

    def standing(self, now: datetime) -> str:
        """``certified`` while current; otherwise suspended, revoked or expired."""
        if self.status == "certified" and now >= self.expires_at:
            return "expired"
        return self.status

    def is_current(self, now: datetime) -> bool:
        return self.standing(now) == "certified"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class CatalogueView(Protocol):
    def release(self, plugin_id: str, version: str) -> CatalogueRelease | None: ...

    def releases(self) -> list[CatalogueRelease]: ...


class LocalCatalogue:
    """A catalogue view kept in the force's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def put(self, release: CatalogueRelease) -> None:
        if release.status not in STATUSES:
            raise PoliceAIError(f"unknown status {release.status!r}: use one of {STATUSES}")
        with self.engine.begin() as conn:
            conn.execute(
                catalogue_releases.delete().where(
                    catalogue_releases.c.plugin_id == release.plugin_id,
                    catalogue_releases.c.version == release.version,
                )
            )
            conn.execute(catalogue_releases.insert().values(**release.to_dict()))

    def set_status(self, plugin_id: str, version: str, status: str) -> None:
        current = self.release(plugin_id, version)
        if current is None:
            raise PoliceAIError(f"{plugin_id} {version} is not in the catalogue")
        self.put(CatalogueRelease(**{**current.to_dict(), "status": status}))

    def release(self, plugin_id: str, version: str) -> CatalogueRelease | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(catalogue_releases).where(
                    catalogue_releases.c.plugin_id == plugin_id,
                    catalogue_releases.c.version == version,
                )
            ).first()
        return CatalogueRelease(**row._mapping) if row else None

    def releases(self) -> list[CatalogueRelease]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(catalogue_releases).order_by(
                    catalogue_releases.c.plugin_id, catalogue_releases.c.version
                )
            )
            return [CatalogueRelease(**row._mapping) for row in rows]
