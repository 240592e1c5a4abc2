"""An auditor checks the registry's transparency log from outside with ``policeai log verify``.

A tiny HTTP server serves a real :class:`TransparencyLog`'s signed checkpoint and proofs at
the registry's paths. What verifies exits 0; a tampered checkpoint, another key, a wrong leaf,
a wrong root or a rewritten log exits 1 and says what did not verify. The same checks also
run against the web application's own ``/log`` endpoints.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from policeai.cli.log import RegistryLog, check_checkpoint, check_consistency, check_inclusion
from policeai.cli.main import cli
from policeai.core.database import make_engine, metadata
from policeai.registry import merkle
from policeai.registry.keys import generate_key, public_key_b64
from policeai.registry.transparency import TransparencyLog

ENTRIES = [f"leaf number {n}".encode() for n in range(11)]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass
class Served:
    """What the server answers: the checkpoint of ``signed`` and the proofs of ``proofs``."""

    signed: TransparencyLog
    proofs: TransparencyLog
    checkpoint: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)

    def note(self) -> str:
        return self.checkpoint if self.checkpoint is not None else self.signed.latest_checkpoint()


def make_handler(served: Served) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:  # keep the test output clean
            pass

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: int(v[0]) for k, v in parse_qs(url.query).items()}
            log = served.proofs
            if url.path in served.answers:
                answer = served.answers[url.path]
            elif url.path == "/log/checkpoint":
                self._send(200, served.note().encode(), "text/plain; charset=utf-8")
                return
            elif url.path == "/log/proof/inclusion":
                size = query.get("size", log.size())
                answer = {
                    "index": query["index"],
                    "tree_size": size,
                    "leaf_hash": b64(log.leaf(query["index"]).leaf_hash),
                    "root": b64(log.root(size)),
                    "proof": [b64(n) for n in log.inclusion_proof(query["index"], size)],
                }
            elif url.path == "/log/proof/consistency":
                new = query.get("new", log.size())
                answer = {
                    "old_size": query["old"],
                    "new_size": new,
                    "new_root": b64(log.root(new)),
                    "proof": [b64(n) for n in log.consistency_proof(query["old"], new)],
                }
            else:
                self._send(404, b'{"error": "not here"}', "application/json")
                return
            self._send(200, json.dumps(answer).encode(), "application/json")

    return Handler


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'registry.sqlite'}")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def key(tmp_path: Path) -> Any:
    return generate_key(tmp_path / "keys" / "police-ai-signing-key.pem")


@pytest.fixture
def log(engine: Engine, key: Any) -> TransparencyLog:
    log = TransparencyLog(engine, signing_key=key)
    for entry in ENTRIES:
        log.append(entry)
    return log


@pytest.fixture
def served(log: TransparencyLog) -> Served:
    return Served(signed=log, proofs=log)


@pytest.fixture
def url(served: Served) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(served))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def verify(url: str, key: Any, *args: str) -> Result:
    command = ["log", "verify", "--registry", url, "--public-key", public_key_b64(key), *args]
    return CliRunner().invoke(cli, command)


def rewritten(tmp_path: Path, key: Any, *, at: int) -> TransparencyLog:
    """The same log with entry ``at`` replaced, in a database of its own."""
    engine = make_engine(f"sqlite:///{tmp_path / 'rewritten.sqlite'}")
    metadata.create_all(engine)
    log = TransparencyLog(engine, signing_key=key)
    for index, entry in enumerate(ENTRIES):
        log.append(b"a different story" if index == at else entry)
    return log


# -- what verifies ----------------------------------------------------------------------------


def test_a_signed_checkpoint_verifies(url, key, log):
    result = verify(url, key, "--checkpoint")

    assert result.exit_code == 0, result.output
    assert f"checkpoint: police.ai/transparency-log, {len(ENTRIES)} leaves, root " in result.output
    assert b64(log.root()) in result.output
    assert "signature verified" in result.output
    assert result.output.rstrip().endswith("VERIFIED")


@pytest.mark.parametrize(("index", "size"), [(0, None), (7, None), (10, None), (3, 5), (4, 5)])
def test_a_leaf_is_proved_in_the_signed_tree(url, key, index, size):
    args = ["--inclusion-index", str(index), "--leaf-hex", ENTRIES[index].hex()]
    if size is not None:
        args += ["--size", str(size)]
    result = verify(url, key, *args)

    assert result.exit_code == 0, result.output
    shown = size or len(ENTRIES)
    assert f"inclusion: leaf {index} (hash {merkle.leaf_hash(ENTRIES[index]).hex()})" in (
        result.output
    )
    assert f"is in the tree of {shown} leaves: proof verified" in result.output
    if size is not None:
        assert f"tree of {size} leaves (root " in result.output
    assert result.output.rstrip().endswith("VERIFIED")


@pytest.mark.parametrize(("old", "new"), [(0, 11), (1, 11), (4, 11), (6, 11), (3, 7), (8, 8)])
def test_the_signed_tree_extends_an_older_one(url, key, old, new):
    old_root = merkle.root_hash(ENTRIES[:old])
    result = verify(url, key, "--consistency", str(old), str(new), "--old-root", b64(old_root))

    assert result.exit_code == 0, result.output
    assert f"consistency: the tree of {new} leaves extends the tree of {old} leaves" in (
        result.output
    )
    assert "the root you gave" in result.output
    unpinned = verify(url, key, "--consistency", str(old), str(new))
    assert unpinned.exit_code == 0, unpinned.output
    assert f"(root {b64(old_root)}, the registry's root, compare it)" in unpinned.output


# -- what does not ----------------------------------------------------------------------------


def not_verified(result: Result, reason: str) -> None:
    assert result.exit_code == 1, result.output
    assert "NOT VERIFIED: " in result.output
    assert reason in result.output
    assert not result.output.rstrip().endswith("\nVERIFIED")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda note: note.replace("\n11\n", "\n12\n", 1),  # another size
        lambda note: note.replace("police.ai/transparency-log\n", "police.ai/other-log\n", 1),
        lambda note: re.sub(r"timestamp (\d+)", lambda m: f"timestamp {int(m[1]) + 1}", note),
        lambda note: note.replace(note.splitlines()[2], b64(b"\x00" * 32), 1),  # another root
        lambda note: note[:-6] + ("A" if note[-6] != "A" else "B") + note[-5:],  # a signature byte
        lambda _note: "not a checkpoint at all",
    ],
    ids=["size", "origin", "timestamp", "root", "signature", "garbage"],
)
def test_a_tampered_checkpoint_is_refused(url, key, served, tamper):
    served.checkpoint = tamper(served.signed.latest_checkpoint())
    result = verify(url, key, "--checkpoint")

    not_verified(result, "the latest checkpoint's signature does not verify")


def test_a_checkpoint_signed_by_another_key_is_refused(url, tmp_path):
    stranger = generate_key(tmp_path / "stranger.pem")
    not_verified(verify(url, stranger, "--checkpoint"), "does not verify with the given public key")


def test_a_checkpoint_of_another_log_is_refused_when_the_origin_is_pinned(url, key):
    result = verify(url, key, "--checkpoint", "--origin", "police.ai/another-log")
    not_verified(result, "for another log")


def test_a_wrong_leaf_is_refused(url, key):
    not_verified(
        verify(url, key, "--inclusion-index", "3", "--leaf-hex", ENTRIES[4].hex()),
        "the given leaf is not leaf 3 of the signed tree of 11 leaves",
    )
    not_verified(
        verify(url, key, "--inclusion-index", "3", "--size", "5", "--leaf-hex", b"x".hex()),
        "the given leaf is not leaf 3 of the signed tree of 5 leaves",
    )


def test_a_wrong_root_is_refused(url, key, served, log):
    # The registry answers with a proof and root of another tree than the one it signed.
    bogus = {
        "index": 3,
        "tree_size": 11,
        "leaf_hash": b64(merkle.leaf_hash(ENTRIES[3])),
        "root": b64(merkle.root_hash(ENTRIES[:10])),
        "proof": [b64(n) for n in merkle.inclusion_proof(ENTRIES[:10], 3)],
    }
    served.answers["/log/proof/inclusion"] = bogus
    result = verify(url, key, "--inclusion-index", "3", "--leaf-hex", ENTRIES[3].hex())
    not_verified(result, "the registry's root for 11 leaves is not the verified one")

    # An auditor's recorded root that is not the old tree's.
    wrong = b64(merkle.root_hash(ENTRIES[:5]))
    result = verify(url, key, "--consistency", "4", "11", "--old-root", wrong)
    not_verified(result, "does not extend the tree of 4 leaves with the root you gave")


def test_a_rewritten_log_is_caught(url, key, served, tmp_path):
    # The database was rewritten (leaf 2 replaced) without the signing key: the checkpoint
    # still names the original root, and the rewritten tree's proofs do not reach it.
    served.proofs = rewritten(tmp_path, key, at=2)
    not_verified(
        verify(url, key, "--inclusion-index", "2", "--leaf-hex", b"a different story".hex()),
        "the registry's root for 11 leaves is not the verified one: the log was rewritten",
    )
    not_verified(
        verify(url, key, "--inclusion-index", "5", "--size", "8", "--leaf-hex", ENTRIES[5].hex()),
        "is not a prefix of the signed tree of 11: the log was rewritten",
    )
    not_verified(
        verify(url, key, "--consistency", "3", "11"),
        "the registry's root for 11 leaves is not the verified one: the log was rewritten",
    )
    not_verified(
        verify(url, key, "--consistency", "3", "7"),
        "the tree of 7 leaves the registry serves is not a prefix of the signed tree of 11",
    )


def test_a_rewritten_log_signed_again_is_caught_by_the_root_the_auditor_kept(
    url, key, served, tmp_path
):
    # Whoever holds the key rewrote the log and signed it afresh: everything is consistent
    # with itself, but not with the root an auditor recorded before.
    recorded = b64(merkle.root_hash(ENTRIES[:6]))
    other = rewritten(tmp_path, key, at=2)
    served.signed = served.proofs = other
    assert verify(url, key, "--checkpoint").exit_code == 0
    not_verified(
        verify(url, key, "--consistency", "6", "11", "--old-root", recorded),
        "the log was rewritten",
    )


def test_an_unreachable_or_broken_registry_is_not_verified(url, key, served):
    not_verified(
        CliRunner().invoke(
            cli,
            [
                "log",
                "verify",
                "--registry",
                "http://127.0.0.1:9",
                "--public-key",
                public_key_b64(key),
                "--checkpoint",
            ],
        ),
        "cannot fetch http://127.0.0.1:9/log/checkpoint",
    )
    served.answers["/log/proof/consistency"] = {"old_size": 3, "new_size": 11, "proof": ["?"]}
    not_verified(
        verify(url, key, "--consistency", "3", "11"),
        "is not a base64 SHA-256 hash",
    )
    not_verified(
        verify(url, key, "--inclusion-index", "11", "--leaf-hex", "00"),
        "leaf 11 is not in a tree of 11 leaves",
    )
    not_verified(
        verify(url, key, "--inclusion-index", "1", "--size", "12", "--leaf-hex", "00"),
        "tree size 12 is beyond the signed checkpoint's 11 leaves",
    )


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--checkpoint", "--consistency", "1", "2"],
        ["--inclusion-index", "1"],
        ["--leaf-hex", "00"],
        ["--checkpoint", "--old-root", b64(b"\x00" * 32)],
        ["--consistency", "1", "2", "--old-root", "nope"],
    ],
)
def test_a_muddled_command_is_a_usage_error(url, key, args):
    result = verify(url, key, *args)
    assert result.exit_code == 2, result.output


def test_the_web_applications_log_endpoints_verify(tmp_path):
    """The checks read the web application's own /log answers (the registry's real shape)."""
    from litestar.testing import TestClient

    from policeai.core.platform import Platform
    from policeai.core.settings import Settings
    from policeai.registry.keys import signing_key_path
    from policeai.web.app import create_app

    settings = Settings.from_env(
        {"POLICEAI_DATA_DIR": str(tmp_path / "data"), "POLICEAI_SECRET_KEY": "test-secret"}
    )
    platform = Platform(settings)
    key = generate_key(signing_key_path(settings))
    log = TransparencyLog(platform.engine, signing_key=key)
    for entry in ENTRIES:
        log.append(entry)
    lines: list[str] = []
    with TestClient(create_app(platform)) as client:
        source = RegistryLog(str(client.base_url), client)
        checkpoint = check_checkpoint(source, public_key_b64(key), None, lines.append)
        assert checkpoint.tree_size == len(ENTRIES)
        check_inclusion(source, checkpoint, 6, None, ENTRIES[6], lines.append)
        check_inclusion(source, checkpoint, 2, 7, ENTRIES[2], lines.append)
        check_consistency(source, checkpoint, 5, 9, None, lines.append)
        check_consistency(source, checkpoint, 0, 11, None, lines.append)
    assert any(line.startswith("inclusion: leaf 6") for line in lines)
    assert any(line.startswith("consistency: the tree of 9 leaves extends") for line in lines)
