"""A force's sync of the signed catalogue into its verified catalogue view, and what it may
install from it.

:func:`sync_catalogue` fetches the catalogue, verifies its signature with the pinned key, and
checks that the transparency log only grew since the last sync: a consistency proof from the
tree head the force verified last time to the one the catalogue names, checked with
:func:`policeai.registry.merkle.verify_consistency` (the first sync just records the head).
Only then does it replace the force's catalogue rows and the recorded tree head, in one
transaction. Any failure raises :class:`SyncError` (or :class:`CatalogueError`) before
anything is written, so the previous view stays exactly as it was.

A release the catalogue no longer lists disappears from the view; one listed as suspended or
revoked is kept with that status; one listed as expired keeps its (past) expiry and so reads
as expired. The gateway refuses all of them from then on.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from policeai.core.catalogue.view import CatalogueView, catalogue_releases
from policeai.core.database import UTCDateTime, metadata
from policeai.core.errors import ConflictError, ForbiddenError, PoliceAIError
from policeai.registry.catalogue import (
    CatalogueError,
    catalogue_digest,
    parse_time,
    verify_catalogue,
)
from policeai.registry.client import RegistryClient, normalise_project, project_of_wheel
from policeai.registry.merkle import verify_consistency

__all__ = [
    "InstallRefusedError",
    "InstallTarget",
    "SyncError",
    "SyncReport",
    "SyncState",
    "installable_release",
    "last_sync",
    "registry_sync_table",
    "sync_catalogue",
]

_STATE_ID = 1

registry_sync_table = Table(
    "registry_sync",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("registry_url", String(500), nullable=False),
    Column("key_id", String(16), nullable=False),
    Column("origin", String(255), nullable=False),
    Column("tree_size", BigInteger, nullable=False),
    Column("root_hash", LargeBinary(32), nullable=False),
    Column("checkpoint", Text, nullable=False),
    Column("catalogue", Text, nullable=False),
    Column("catalogue_sha256", String(64), nullable=False),
    Column("issued_at", UTCDateTime(), nullable=False),
    Column("synced_at", UTCDateTime(), nullable=False),
)


class SyncError(PoliceAIError):
    """The sync was refused (a log that did not only grow, a concurrent sync): nothing changed."""

    status_code = 409


class InstallRefusedError(ForbiddenError):
    """The release may not be installed: not in the verified catalogue, or not current."""


@dataclass(frozen=True)
class SyncState:
    """What the force verified at its last sync."""

    registry_url: str
    key_id: str
    origin: str
    tree_size: int
    root_hash: bytes
    checkpoint: str
    catalogue: str
    catalogue_sha256: str
    issued_at: datetime
    synced_at: datetime


@dataclass(frozen=True)
class SyncReport:
    registry_url: str
    key_id: str
    issued_at: datetime
    previous_size: int | None
    tree_size: int
    catalogue_sha256: str
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "registry_url": self.registry_url,
            "key_id": self.key_id,
            "issued_at": self.issued_at.isoformat(),
            "previous_tree_size": self.previous_size,
            "tree_size": self.tree_size,
            "catalogue_sha256": self.catalogue_sha256,
            "releases": dict(self.counts),
        }


@dataclass(frozen=True)
class InstallTarget:
    """A release the force may install: certified and current in its verified view."""

    plugin_id: str
    version: str
    certificate_id: str
    wheel_filename: str
    wheel_sha256: str


def _ensure_tables(engine: Engine) -> None:
    metadata.create_all(engine, tables=[registry_sync_table, catalogue_releases])


def last_sync(engine: Engine) -> SyncState | None:
    """The tree head and catalogue the force verified last, or None before the first sync."""
    _ensure_tables(engine)
    query = select(registry_sync_table).where(registry_sync_table.c.id == _STATE_ID)
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    values = dict(row._mapping)
    values.pop("id")
    values["root_hash"] = bytes(values["root_hash"])
    return SyncState(**values)


def _view_row(release: dict[str, Any]) -> dict[str, Any]:
    """A catalogue release as a row of the force's view (an expired one keeps its expiry)."""
    status = release["status"]
    return {
        "plugin_id": release["plugin_id"],
        "version": release["version"],
        "registry_entry_id": release["registry_entry_id"],
        "certificate_id": release["certificate_id"],
        "status": "certified" if status == "expired" else status,
        "expires_at": parse_time(release["expires_at"], "expires_at"),
        "wheel_sha256": release["wheel_sha256"],
    }


def _check_growth(previous: SyncState, origin: str, size: int, root: bytes, proof: Any) -> None:
    if origin != previous.origin:
        raise SyncError(
            f"the catalogue names the log {origin!r}, not {previous.origin!r} that this force "
            "synced from before: refusing it"
        )
    if not verify_consistency(previous.tree_size, size, previous.root_hash, root, proof):
        raise SyncError(
            f"the registry's transparency log at size {size} is not an extension of the log "
            f"this force verified at its last sync (size {previous.tree_size}): the log was "
            "rewritten; refusing the catalogue"
        )


def sync_catalogue(
    engine: Engine,
    client: RegistryClient,
    public_key_b64: str,
    *,
    now: datetime | None = None,
) -> SyncReport:
    """Fetch, verify and apply the registry's catalogue to the force's view (see the module).

    Raises:
        CatalogueError: the catalogue is malformed, altered, or not signed by the pinned key.
        SyncError: the log shrank or was rewritten, or another sync ran at the same moment.
        RegistryFetchError: the registry could not be reached or answered badly.
    """
    now = now or datetime.now(UTC)
    text = client.catalogue_text()
    document = verify_catalogue(text, public_key_b64)
    log = document["log"]
    size, origin = log["tree_size"], log["origin"]
    root = base64.b64decode(log["root_hash"])
    previous = last_sync(engine)
    if previous is not None:
        if size < previous.tree_size:
            raise SyncError(
                f"the registry's transparency log has {size} leaves, fewer than the "
                f"{previous.tree_size} this force verified at its last sync: it was rolled "
                "back or rewritten; refusing the catalogue"
            )
        proof = (
            [] if size == previous.tree_size else client.consistency_proof(previous.tree_size, size)
        )
        _check_growth(previous, origin, size, root, proof)
    rows = [_view_row(release) for release in document["releases"]]
    state = {
        "registry_url": client.base_url,
        "key_id": document["signature"]["key_id"],
        "origin": origin,
        "tree_size": size,
        "root_hash": root,
        "checkpoint": log["checkpoint"],
        "catalogue": text,
        "catalogue_sha256": catalogue_digest(text),
        "issued_at": parse_time(document["issued_at"], "issued_at"),
        "synced_at": now,
    }
    _apply(engine, previous, state, rows)
    counts: dict[str, int] = {}
    for release in document["releases"]:
        counts[release["status"]] = counts.get(release["status"], 0) + 1
    return SyncReport(
        registry_url=client.base_url,
        key_id=state["key_id"],
        issued_at=state["issued_at"],
        previous_size=previous.tree_size if previous else None,
        tree_size=size,
        catalogue_sha256=state["catalogue_sha256"],
        counts=counts,
    )


def _apply(
    engine: Engine,
    previous: SyncState | None,
    state: dict[str, Any],
    rows: list[dict[str, Any]],
) -> None:
    """Write the new tree head and view rows in one transaction, if no other sync came first."""
    table = registry_sync_table
    raced = ConflictError(
        "another sync changed the force's catalogue view at the same moment: nothing of this "
        "one was saved; run it again"
    )
    try:
        with engine.begin() as conn:
            if previous is None:
                conn.execute(insert(table).values(id=_STATE_ID, **state))
            else:
                moved = conn.execute(
                    update(table)
                    .where(
                        table.c.id == _STATE_ID,
                        table.c.tree_size == previous.tree_size,
                        table.c.root_hash == previous.root_hash,
                        table.c.catalogue_sha256 == previous.catalogue_sha256,
                    )
                    .values(**state)
                ).rowcount
                if moved != 1:
                    raise raced
            conn.execute(catalogue_releases.delete())
            if rows:
                conn.execute(insert(catalogue_releases), rows)
    except IntegrityError:
        raise raced from None


def installable_release(
    engine: Engine, view: CatalogueView, name: str, version: str, *, now: datetime
) -> InstallTarget:
    """The release ``name`` (a plugin id or a project name) ``version``, if the force may
    install it: listed in the last verified catalogue and certified and current in the view.

    Raises:
        InstallRefusedError: not synced yet, not listed, or not certified and current.
    """
    state = last_sync(engine)
    if state is None:
        raise InstallRefusedError(
            "this force has not synced the Police.AI catalogue yet: run 'policeai plugins sync'"
        )
    try:
        listed = _recorded_releases(state.catalogue)
    except CatalogueError:
        raise InstallRefusedError(
            "the catalogue recorded at the last sync cannot be read: sync again"
        ) from None
    wanted = normalise_project(name)
    matches = [
        r
        for r in listed
        if r["version"] == version
        and (r["plugin_id"] == name or project_of_wheel(r["wheel_filename"]) == wanted)
    ]
    if not matches:
        raise InstallRefusedError(
            f"{name} {version} is not in the force's verified catalogue: only certified "
            "releases may be installed"
        )
    listing = matches[0]
    release = view.release(listing["plugin_id"], version)
    standing = release.standing(now) if release else "missing from the view"
    if release is None or standing != "certified":
        certificate = release.certificate_id if release else listing["certificate_id"]
        raise InstallRefusedError(
            f"{listing['plugin_id']} {version} (certificate {certificate}) is {standing} in "
            "the force's verified catalogue: it may not be installed"
        )
    if release.wheel_sha256 != listing["wheel_sha256"]:
        raise InstallRefusedError(
            f"the force's view and its verified catalogue disagree on the hash of "
            f"{listing['plugin_id']} {version}: sync again"
        )
    return InstallTarget(
        plugin_id=release.plugin_id,
        version=release.version,
        certificate_id=release.certificate_id,
        wheel_filename=listing["wheel_filename"],
        wheel_sha256=listing["wheel_sha256"],
    )


def _recorded_releases(text: str) -> list[dict[str, Any]]:
    """The releases of the catalogue recorded at a sync (its signature was checked then)."""
    try:
        document = json.loads(text)
        releases = document["releases"]
    except (ValueError, TypeError, KeyError):
        raise CatalogueError("the recorded catalogue is not valid") from None
    if not isinstance(releases, list) or not all(isinstance(r, dict) for r in releases):
        raise CatalogueError("the recorded catalogue is not valid")
    return releases
