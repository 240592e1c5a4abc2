"""The signed catalogue: Police.AI lists every release it ever certified, with its status, and
signs the list; a force accepts it only if the pinned key signed exactly these bytes.

Each issue is a leaf of the transparency log, and the catalogue names the signed checkpoint
that includes it. A changed field, a changed signature, another key, a checkpoint that does
not match, or malformed JSON is refused with a clear :class:`CatalogueError`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from test_registry import ATRS, CERTIFIER, MODEL_CARD, VENDOR, manifest, report

from policeai.core.context import acting_as
from policeai.core.database import make_engine, metadata
from policeai.core.errors import NotFoundError
from policeai.core.settings import Settings
from policeai.registry.catalogue import (
    CATALOGUE_ENTRY_ID,
    CONTEXT,
    CatalogueError,
    build_catalogue,
    canonical_json,
    verify_catalogue,
)
from policeai.registry.entries import Registry, registry_env
from policeai.registry.keys import generate_key, key_id, public_key_b64, sign
from policeai.registry.merkle import leaf_hash, verify_inclusion
from policeai.registry.transparency import (
    RegistryChange,
    TransparencyLog,
    decode_leaf,
    verify_checkpoint,
)

NOW = datetime.now(UTC)
TOOL = "tiny-offence-suggester"


@pytest.fixture
def settings(backend: str, settings_for: Callable[..., Settings]) -> Settings:
    return settings_for(backend)


@pytest.fixture
def registry(settings: Settings) -> Iterator[Registry]:
    app = Registry(registry_env(settings))
    yield app
    app.close()


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    settings.ensure_data_dir()
    engine = make_engine(settings.database_url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def key(tmp_path: Path) -> Any:
    return generate_key(tmp_path / "keys" / "police-ai-signing-key.pem")


@pytest.fixture
def log(engine: Engine, key: Any) -> TransparencyLog:
    return TransparencyLog(engine, signing_key=key)


def release(
    registry: Registry,
    version: str,
    *,
    certify: bool = True,
    days: int = 365,
    wheel: str = "tiny_offence_suggester-{version}-py3-none-any.whl",
) -> Any:
    """A release of the tiny tool, submitted, tested and (unless told not to) certified."""
    try:
        entry_id = registry.get_entry_by_slug(TOOL)["entry_id"]
    except NotFoundError:
        with acting_as(VENDOR):
            entry_id = registry.register_entry(TOOL, ATRS)
    with acting_as(VENDOR):
        release_id = registry.submit_release(
            entry_id,
            version,
            wheel.format(version=version),
            hashlib.sha256(f"wheel {version}".encode()).hexdigest(),
            manifest(version, id=TOOL, name="Tiny offence suggester"),
            MODEL_CARD,
        )
    with acting_as(CERTIFIER):
        registry.record_test(release_id, report())
        if certify:
            registry.certify(release_id, NOW + timedelta(days=days), "meets the standard")
    return release_id


def resign(document: dict[str, Any], key: Any) -> str:
    """The document signed again by ``key``: what only the key's holder could produce."""
    body = {k: v for k, v in document.items() if k != "signature"}
    signature = sign(key, CONTEXT + canonical_json(body))
    document = {
        **body,
        "signature": {
            "algorithm": "ed25519",
            "key_id": key_id(key),
            "value": base64.b64encode(signature).decode(),
        },
    }
    return canonical_json(document).decode()


def test_the_catalogue_lists_every_release_ever_certified_signed_and_logged(registry, log, key):
    certified = release(registry, "1.0.0")
    suspended = release(registry, "1.1.0")
    revoked = release(registry, "1.2.0")
    release(registry, "1.3.0", certify=False)  # tested only: never certified, never listed
    with acting_as(CERTIFIER):
        registry.suspend(suspended, "complaint under review")
        registry.revoke(revoked, "supplier withdrew support")

    text = build_catalogue(registry, log, key, now=NOW)

    assert text == canonical_json(json.loads(text)).decode()
    document = verify_catalogue(text, public_key_b64(key))
    assert document["issuer"] == {"key_id": key_id(key), "public_key": public_key_b64(key)}
    listed = {r["version"]: r for r in document["releases"]}
    assert {v: r["status"] for v, r in listed.items()} == {
        "1.0.0": "certified",
        "1.1.0": "suspended",
        "1.2.0": "revoked",
    }
    first = listed["1.0.0"]
    record = registry.get_release(certified)
    assert first["plugin_id"] == TOOL
    assert first["registry_entry_id"] == TOOL
    assert first["entry_id"] == str(record["entry_id"])
    assert first["certificate_id"] == record["certificate"]["certificate_id"]
    assert first["wheel_filename"] == record["wheel_filename"]
    assert first["wheel_sha256"] == record["wheel_sha256"]
    assert first["expires_at"].startswith(f"{record['certificate']['expires_at']:%Y-%m-%dT}")

    # The issue is the log's newest leaf, and the catalogue names the checkpoint over it.
    size = document["log"]["tree_size"]
    assert size == log.size() == document["log"]["leaf_index"] + 1
    checkpoint = verify_checkpoint(document["log"]["checkpoint"], public_key_b64(key))
    assert checkpoint is not None
    assert checkpoint.tree_size == size
    assert base64.b64encode(checkpoint.root_hash).decode() == document["log"]["root_hash"]
    leaf = log.leaf(size - 1)
    change = decode_leaf(leaf.entry)
    assert isinstance(change, RegistryChange)
    assert (change.kind, change.event, change.entry_id) == (
        "catalogue",
        "CatalogueIssued",
        CATALOGUE_ENTRY_ID,
    )
    proof = log.inclusion_proof(size - 1, size)
    assert verify_inclusion(leaf_hash(leaf.entry), size - 1, size, proof, checkpoint.root_hash)

    # Every issue grows the log.
    again = verify_catalogue(build_catalogue(registry, log, key, now=NOW), public_key_b64(key))
    assert again["log"]["tree_size"] == size + 1


def test_an_expired_certificate_is_listed_as_expired(registry, log, key):
    release(registry, "1.0.0", days=30)
    later = NOW + timedelta(days=31)
    document = verify_catalogue(build_catalogue(registry, log, key, now=later), public_key_b64(key))
    assert [r["status"] for r in document["releases"]] == ["expired"]


def test_a_release_forces_would_refuse_is_left_out_not_the_whole_catalogue(
    registry, log, key, caplog
):
    release(registry, "1.0.0")
    release(registry, "2.0.0", wheel="tiny_offence_suggester-{version}-py3-none-any x.whl")
    document = verify_catalogue(build_catalogue(registry, log, key, now=NOW), public_key_b64(key))
    assert [r["version"] for r in document["releases"]] == ["1.0.0"]
    assert "release 2.0.0 of tiny-offence-suggester left out of the catalogue" in caplog.text


@pytest.fixture
def issued(registry: Registry, log: TransparencyLog, key: Any) -> str:
    release(registry, "1.0.0")
    return build_catalogue(registry, log, key, now=NOW)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "revoked"),
        ("wheel_sha256", "0" * 64),
        ("certificate_id", "PAI-000000000000"),
        ("expires_at", "2099-01-01T00:00:00.000000Z"),
    ],
)
def test_a_changed_field_breaks_the_signature(issued, key, field, value):
    document = json.loads(issued)
    document["releases"][0][field] = value
    with pytest.raises(CatalogueError, match="signature does not verify with the pinned key"):
        verify_catalogue(json.dumps(document), public_key_b64(key))


def test_an_added_release_or_a_changed_issue_time_breaks_the_signature(issued, key):
    document = json.loads(issued)
    document["releases"].append({**document["releases"][0], "version": "9.9.9"})
    with pytest.raises(CatalogueError, match="altered after it was signed"):
        verify_catalogue(json.dumps(document), public_key_b64(key))
    document = json.loads(issued)
    document["issued_at"] = "2099-01-01T00:00:00.000000Z"
    with pytest.raises(CatalogueError, match="altered after it was signed"):
        verify_catalogue(json.dumps(document), public_key_b64(key))


def test_a_changed_signature_is_refused(issued, key):
    document = json.loads(issued)
    raw = bytearray(base64.b64decode(document["signature"]["value"]))
    raw[0] ^= 1
    document["signature"]["value"] = base64.b64encode(bytes(raw)).decode()
    with pytest.raises(CatalogueError, match="signature does not verify"):
        verify_catalogue(json.dumps(document), public_key_b64(key))
    document["signature"]["value"] = "not base64!"
    with pytest.raises(CatalogueError, match="the signature is not valid base64"):
        verify_catalogue(json.dumps(document), public_key_b64(key))
    del document["signature"]
    with pytest.raises(CatalogueError, match="'signature' is missing"):
        verify_catalogue(json.dumps(document), public_key_b64(key))


def test_another_key_is_refused(issued, tmp_path):
    other = generate_key(tmp_path / "other.pem")
    with pytest.raises(
        CatalogueError, match=f"signed by key .*, not by the pinned .*{key_id(other)}"
    ):
        verify_catalogue(issued, public_key_b64(other))
    # A signature by another key that claims the pinned key's id does not verify either.
    document = json.loads(resign(json.loads(issued), other))
    document["signature"]["key_id"] = json.loads(issued)["signature"]["key_id"]
    pinned = json.loads(issued)["issuer"]["public_key"]
    with pytest.raises(CatalogueError, match="signature does not verify"):
        verify_catalogue(json.dumps(document), pinned)
    with pytest.raises(CatalogueError, match="pinned public key is not the base64"):
        verify_catalogue(issued, "not-a-key")


def test_a_checkpoint_that_does_not_match_the_stated_tree_head_is_refused(issued, key, tmp_path):
    document = json.loads(issued)
    document["log"]["tree_size"] += 1
    with pytest.raises(CatalogueError, match="does not match the tree size and root"):
        verify_catalogue(resign(document, key), public_key_b64(key))
    # A checkpoint signed by another key, in a catalogue signed by the pinned one.
    other = generate_key(tmp_path / "other.pem")
    with pytest.raises(CatalogueError, match="checkpoint is not signed by the pinned key"):
        verify_catalogue(resign(json.loads(issued), other), public_key_b64(other))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not valid JSON"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"releases": []}', "'signature' is missing"),
        (b"\xff\xfe", "not valid JSON"),
    ],
)
def test_malformed_text_is_refused(key, text, message):
    with pytest.raises(CatalogueError, match=message):
        verify_catalogue(text, public_key_b64(key))


def test_signed_but_malformed_content_is_refused(issued, key):
    """Even the key's holder cannot make a force accept a release of a bad shape."""
    cases: list[tuple[Callable[[dict[str, Any]], None], str]] = [
        (lambda d: d["releases"][0].update(status="withdrawn"), "status must be one of"),
        (lambda d: d["releases"][0].update(wheel_sha256="ABC"), "wheel_sha256 is not 64"),
        (lambda d: d["releases"][0].update(wheel_filename="../x.whl"), "not a wheel's file"),
        (lambda d: d["releases"][0].update(expires_at="tomorrow"), "is not a UTC time"),
        (lambda d: d["releases"][0].update(version="1" * 41), "version is not a text"),
        (lambda d: d["releases"][0].pop("release_id"), "exactly the fields"),
        (lambda d: d["releases"].append(dict(d["releases"][0])), "is listed twice"),
        (lambda d: d["releases"][0].update(status="expired"), "expired but its certificate"),
        (lambda d: d.update(format="other/v9"), "its format is not"),
    ]
    for change, message in cases:
        document = json.loads(issued)
        change(document)
        with pytest.raises(CatalogueError, match=message):
            verify_catalogue(resign(document, key), public_key_b64(key))
