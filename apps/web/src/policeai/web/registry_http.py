"""The public face of the Police.AI registry: package index, signed catalogue and the log.

No sign-in: everything here is public by design, and nothing here is personal data.

* ``GET /simple/`` and ``GET /simple/{project}/``: a PEP 503 simple index of the wheels of
  certified, current releases, each link ending ``#sha256=<hex>``, so that
  ``pip install --index-url http://HOST/simple/ NAME`` installs a certified plugin;
* ``GET /files/{filename}``: a wheel, only while its release is certified and current, its
  hash checked again on the way out;
* ``GET /catalogue.json``: the signed catalogue (:mod:`policeai.registry.catalogue`), issued
  afresh whenever a release's status changed (each issue is a leaf of the log);
* ``GET /log/checkpoint``, ``/log/proof/consistency``, ``/log/proof/inclusion`` and
  ``/log/leaves``: the transparency log's latest signed checkpoint, proofs and entries.

Bad parameters get a 400 with ``{"error": ...}``; a registry without its signing key answers
503 on what needs the key.
"""

from __future__ import annotations

import base64
import html
import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.projection import BaseProjectionRunner
from litestar import Controller, MediaType, Request, Response, get
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, QueryParameter
from sqlalchemy import select

from policeai.core.database import metadata
from policeai.core.errors import NotFoundError, PoliceAIError
from policeai.core.platform import Platform
from policeai.registry.catalogue import build_catalogue, catalogue_releases
from policeai.registry.client import normalise_project, project_of_wheel
from policeai.registry.entries.application import Registry, registry_env
from policeai.registry.keys import SigningKeyError, load_signing_key, signing_key_path
from policeai.registry.transparency.log import (
    TransparencyLog,
    checkpoints_table,
    head_table,
    leaves_table,
    nodes_table,
)
from policeai.registry.transparency.registry_leaves import start_registry_leaves
from policeai.registry.wheels import WHEELS_DIR, WheelStore

logger = logging.getLogger(__name__)

__all__ = ["REGISTRY_HANDLERS", "STATE_KEY", "PublicRegistry", "RegistryUnavailableError"]

MAX_SIZE = 2**63 - 1
LEAVES_PAGE = 1000
#: A catalogue is issued again after this long even when nothing changed (a fresh issue time).
CATALOGUE_MAX_AGE = timedelta(hours=1)
STATE_KEY = "registry_public"


class RegistryUnavailableError(PoliceAIError):
    """The registry cannot serve this now (no signing key)."""

    status_code = 503


class PublicRegistry:
    """The registry, its transparency log (on the platform's database), signing key and
    wheel store, opened when first needed so that an app without a key still starts."""

    def __init__(self, platform: Platform) -> None:
        self.settings = platform.settings
        self.engine = platform.engine
        self.wheels = WheelStore(self.settings.data_dir / WHEELS_DIR)
        self._lock = threading.RLock()
        self._registry: Registry | None = None
        self._key: Ed25519PrivateKey | None = None
        self._log: TransparencyLog | None = None
        self._issued: tuple[list[dict[str, Any]], str, datetime] | None = None
        self._leaves: BaseProjectionRunner[Registry] | None = None

    def start_leaves(self) -> None:
        """Make every registry change a leaf of the log, from now on and catching up on
        what was recorded before. Without a signing key the log is not kept: nothing runs."""
        with self._lock:
            if self._leaves is not None:
                return
            try:
                self.key()
            except RegistryUnavailableError:
                logger.warning("no signing key: registry changes are not added to the log yet")
                return
            self._leaves = start_registry_leaves(registry_env(self.settings), self.engine, self.log)

    @property
    def registry(self) -> Registry:
        with self._lock:
            if self._registry is None:
                self._registry = Registry(registry_env(self.settings))
            return self._registry

    def key(self) -> Ed25519PrivateKey:
        with self._lock:
            if self._key is None:
                path = signing_key_path(self.settings)
                try:
                    self._key = load_signing_key(path)
                except SigningKeyError as exc:
                    raise RegistryUnavailableError(
                        f"the registry cannot sign: {exc} (run 'policeai registry keygen')"
                    ) from None
            return self._key

    @property
    def log(self) -> TransparencyLog:
        """The log; it signs a checkpoint at every append once the key is there."""
        with self._lock:
            if self._log is not None:
                return self._log
            tables = [leaves_table, nodes_table, head_table, checkpoints_table]
            metadata.create_all(self.engine, tables=tables)
            try:
                key = self.key()
            except RegistryUnavailableError:
                return TransparencyLog(self.engine)  # reads only; not kept
            self._log = TransparencyLog(self.engine, signing_key=key)
            return self._log

    def catalogue(self, now: datetime | None = None) -> str:
        """The signed catalogue: the last one issued while nothing changed, else a new one."""
        now = now or datetime.now(UTC)
        with self._lock:
            releases = catalogue_releases(self.registry, now)
            if self._issued is not None:
                issued_releases, text, issued_at = self._issued
                if issued_releases == releases and now - issued_at < CATALOGUE_MAX_AGE:
                    return text
            text = build_catalogue(self.registry, self.log, self.key(), now=now, releases=releases)
            self._issued = (releases, text, now)
            return text

    def served(self, now: datetime | None = None) -> list[dict[str, Any]]:
        """The releases whose wheels are served: certified, current, and stored."""
        now = now or datetime.now(UTC)
        return [
            release
            for release in catalogue_releases(self.registry, now)
            if release["status"] == "certified" and self.wheels.has(release["wheel_filename"])
        ]

    def close(self) -> None:
        with self._lock:
            if self._leaves is not None:
                self._leaves.__exit__(None, None, None)
                self._leaves = None
            if self._registry is not None:
                self._registry.close()
                self._registry = None


def _public(state: State) -> PublicRegistry:
    public: PublicRegistry = state[STATE_KEY]
    return public


def _page(title: str, links: list[tuple[str, str]]) -> str:
    anchors = "\n".join(
        f'    <a href="{html.escape(href)}">{html.escape(text)}</a><br>' for href, text in links
    )
    return (
        "<!DOCTYPE html>\n<html>\n  <head>\n"
        '    <meta name="pypi:repository-version" content="1.0">\n'
        f"    <title>{html.escape(title)}</title>\n  </head>\n  <body>\n"
        f"    <h1>{html.escape(title)}</h1>\n{anchors}\n  </body>\n</html>\n"
    )


class PackageIndexController(Controller):
    """PEP 503: the projects with a certified, current release, and their wheels."""

    path = "/simple"
    tags = ["public registry"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", operation_id="simpleIndex", media_type=MediaType.HTML, sync_to_thread=True)
    def projects(self, state: State) -> str:
        """Every project with a certified, current release (PEP 503 root page)."""
        names = sorted({project_of_wheel(r["wheel_filename"]) for r in _public(state).served()})
        return _page("Police.AI certified plugins", [(f"{name}/", name) for name in names])

    @get(
        "/{project:str}",
        operation_id="simpleProject",
        media_type=MediaType.HTML,
        sync_to_thread=True,
    )
    def project(self, request: Request[Any, Any, Any], state: State, project: FromPath[str]) -> str:
        """The wheels of a project's certified, current releases, each with its SHA-256."""
        wanted = normalise_project(project)
        root = request.scope.get("root_path", "").rstrip("/")
        links = [
            (
                f"{root}/files/{quote(r['wheel_filename'])}#sha256={r['wheel_sha256']}",
                r["wheel_filename"],
            )
            for r in _public(state).served()
            if project_of_wheel(r["wheel_filename"]) == wanted
        ]
        if not links:
            raise NotFoundError(f"no certified, current release of {project!r} is served here")
        return _page(f"Links for {wanted}", links)


class RegistryFilesController(Controller):
    """The wheels themselves and the signed catalogue."""

    path = "/"
    tags = ["public registry"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/files/{filename:str}", operation_id="registryWheel", sync_to_thread=True)
    def wheel(self, state: State, filename: FromPath[str]) -> Response[bytes]:
        """A certified, current release's wheel; withheld if its bytes no longer match."""
        public = _public(state)
        release = next((r for r in public.served() if r["wheel_filename"] == filename), None)
        if release is None:
            raise NotFoundError(f"{filename} is not the wheel of a certified, current release")
        data = public.wheels.read_verified(filename, release["wheel_sha256"])
        return Response(
            data,
            media_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    @get(
        "/catalogue.json",
        operation_id="signedCatalogue",
        sync_to_thread=True,
        responses={
            200: ResponseSpec(
                data_container=dict[str, Any],
                generate_examples=False,
                description="The signed catalogue (a JSON object)",
            )
        },
    )
    def catalogue(self, state: State) -> Response[bytes]:
        """The catalogue signed by Police.AI's Ed25519 key: every release ever certified."""
        text = _public(state).catalogue()
        return Response(
            text.encode("utf-8"), media_type=MediaType.JSON, headers={"Cache-Control": "no-cache"}
        )


Size = Annotated[int, QueryParameter(ge=0, le=MAX_SIZE)]
OptionalSize = Annotated[int | None, QueryParameter(ge=0, le=MAX_SIZE)]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class TransparencyLogController(Controller):
    """The append-only Merkle log (RFC 6962 / 9162): checkpoint, proofs and entries."""

    path = "/log"
    tags = ["public registry"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get(
        "/checkpoint",
        operation_id="logCheckpoint",
        media_type=MediaType.TEXT,
        sync_to_thread=True,
    )
    def checkpoint(self, state: State) -> str:
        """The latest signed checkpoint (a C2SP signed note)."""
        note = _public(state).log.latest_checkpoint()
        if note is None:
            raise NotFoundError("the transparency log has no signed checkpoint yet")
        return note

    @get("/proof/consistency", operation_id="logConsistencyProof", sync_to_thread=True)
    def consistency(self, state: State, old: Size, new: OptionalSize = None) -> dict[str, Any]:
        """The proof that the tree of ``new`` leaves (default: all) extends that of ``old``."""
        log = _public(state).log
        new_size = log.size() if new is None else new
        proof = log.consistency_proof(old, new_size)
        return {
            "old_size": old,
            "new_size": new_size,
            "new_root": _b64(log.root(new_size)),
            "proof": [_b64(node) for node in proof],
        }

    @get("/proof/inclusion", operation_id="logInclusionProof", sync_to_thread=True)
    def inclusion(self, state: State, index: Size, size: OptionalSize = None) -> dict[str, Any]:
        """The audit path of leaf ``index`` in the tree of ``size`` leaves (default: all)."""
        log = _public(state).log
        tree_size = log.size() if size is None else size
        proof = log.inclusion_proof(index, tree_size)
        return {
            "index": index,
            "tree_size": tree_size,
            "leaf_hash": _b64(log.leaf(index).leaf_hash),
            "root": _b64(log.root(tree_size)),
            "proof": [_b64(node) for node in proof],
        }

    @get("/leaves", operation_id="logLeaves", sync_to_thread=True)
    def leaves(self, state: State, start: Size = 0, end: OptionalSize = None) -> dict[str, Any]:
        """Entries ``start`` to ``end`` (exclusive), at most 1000 at a time."""
        log = _public(state).log
        size = log.size()
        if start > size or (end is not None and end < start):
            raise PoliceAIError(
                f"start {start} and end {end} do not name a range of the log's {size} leaves"
            )
        stop = min(size, start + LEAVES_PAGE, size if end is None else end)
        query = (
            select(leaves_table)
            .where(leaves_table.c.idx >= start, leaves_table.c.idx < stop)
            .order_by(leaves_table.c.idx)
        )
        with log.engine.connect() as conn:
            rows = conn.execute(query).all()
        return {
            "start": start,
            "end": stop,
            "tree_size": size,
            "leaves": [
                {
                    "index": int(row.idx),
                    "entry": _b64(bytes(row.entry)),
                    "leaf_hash": _b64(bytes(row.leaf_hash)),
                    "appended_at": row.appended_at.isoformat(),
                }
                for row in rows
            ],
        }


REGISTRY_HANDLERS = [PackageIndexController, RegistryFilesController, TransparencyLogController]
