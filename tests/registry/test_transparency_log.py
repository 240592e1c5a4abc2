"""The transparency log: Merkle roots and proofs from stored subtree hashes, on both backends.

Roots, inclusion proofs and consistency proofs for every tree size up to 40 equal the pure
RFC 6962 functions of ``policeai.registry.merkle`` and verify with its verifiers. Appends from
several threads and from separate processes get dense indexes, each entry exactly once.
Checkpoints are signed for every published size and any tampering is rejected; the signing key
lives in a 0600 file; leaves refuse personal-looking data; commitments open with their salt.
"""

from __future__ import annotations

import base64
import hashlib
import multiprocessing
import stat
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from policeai.core.database import make_engine, metadata
from policeai.core.settings import Settings
from policeai.registry import merkle
from policeai.registry.keys import (
    KeyExistsError,
    SigningKeyError,
    generate_key,
    key_id,
    load_signing_key,
    public_key_b64,
    raw_public_key,
    sign,
    signing_key_path,
    verify,
)
from policeai.registry.transparency import (
    InvocationDigest,
    LeafError,
    LogRangeError,
    PersonalDataError,
    RegistryChange,
    TransparencyLog,
    commit,
    decode_leaf,
    encode_leaf,
    invocation_digest,
    sign_checkpoint,
    verify_checkpoint,
    verify_commitment,
)

ORIGIN = "police.ai/test-log"
AT = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
SHA_IN = hashlib.sha256(b"the narrative sent to the tool").hexdigest()
SHA_OUT = hashlib.sha256(b"the tool's answer").hexdigest()


@pytest.fixture
def engine(backend: str, settings_for: Callable[..., Settings]) -> Iterator[Engine]:
    settings = settings_for(backend)
    settings.ensure_data_dir()
    engine = make_engine(settings.database_url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def key(tmp_path: Path) -> Any:
    return generate_key(tmp_path / "keys" / "police-ai-signing-key.pem")


def change(n: int = 0, **fields: Any) -> RegistryChange:
    values: dict[str, Any] = {
        "kind": "release",
        "entry_id": uuid.UUID(int=n),
        "release_version": "1.2.0",
        "event": "Certified",
        "at": AT + timedelta(seconds=n),
        "actor_role": "certifier",
        **fields,
    }
    return RegistryChange(**values)


def digest_fields(**fields: Any) -> dict[str, Any]:
    return {
        "force": "demo",
        "registry_entry_id": uuid.UUID(int=7),
        "release_version": "2.0.1",
        "certificate_id": "PAI-0123456789AB",
        "invocation_id": uuid.UUID(int=99),
        "requested_at": AT,
        "finished_at": AT + timedelta(seconds=3),
        "status": "completed",
        "purpose_code": "investigation",
        "input_digest": SHA_IN,
        "output_digest": SHA_OUT,
        **fields,
    }


def check_tree(log: TransparencyLog, entries: list[bytes], size: int) -> None:
    """Root, every inclusion proof and every consistency proof of the tree of ``size``."""
    prefix = entries[:size]
    root = merkle.root_hash(prefix)
    assert log.root(size) == root
    for index in range(size):
        proof = log.inclusion_proof(index, size)
        assert proof == merkle.inclusion_proof(prefix, index)
        assert merkle.verify_inclusion(merkle.leaf_hash(prefix[index]), index, size, proof, root)
    for old in range(size + 1):
        proof = log.consistency_proof(old, size)
        assert proof == merkle.consistency_proof(prefix, old)
        old_root = merkle.root_hash(entries[:old])
        assert merkle.verify_consistency(old, size, old_root, root, proof)


def check_dense(log: TransparencyLog, expected: set[bytes], returned: dict[bytes, int]) -> None:
    """Indexes 0..n-1, each entry exactly once, where its append said; proofs verify."""
    size = log.size()
    assert size == len(expected)
    stored = [log.leaf(i).entry for i in range(size)]
    assert set(stored) == expected
    assert len(set(stored)) == size
    assert all(stored[index] == entry for entry, index in returned.items())
    root = merkle.root_hash(stored)
    assert log.root() == root
    for index in range(0, size, 7):
        proof = log.inclusion_proof(index)
        assert merkle.verify_inclusion(merkle.leaf_hash(stored[index]), index, size, proof, root)
    for old in range(0, size + 1, 5):
        proof = log.consistency_proof(old)
        assert merkle.verify_consistency(old, size, log.root(old), root, proof)


# -- the log against the pure Merkle functions ------------------------------------------------


def test_roots_and_proofs_equal_the_pure_merkle_functions_for_sizes_1_to_40(engine):
    log = TransparencyLog(engine)
    entries = [f"leaf {n}: {'x' * (n % 5)}".encode() for n in range(40)]
    assert log.size() == 0
    assert log.root() == hashlib.sha256(b"").digest()
    published = []
    # One at a time up to 20, then batches of several sizes: both paths build the tree.
    for n in range(20):
        assert log.append(entries[n]) == n
        published.append(n + 1)
    start = 20
    for batch in (3, 1, 7, 9):
        assert log.append_many(entries[start : start + batch]) == list(range(start, start + batch))
        start += batch
        published.append(start)
    assert log.size() == 40
    for size in range(1, 41):
        check_tree(log, entries, size)
    assert log.consistency_proof(0) == []
    assert log.inclusion_proof(39) == merkle.inclusion_proof(entries, 39)


def test_a_leaf_keeps_its_entry_hash_and_time(engine):
    log = TransparencyLog(engine, clock=lambda: AT)
    entry = encode_leaf(change(1))
    index = log.append(entry)
    leaf = log.leaf(index)
    assert (leaf.index, leaf.entry, leaf.appended_at) == (0, entry, AT)
    assert leaf.leaf_hash == merkle.leaf_hash(entry)
    assert decode_leaf(leaf.entry) == change(1)
    assert log.append_many([]) == []


def test_sizes_and_indexes_beyond_the_log_are_refused(engine):
    log = TransparencyLog(engine)
    log.append_many([b"a", b"b", b"c"])
    for call in (
        lambda: log.root(4),
        lambda: log.root(-1),
        lambda: log.inclusion_proof(3),
        lambda: log.inclusion_proof(0, 0),
        lambda: log.inclusion_proof(-1),
        lambda: log.inclusion_proof(0, 4),
        lambda: log.consistency_proof(4),
        lambda: log.consistency_proof(2, 1),
        lambda: log.leaf(3),
        lambda: log.leaf(-1),
    ):
        with pytest.raises(LogRangeError):
            call()
    with pytest.raises(TypeError):
        log.inclusion_proof(True)
    with pytest.raises(TypeError):
        log.append("text, not bytes")  # type: ignore[arg-type]
    assert log.size() == 3


# -- concurrent writers -----------------------------------------------------------------------


def _thread_appends(log: TransparencyLog, worker: int) -> dict[bytes, int]:
    indexes: dict[bytes, int] = {}
    for i in range(10):
        entry = encode_leaf(change(worker * 1000 + i))
        indexes[entry] = log.append(entry)
    batch = [encode_leaf(change(worker * 1000 + 100 + i)) for i in range(3 + worker)]
    indexes.update(zip(batch, log.append_many(batch), strict=True))
    return indexes


def test_appends_from_four_threads_get_dense_indexes_and_a_checkpoint_each(engine, key):
    log = TransparencyLog(engine, signing_key=key, origin=ORIGIN)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(_thread_appends, [log] * 4, range(4)))
    returned = {entry: index for result in results for entry, index in result.items()}
    check_dense(log, set(returned), returned)
    # Each append published a tree size; each got a checkpoint that verifies.
    sizes = sorted({index + 1 for index in returned.values()})
    published = [size for size in range(1, log.size() + 1) if log.checkpoint(size)]
    assert len(published) == 4 * 11
    assert set(published) <= set(sizes)
    for size in published:
        checkpoint = verify_checkpoint(log.checkpoint(size), public_key_b64(key), origin=ORIGIN)
        assert checkpoint is not None
        assert (checkpoint.tree_size, checkpoint.root_hash) == (size, log.root(size))
    latest = verify_checkpoint(log.latest_checkpoint(), public_key_b64(key))
    assert latest is not None
    assert (latest.tree_size, latest.root_hash) == (log.size(), log.root())


def process_appends(url: str, worker: int, start: Any, results: Any) -> None:
    """Run in a spawned process: append 15 entries, one at a time and in batches."""
    engine = make_engine(url)
    try:
        log = TransparencyLog(engine)
        start.wait(timeout=60)
        indexes = {}
        for i in range(15):
            entry = f"process {worker} entry {i}".encode()
            if i % 5 == 4:
                indexes[entry] = log.append_many([entry])[0]
            else:
                indexes[entry] = log.append(entry)
        results.put(indexes)
    finally:
        engine.dispose()


def test_appends_from_two_processes_get_dense_indexes(engine):
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(3)
    results = context.Queue()
    url = engine.url.render_as_string(hide_password=False)
    processes = [
        context.Process(target=process_appends, args=(url, worker, start, results))
        for worker in range(2)
    ]
    for process in processes:
        process.start()
    start.wait(timeout=60)
    # The test process appends too, at the same time.
    log = TransparencyLog(engine)
    returned = {
        f"parent entry {i}".encode(): log.append(f"parent entry {i}".encode()) for i in range(10)
    }
    for _ in processes:
        returned.update(results.get(timeout=120))
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    results.close()
    results.join_thread()
    assert len(returned) == 40
    check_dense(log, set(returned), returned)


# -- signed checkpoints -----------------------------------------------------------------------


def _flip_signature_byte(note: str, position: int) -> str:
    body, _, signature_line = note.partition("\n\n")
    dash, name, blob = signature_line.rstrip("\n").split(" ")
    raw = bytearray(base64.b64decode(blob))
    raw[position] ^= 0x01
    return f"{body}\n\n{dash} {name} {base64.b64encode(bytes(raw)).decode()}\n"


def test_checkpoints_sign_and_verify_and_tampering_is_rejected(key, tmp_path):
    root = merkle.root_hash([b"a", b"b", b"c"])
    note = sign_checkpoint(key, ORIGIN, 3, root, AT)
    lines = note.split("\n")
    assert lines[:3] == [ORIGIN, "3", base64.b64encode(root).decode()]
    assert lines[3].startswith("timestamp ")
    assert lines[4] == ""
    assert lines[5].startswith(f"\u2014 {ORIGIN} ")
    checkpoint = verify_checkpoint(note, public_key_b64(key))
    assert checkpoint is not None
    assert (checkpoint.origin, checkpoint.tree_size, checkpoint.root_hash) == (ORIGIN, 3, root)
    assert checkpoint.timestamp == AT.replace(microsecond=123000)
    assert verify_checkpoint(note, public_key_b64(key), origin=ORIGIN) == checkpoint
    assert verify_checkpoint(note, public_key_b64(key), origin="police.ai/other") is None
    # A witness's cosignature line beside ours does not hurt.
    other = generate_key(tmp_path / "witness.pem")
    witnessed = note + sign_checkpoint(other, "witness.example", 3, root, AT).split("\n\n")[1]
    assert verify_checkpoint(witnessed, public_key_b64(key)) == checkpoint

    other_root = base64.b64encode(merkle.root_hash([b"a", b"b", b"d"])).decode()
    tampered = [
        note.replace("\n3\n", "\n4\n", 1),
        note.replace(base64.b64encode(root).decode(), other_root, 1),
        note.replace(f"{ORIGIN}\n", "police.ai/other-log\n", 1),
        note.replace(ORIGIN, "police.ai/other-log"),
        note.replace("timestamp 1", "timestamp 2", 1),
        _flip_signature_byte(note, 10),  # a byte of the Ed25519 signature
        _flip_signature_byte(note, 67),  # its last byte
        _flip_signature_byte(note, 0),  # the key hash
        note.replace("\n\n", "\n", 1),
        note.rstrip("\n"),
        note.replace("\n3\n", "\n03\n", 1),
        note.replace("timestamp", "time", 1),
        "extra line\n" + note,
        note + "\n",
        "",
        "\n\n",
    ]
    for text in tampered:
        assert text != note
        assert verify_checkpoint(text, public_key_b64(key)) is None, text
    assert verify_checkpoint(note, public_key_b64(other)) is None
    for bad_key in ("", "not base64!", base64.b64encode(b"short").decode()):
        assert verify_checkpoint(note, bad_key) is None
    for bad_input in (None, b"bytes", 3, ["list"]):
        assert verify_checkpoint(bad_input, public_key_b64(key)) is None  # type: ignore[arg-type]
        assert verify_checkpoint(note, bad_input) is None  # type: ignore[arg-type]
    for bad in (
        lambda: sign_checkpoint(key, "has space", 3, root, AT),
        lambda: sign_checkpoint(key, ORIGIN, -1, root, AT),
        lambda: sign_checkpoint(key, ORIGIN, 3, root[:31], AT),
        lambda: sign_checkpoint(key, ORIGIN, 3, root, AT.replace(tzinfo=None)),
    ):
        with pytest.raises(ValueError, match=r"origin|size|root|zone"):
            bad()


def test_the_log_signs_a_checkpoint_for_every_size_it_publishes(engine, key):
    log = TransparencyLog(engine, signing_key=key, origin=ORIGIN, clock=lambda: AT)
    assert log.latest_checkpoint() is None
    log.append(b"one")
    log.append_many([b"two", b"three", b"four"])
    log.append(b"five")
    assert [size for size in range(6) if log.checkpoint(size)] == [1, 4, 5]
    for size in (1, 4, 5):
        checkpoint = verify_checkpoint(log.checkpoint(size), public_key_b64(key), origin=ORIGIN)
        assert checkpoint is not None
        assert (checkpoint.tree_size, checkpoint.root_hash) == (size, log.root(size))
    assert log.latest_checkpoint() == log.checkpoint(5)
    unsigned = TransparencyLog(engine)
    unsigned.append(b"six")
    assert log.latest_checkpoint() == log.checkpoint(5)
    with pytest.raises(ValueError, match="origin"):
        TransparencyLog(engine, origin="two words")


# -- the signing key --------------------------------------------------------------------------


def test_the_signing_key_file_is_0600_and_never_silently_replaced(tmp_path):
    path = tmp_path / "data" / "police-ai-signing-key.pem"
    key = generate_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    pem = path.read_bytes()
    with pytest.raises(KeyExistsError, match="overwrite=True"):
        generate_key(path)
    assert path.read_bytes() == pem
    assert public_key_b64(load_signing_key(path)) == public_key_b64(key)
    replaced = generate_key(path, overwrite=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert public_key_b64(replaced) != public_key_b64(key)
    assert public_key_b64(load_signing_key(path)) == public_key_b64(replaced)
    assert [p.name for p in path.parent.iterdir()] == [path.name]

    path.chmod(0o644)
    with pytest.raises(SigningKeyError, match="chmod 600"):
        load_signing_key(path)
    with pytest.raises(SigningKeyError, match="no signing key"):
        load_signing_key(tmp_path / "missing.pem")
    junk = tmp_path / "junk.pem"
    junk.write_bytes(b"not a key")
    junk.chmod(0o600)
    with pytest.raises(SigningKeyError, match="no unencrypted PEM"):
        load_signing_key(junk)


def test_the_key_path_comes_from_the_data_dir_or_the_environment(tmp_path, monkeypatch):
    settings = Settings.from_env({"POLICEAI_DATA_DIR": str(tmp_path), "POLICEAI_SECRET_KEY": "s"})
    assert signing_key_path(settings, {}) == tmp_path / "police-ai-signing-key.pem"
    assert signing_key_path(tmp_path, {}) == tmp_path / "police-ai-signing-key.pem"
    elsewhere = tmp_path / "vault" / "key.pem"
    assert signing_key_path(settings, {"POLICEAI_SIGNING_KEY": str(elsewhere)}) == elsewhere
    monkeypatch.setenv("POLICEAI_SIGNING_KEY", str(elsewhere))
    assert signing_key_path(settings) == elsewhere
    monkeypatch.delenv("POLICEAI_SIGNING_KEY")
    assert signing_key_path(settings) == tmp_path / "police-ai-signing-key.pem"


def test_signatures_verify_and_bad_input_gives_false(key):
    public = public_key_b64(key)
    signature = sign(key, b"message")
    assert len(signature) == 64
    assert len(base64.b64decode(public)) == 32
    assert verify(public, b"message", signature)
    assert not verify(public, b"messagE", signature)
    assert not verify(public, b"message", signature[:-1] + bytes([signature[-1] ^ 1]))
    for bad in (
        (public, b"message", signature[:63]),
        (public, "message", signature),
        (public, b"message", "signature"),
        ("not base64!", b"message", signature),
        (base64.b64encode(b"x" * 31).decode(), b"message", signature),
        (None, b"message", signature),
    ):
        assert verify(*bad) is False  # type: ignore[arg-type]
    assert key_id(key) == hashlib.sha256(raw_public_key(key)).digest()[:8].hex()
    assert key_id(public) == key_id(key) == key_id(key.public_key())
    assert len(key_id(key)) == 16
    with pytest.raises(ValueError, match="base64"):
        key_id("nope")


# -- leaves -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("event", "jane.doe@met.police.uk", "'@'"),
        ("actor_role", "07700 900123", "digits"),
        ("actor_role", "tel:07700900123", "digits"),
        ("kind", "AB123456C", "digits"),
        ("event", "x" * 65, "longer than 64"),
        ("event", "Arrested John Smith", "not a code"),
        ("release_version", "1.0.0+ab@c", "'@'"),
        ("release_version", "1.0.0-0123456", "digits"),
    ],
)
def test_registry_changes_refuse_personal_looking_data(field, value, reason):
    with pytest.raises(PersonalDataError, match=reason) as raised:
        change(**{field: value})
    assert f"RegistryChange.{field}" in str(raised.value)
    assert value not in str(raised.value)  # the refusal never repeats the data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("force", "met@police"),
        ("purpose_code", "suspect born 01/02/1990 called 0161 496 0000"),
        ("purpose_code", "z" * 100),
        ("status", "called 999999"),
    ],
)
def test_invocation_digests_refuse_personal_looking_data(field, value):
    with pytest.raises(PersonalDataError, match=f"InvocationDigest.{field}"):
        invocation_digest(**digest_fields(**{field: value}))


def test_leaves_refuse_malformed_fields_and_decode_with_the_same_checks():
    for fields in (
        {"entry_id": "not-a-uuid"},
        {"at": AT.replace(tzinfo=None)},
        {"release_version": "v1"},
    ):
        with pytest.raises(LeafError):
            change(**fields)
    with pytest.raises(LeafError, match="certificate"):
        invocation_digest(**digest_fields(certificate_id="my cert"))
    with pytest.raises(LeafError, match="SHA-256"):
        invocation_digest(**digest_fields(input_digest="abc"))
    entry = encode_leaf(change(3))
    with pytest.raises(LeafError, match="'@'"):
        decode_leaf(entry.replace(b'"certifier"', b'"a@b.example"'))
    with pytest.raises(LeafError, match="malformed JSON"):
        decode_leaf(b"{not json")
    with pytest.raises(LeafError):
        decode_leaf(entry.replace(b'"kind"', b'"name":"x","kind"'))
    with pytest.raises(LeafError):
        encode_leaf({"kind": "release"})  # type: ignore[arg-type]


def test_leaves_encode_as_canonical_json_with_sorted_keys():
    record = change(5, at=(AT + timedelta(seconds=5)).astimezone(UTC).astimezone())
    entry = encode_leaf(record)
    assert entry == encode_leaf(change(5))
    assert entry.startswith(b'{"actor_role":"certifier","at":"2025-03-01T09:30:20.123456Z",')
    assert entry.endswith(b'"type":"registry_change"}')
    assert b" " not in entry
    assert decode_leaf(entry) == change(5)
    assert encode_leaf(decode_leaf(entry)) == entry
    no_release = change(6, kind="entry", event="Registered", release_version=None)
    assert b'"release_version":null' in encode_leaf(no_release)


def test_commitments_open_with_the_salt_the_force_keeps():
    record, salt = invocation_digest(**digest_fields())
    assert isinstance(record, InvocationDigest)
    assert len(salt) == 32
    entry = encode_leaf(record)
    assert decode_leaf(entry) == record
    # Neither the salt nor the digests are in the leaf, in any common encoding.
    for secret in (salt, salt.hex().encode(), base64.b64encode(salt), SHA_IN.encode()):
        assert secret not in entry
    assert SHA_OUT.encode() not in entry
    assert record.input_commitment == commit(SHA_IN, salt)
    assert record.input_commitment == hashlib.sha256(salt + bytes.fromhex(SHA_IN)).hexdigest()
    assert verify_commitment(record.input_commitment, SHA_IN, salt)
    assert verify_commitment(record.output_commitment, SHA_OUT, salt)
    assert not verify_commitment(record.input_commitment, SHA_OUT, salt)
    assert not verify_commitment(record.input_commitment, SHA_IN, bytes(32))
    assert not verify_commitment(record.input_commitment, "nonsense", salt)
    assert not verify_commitment(None, SHA_IN, salt)  # type: ignore[arg-type]
    # A fresh salt for every record: the same input gives unlinkable commitments.
    again, other_salt = invocation_digest(**digest_fields())
    assert other_salt != salt
    assert again.input_commitment != record.input_commitment
    failed, _ = invocation_digest(**digest_fields(status="failed", output_digest=None))
    assert failed.output_commitment is None
    with pytest.raises(LeafError, match="salt"):
        commit(SHA_IN, b"short")
