"""The signed catalogue: every release Police.AI ever certified, and where it stands now.

A force trusts a release only as far as this document says. It lists, for each release that
was ever certified, the plugin id, version, registry entry (its slug, which is the plugin id,
and its UUID), certificate id, status (``certified``, ``suspended``, ``revoked`` or
``expired``), expiry, and the wheel's filename and SHA-256. It also names the transparency
log's tree head it was issued at (size, root and the signed checkpoint), so a force can check
that the log only grew between two syncs.

The document is canonical JSON: keys sorted, no spaces, UTF-8, times in UTC as
``YYYY-MM-DDTHH:MM:SS.ffffffZ``. The ``signature`` member holds an Ed25519 signature by
Police.AI's key (:mod:`policeai.registry.keys`) over ``CONTEXT`` followed by the canonical
bytes of every other member. The context string keeps a catalogue signature from ever being
mistaken for a checkpoint signature by the same key.

Each issue appends a :class:`~policeai.registry.transparency.leaves.RegistryChange` leaf
(``kind`` ``catalogue``, ``event`` ``CatalogueIssued``) to the log, so the log grows with every
catalogue and the catalogue names the checkpoint that includes its own issue.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from policeai.core.errors import PoliceAIError
from policeai.registry.entries.application import Registry
from policeai.registry.keys import key_id, public_key_b64, sign, verify
from policeai.registry.transparency.checkpoints import sign_checkpoint, verify_checkpoint
from policeai.registry.transparency.leaves import RegistryChange, encode_leaf
from policeai.registry.transparency.log import TransparencyLog
from policeai.registry.wheels import WHEEL_FILENAME

__all__ = [
    "CATALOGUE_ENTRY_ID",
    "CONTEXT",
    "FORMAT",
    "RELEASE_STATUSES",
    "CatalogueError",
    "build_catalogue",
    "canonical_json",
    "catalogue_digest",
    "catalogue_releases",
    "format_time",
    "parse_time",
    "verify_catalogue",
]

logger = logging.getLogger(__name__)

FORMAT = "police.ai/catalogue/v1"
CONTEXT = b"police.ai signed catalogue v1\n"
RELEASE_STATUSES = ("certified", "suspended", "revoked", "expired")
#: The ``entry_id`` of the log leaf recording a catalogue issue (the catalogue is no entry).
CATALOGUE_ENTRY_ID = uuid.uuid5(uuid.NAMESPACE_URL, "https://police.ai/registry/catalogue")
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
#: The text fields of a release and their longest lengths (those of the force's view).
_TEXT_FIELDS = {"plugin_id": 64, "version": 40, "registry_entry_id": 64, "certificate_id": 64}
_RELEASE_FIELDS = frozenset(
    {
        *_TEXT_FIELDS,
        "entry_id",
        "release_id",
        "status",
        "expires_at",
        "wheel_filename",
        "wheel_sha256",
    }
)


class CatalogueError(PoliceAIError):
    """A catalogue that cannot be trusted: malformed, altered, or signed by another key."""


def canonical_json(value: Any) -> bytes:
    """The canonical JSON bytes of ``value``: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def format_time(value: datetime) -> str:
    """A time as the catalogue writes it (UTC, microseconds, ``Z``)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise CatalogueError("a catalogue time needs a time zone")
    return value.astimezone(UTC).strftime(_TIME_FORMAT)


def parse_time(value: object, where: str) -> datetime:
    """A time written by :func:`format_time`; :class:`CatalogueError` for anything else."""
    if isinstance(value, str):
        try:
            return datetime.strptime(value, _TIME_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            pass
    raise CatalogueError(f"the catalogue is malformed: {where} is not a UTC time")


# -- issuing ----------------------------------------------------------------------------------


def catalogue_releases(registry: Registry, now: datetime) -> list[dict[str, Any]]:
    """Every release ever certified, with its status at ``now``, as the catalogue lists it.

    A release a force would refuse as malformed (a wheel file name that is not a plain
    wheel's name, say) is left out and logged, so it cannot make forces refuse the whole
    catalogue.
    """
    releases = []
    for entry in registry.list_entries():
        for summary in registry.get_entry(entry["entry_id"], now=now)["releases"]:
            if summary["certificate"] is None or summary["standing"] not in RELEASE_STATUSES:
                continue
            release = registry.get_release(summary["release_id"], now=now)
            certificate = release["certificate"]
            listed = {
                "plugin_id": release["manifest"]["id"],
                "version": release["version"],
                "registry_entry_id": release["slug"],
                "entry_id": str(release["entry_id"]),
                "release_id": str(release["release_id"]),
                "certificate_id": certificate["certificate_id"],
                "status": release["standing"],
                "expires_at": format_time(certificate["expires_at"]),
                "wheel_filename": release["wheel_filename"],
                "wheel_sha256": release["wheel_sha256"],
            }
            problem = _problem(listed, now)
            if problem is not None:
                logger.error(
                    "release %s of %s left out of the catalogue: %s", *_label(listed), problem
                )
                continue
            releases.append(listed)
    releases.sort(key=lambda r: (r["plugin_id"], r["version"]))
    return releases


def _label(release: dict[str, Any]) -> tuple[str, str]:
    return release["version"], release["plugin_id"]


def _problem(release: dict[str, Any], now: datetime) -> str | None:
    """Why a force would refuse the release as malformed, or None."""
    try:
        _check_release(release, now, 0)
    except CatalogueError as exc:
        return str(exc)
    return None


def _signed_message(document: dict[str, Any]) -> bytes:
    return CONTEXT + canonical_json({k: v for k, v in document.items() if k != "signature"})


def build_catalogue(
    registry: Registry,
    log: TransparencyLog,
    key: Ed25519PrivateKey,
    *,
    now: datetime,
    releases: list[dict[str, Any]] | None = None,
) -> str:
    """Issue a signed catalogue of ``registry`` at ``now``; its canonical JSON text.

    Appends the issue to ``log`` first and names the signed checkpoint that includes it. The
    log signs its own checkpoints when it has the key; otherwise one is signed here with
    ``key``. ``releases`` (from :func:`catalogue_releases`) saves computing them again.

    Raises:
        CatalogueError: the log's checkpoint is not signed by ``key``.
    """
    issued_at = format_time(now)
    releases = catalogue_releases(registry, now) if releases is None else releases
    leaf = RegistryChange(
        kind="catalogue",
        entry_id=CATALOGUE_ENTRY_ID,
        release_version=None,
        event="CatalogueIssued",
        at=now,
        actor_role="system",
    )
    index = log.append(encode_leaf(leaf))
    size = index + 1
    root = log.root(size)
    note = log.checkpoint(size) or sign_checkpoint(key, log.origin, size, root, now)
    public_key = public_key_b64(key)
    checkpoint = verify_checkpoint(note, public_key, origin=log.origin)
    if checkpoint is None or checkpoint.tree_size != size or checkpoint.root_hash != root:
        raise CatalogueError(
            f"the transparency log's checkpoint at size {size} is not signed by the catalogue "
            f"key {key_id(key)}: the log and the catalogue must use the same key"
        )
    document: dict[str, Any] = {
        "format": FORMAT,
        "issued_at": issued_at,
        "issuer": {"key_id": key_id(key), "public_key": public_key},
        "log": {
            "origin": log.origin,
            "tree_size": size,
            "root_hash": base64.b64encode(root).decode("ascii"),
            "checkpoint": note,
            "leaf_index": index,
        },
        "releases": releases,
    }
    signature = sign(key, _signed_message(document))
    document["signature"] = {
        "algorithm": "ed25519",
        "key_id": key_id(key),
        "value": base64.b64encode(signature).decode("ascii"),
    }
    return canonical_json(document).decode("utf-8")


# -- verifying --------------------------------------------------------------------------------


def _malformed(why: str) -> CatalogueError:
    return CatalogueError(f"the catalogue is malformed: {why}")


def _b64(value: object, where: str, size: int | None = None) -> bytes:
    if isinstance(value, str):
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raw = None
        if raw is not None and (size is None or len(raw) == size):
            return raw
    raise _malformed(f"{where} is not valid base64" + (f" of {size} bytes" if size else ""))


def _member(document: dict[str, Any], name: str, kind: type) -> Any:
    value = document.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise _malformed(f"{name!r} is missing or not a {kind.__name__}")
    return value


def _parse(text: str | bytes) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except (ValueError, TypeError, RecursionError):
        raise CatalogueError("the catalogue is not valid JSON") from None
    if not isinstance(document, dict):
        raise _malformed("it is not a JSON object")
    return document


def _check_signature(document: dict[str, Any], pinned_key: str) -> None:
    try:
        pinned_id = key_id(pinned_key)
    except ValueError:
        raise CatalogueError(
            "the pinned public key is not the base64 of a raw 32-byte Ed25519 key"
        ) from None
    block = _member(document, "signature", dict)
    if block.get("algorithm") != "ed25519":
        raise _malformed("the signature's algorithm is not ed25519")
    signer = block.get("key_id")
    if not isinstance(signer, str) or not _KEY_ID.fullmatch(signer):
        raise _malformed("the signature names no key id")
    if signer != pinned_id:
        raise CatalogueError(
            f"the catalogue is signed by key {signer}, not by the pinned Police.AI key "
            f"{pinned_id}: refusing it"
        )
    signature = _b64(block.get("value"), "the signature", 64)
    if not verify(pinned_key, _signed_message(document), signature):
        raise CatalogueError(
            f"the catalogue's signature does not verify with the pinned key {pinned_id}: it "
            "was altered after it was signed"
        )


def _check_log(document: dict[str, Any], pinned_key: str) -> None:
    log = _member(document, "log", dict)
    size, origin = log.get("tree_size"), log.get("origin")
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise _malformed("log.tree_size is not a positive whole number")
    if not isinstance(origin, str):
        raise _malformed("log.origin is missing")
    root = _b64(log.get("root_hash"), "log.root_hash", 32)
    checkpoint = verify_checkpoint(log.get("checkpoint"), pinned_key, origin=origin)
    if checkpoint is None:
        raise CatalogueError(
            "the catalogue's log checkpoint is not signed by the pinned key: refusing it"
        )
    if checkpoint.tree_size != size or checkpoint.root_hash != root:
        raise CatalogueError(
            "the catalogue's log checkpoint does not match the tree size and root it states"
        )


def _check_release(release: object, issued_at: datetime, position: int) -> tuple[str, str]:
    where = f"release {position}"
    if not isinstance(release, dict) or set(release) != _RELEASE_FIELDS:
        raise _malformed(f"{where} does not have exactly the fields {sorted(_RELEASE_FIELDS)}")
    for name, limit in _TEXT_FIELDS.items():
        value = release[name]
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise _malformed(f"{where}: {name} is not a text of 1 to {limit} characters")
    for name in ("entry_id", "release_id"):
        try:
            uuid.UUID(str(release[name]))
        except ValueError:
            raise _malformed(f"{where}: {name} is not a UUID") from None
    if release["status"] not in RELEASE_STATUSES:
        raise _malformed(f"{where}: status must be one of {', '.join(RELEASE_STATUSES)}")
    expires_at = parse_time(release["expires_at"], f"{where}: expires_at")
    if release["status"] == "expired" and expires_at > issued_at:
        raise _malformed(f"{where} is expired but its certificate runs past the issue time")
    filename = release["wheel_filename"]
    if not isinstance(filename, str) or not WHEEL_FILENAME.fullmatch(filename):
        raise _malformed(f"{where}: wheel_filename is not a wheel's file name")
    if not isinstance(release["wheel_sha256"], str) or not _SHA256.fullmatch(
        release["wheel_sha256"]
    ):
        raise _malformed(f"{where}: wheel_sha256 is not 64 lower-case hex digits")
    return release["plugin_id"], release["version"]


def verify_catalogue(text: str | bytes, public_key_b64: str) -> dict[str, Any]:
    """The catalogue in ``text``, once its signature verifies with the pinned key.

    The signature is checked first, over the canonical bytes, so no unsigned byte is trusted;
    then the embedded log checkpoint (signed by the same key, matching the stated size and
    root) and the shape of every release.

    Raises:
        CatalogueError: malformed JSON or fields, a signature by another key, an altered
            document, or a checkpoint that is not the pinned key's.
    """
    document = _parse(text)
    _check_signature(document, public_key_b64)
    if document.get("format") != FORMAT:
        raise _malformed(f"its format is not {FORMAT}")
    issued_at = parse_time(document.get("issued_at"), "issued_at")
    _check_log(document, public_key_b64)
    releases = _member(document, "releases", list)
    seen: set[tuple[str, str]] = set()
    for position, release in enumerate(releases):
        identity = _check_release(release, issued_at, position)
        if identity in seen:
            raise _malformed(f"{identity[0]} {identity[1]} is listed twice")
        seen.add(identity)
    return document


def catalogue_digest(text: str | bytes) -> str:
    """The SHA-256 (hex) of a catalogue's text, as a force records what it synced."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(raw).hexdigest()
