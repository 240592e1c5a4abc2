"""``policeai log verify``: check the registry's transparency log without trusting the registry.

The command fetches the latest checkpoint from ``URL/log/checkpoint`` and verifies its
Ed25519 signature with the public key you give (the one Police.AI publishes and forces pin).
Then it fetches the proof you ask for and verifies it with :mod:`policeai.registry.merkle`
against the signed root, so a registry that rewrote its log, or serves a proof, leaf or root
of another tree, is caught:

* ``--checkpoint``: the checkpoint's signature only;
* ``--inclusion-index N --leaf-hex HEX [--size S]``: the entry ``HEX`` (the leaf's bytes in
  hex, as ``/log/leaves`` serves them in base64) is leaf ``N`` of the tree of ``S`` leaves
  (default: the checkpoint's size). For ``S`` below the checkpoint's size, the tree of ``S``
  is also proved to be a prefix of the signed tree;
* ``--consistency OLD NEW``: the tree of ``NEW`` leaves extends the tree of ``OLD`` leaves,
  and (for ``NEW`` below the checkpoint's size) is a prefix of the signed tree. Give
  ``--old-root`` (the root you recorded earlier, base64) to pin the old tree; otherwise its
  root is the registry's word, and is printed for you to compare.

It prints a verdict line per check and exits 0 only when every check verifies; a failure
prints what did not verify and exits 1.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

import click
import httpx

from policeai.registry import merkle
from policeai.registry.keys import key_id
from policeai.registry.transparency.checkpoints import Checkpoint, verify_checkpoint

__all__ = ["LogVerificationError", "RegistryLog", "log"]

MAX_ANSWER_BYTES = 8 << 20


class LogVerificationError(click.ClickException):
    """Something did not verify: the message says what; the command exits 1."""

    exit_code = 1

    def format_message(self) -> str:
        return f"NOT VERIFIED: {self.message}"


class RegistryLog:
    """The registry's public log endpoints at ``base_url``, fetched with ``http``."""

    def __init__(self, base_url: str, http: httpx.Client) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = http

    def _get(self, path: str, **params: int) -> httpx.Response:
        url = f"{self.base_url}{path}"
        try:
            response = self.http.get(url, params=params or None)
        except httpx.HTTPError as exc:
            raise LogVerificationError(f"cannot fetch {url}: {exc}") from None
        if response.status_code != 200:
            raise LogVerificationError(
                f"{url} answered {response.status_code}: {_error_of(response)}"
            )
        if len(response.content) > MAX_ANSWER_BYTES:
            raise LogVerificationError(f"{url} answered with more than {MAX_ANSWER_BYTES} bytes")
        return response

    def checkpoint(self) -> str:
        return self._get("/log/checkpoint").text

    def json(self, path: str, **params: int) -> dict[str, Any]:
        response = self._get(path, **params)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise LogVerificationError(f"{self.base_url}{path} did not answer with a JSON object")
        return answer

    def inclusion(self, index: int, size: int) -> tuple[list[bytes], bytes]:
        """The audit path of leaf ``index`` in the tree of ``size``, and that tree's root."""
        answer = self.json("/log/proof/inclusion", index=index, size=size)
        if answer.get("index") != index or answer.get("tree_size") != size:
            raise LogVerificationError(
                f"the registry answered an inclusion proof for another leaf or tree size "
                f"(asked for leaf {index} of {size})"
            )
        return _hashes(answer.get("proof"), "inclusion proof"), _hash(answer.get("root"), "root")

    def consistency(self, old: int, new: int) -> tuple[list[bytes], bytes]:
        """The consistency proof from ``old`` to ``new``, and the root of the tree of ``new``."""
        answer = self.json("/log/proof/consistency", old=old, new=new)
        if answer.get("old_size") != old or answer.get("new_size") != new:
            raise LogVerificationError(
                f"the registry answered a consistency proof for other tree sizes "
                f"(asked for {old} to {new})"
            )
        proof = _hashes(answer.get("proof"), "consistency proof")
        return proof, _hash(answer.get("new_root"), "new_root")


def _error_of(response: httpx.Response) -> str:
    try:
        answer = response.json()
    except ValueError:
        return response.text[:200] or "no reason given"
    if isinstance(answer, dict) and isinstance(answer.get("error"), str):
        return answer["error"]
    return str(answer)[:200]


def _b64(value: object) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def _hash(value: object, what: str) -> bytes:
    raw = _b64(value)
    if raw is None or len(raw) != 32:
        raise LogVerificationError(f"the registry's {what} is not a base64 SHA-256 hash")
    return raw


def _hashes(value: object, what: str) -> list[bytes]:
    if not isinstance(value, list):
        raise LogVerificationError(f"the registry's {what} is not a list of hashes")
    return [_hash(node, f"{what} node") for node in value]


def _root64(root: bytes) -> str:
    return base64.b64encode(root).decode("ascii")


# -- the checks -------------------------------------------------------------------------------


def check_checkpoint(
    source: RegistryLog, public_key: str, origin: str | None, say: Callable[[str], None]
) -> Checkpoint:
    """The latest checkpoint, if ``public_key`` signed it."""
    try:
        signer = key_id(public_key)
    except ValueError:
        raise click.BadParameter(
            "not an Ed25519 public key (the base64 of 32 bytes)", param_hint="--public-key"
        ) from None
    note = source.checkpoint()
    checkpoint = verify_checkpoint(note, public_key, origin=origin)
    if checkpoint is None:
        raise LogVerificationError(
            "the latest checkpoint's signature does not verify with the given public key "
            "(tampered, signed by another key, for another log, or malformed)"
        )
    say(
        f"checkpoint: {checkpoint.origin}, {checkpoint.tree_size} leaves, root "
        f"{_root64(checkpoint.root_hash)}, signed {checkpoint.timestamp:%Y-%m-%d %H:%M:%S} UTC "
        f"by key {signer}: signature verified"
    )
    return checkpoint


def _tree_root(
    source: RegistryLog, checkpoint: Checkpoint, size: int, say: Callable[[str], None]
) -> bytes:
    """The root of the tree of ``size`` leaves, proved a prefix of the signed tree."""
    signed = checkpoint.tree_size
    if size > signed:
        raise LogVerificationError(
            f"tree size {size} is beyond the signed checkpoint's {signed} leaves"
        )
    if size == signed:
        return checkpoint.root_hash
    root = source.consistency(0, size)[1] if size else merkle.root_hash([])
    proof, _ = source.consistency(size, signed)
    if not merkle.verify_consistency(size, signed, root, checkpoint.root_hash, proof):
        raise LogVerificationError(
            f"the tree of {size} leaves the registry serves is not a prefix of the signed tree "
            f"of {signed}: the log was rewritten"
        )
    say(f"tree of {size} leaves (root {_root64(root)}) is a prefix of the signed tree: verified")
    return root


def check_inclusion(
    source: RegistryLog,
    checkpoint: Checkpoint,
    index: int,
    size: int | None,
    entry: bytes,
    say: Callable[[str], None],
) -> None:
    size = checkpoint.tree_size if size is None else size
    if not 0 <= index < size:
        raise LogVerificationError(f"leaf {index} is not in a tree of {size} leaves")
    root = _tree_root(source, checkpoint, size, say)
    proof, served_root = source.inclusion(index, size)
    if served_root != root:
        raise LogVerificationError(
            f"the registry's root for {size} leaves is not the verified one: the log was rewritten"
        )
    leaf = merkle.leaf_hash(entry)
    if not merkle.verify_inclusion(leaf, index, size, proof, root):
        raise LogVerificationError(
            f"the given leaf is not leaf {index} of the signed tree of {size} leaves (wrong "
            "leaf, wrong index, or a rewritten log)"
        )
    say(
        f"inclusion: leaf {index} (hash {leaf.hex()}) is in the tree of {size} leaves: "
        "proof verified"
    )


def check_consistency(
    source: RegistryLog,
    checkpoint: Checkpoint,
    old: int,
    new: int,
    old_root: bytes | None,
    say: Callable[[str], None],
) -> None:
    if not 0 <= old <= new:
        raise LogVerificationError(f"OLD ({old}) must be between 0 and NEW ({new})")
    new_root = _tree_root(source, checkpoint, new, say)
    proof, served_new_root = source.consistency(old, new)
    if served_new_root != new_root:
        raise LogVerificationError(
            f"the registry's root for {new} leaves is not the verified one: the log was rewritten"
        )
    pinned = old_root is not None
    if old_root is None:
        old_root = merkle.root_hash([]) if old == 0 else source.consistency(0, old)[1]
    if not merkle.verify_consistency(old, new, old_root, new_root, proof):
        whose = "the root you gave" if pinned else "the registry's own root"
        raise LogVerificationError(
            f"the tree of {new} leaves does not extend the tree of {old} leaves with "
            f"{whose} (root {_root64(old_root)}): the log was rewritten"
        )
    source_of_root = "the root you gave" if pinned else "the registry's root, compare it"
    say(
        f"consistency: the tree of {new} leaves extends the tree of {old} leaves "
        f"(root {_root64(old_root)}, {source_of_root}): proof verified"
    )


# -- the command ------------------------------------------------------------------------------


@click.group("log")
def log() -> None:
    """The registry's transparency log: verify it from outside."""


def _parse_hex(value: str) -> bytes:
    try:
        return bytes.fromhex(value.strip())
    except ValueError:
        raise click.BadParameter("not hexadecimal", param_hint="--leaf-hex") from None


@log.command("verify")
@click.option(
    "--registry",
    "registry_url",
    envvar="POLICEAI_REGISTRY_URL",
    required=True,
    help="The registry's address (default: $POLICEAI_REGISTRY_URL).",
)
@click.option(
    "--public-key",
    envvar="POLICEAI_REGISTRY_PUBLIC_KEY",
    required=True,
    help="Police.AI's Ed25519 public key, base64 (default: $POLICEAI_REGISTRY_PUBLIC_KEY).",
)
@click.option("--origin", help="Accept only checkpoints of this log (default: any origin).")
@click.option("--checkpoint", "checkpoint_only", is_flag=True, help="Verify the checkpoint only.")
@click.option("--inclusion-index", type=click.IntRange(min=0), help="Prove leaf N is in the log.")
@click.option("--size", type=click.IntRange(min=1), help="The tree size for --inclusion-index.")
@click.option("--leaf-hex", help="The leaf's entry bytes in hex, for --inclusion-index.")
@click.option(
    "--consistency",
    type=(click.IntRange(min=0), click.IntRange(min=0)),
    help="Prove the tree of NEW leaves extends the tree of OLD leaves (OLD NEW).",
)
@click.option("--old-root", help="The old tree's root you recorded (base64), for --consistency.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds per fetch.")
def verify(
    registry_url: str,
    public_key: str,
    origin: str | None,
    checkpoint_only: bool,
    inclusion_index: int | None,
    size: int | None,
    leaf_hex: str | None,
    consistency: tuple[int, int] | None,
    old_root: str | None,
    timeout: float,
) -> None:
    """Verify the latest signed checkpoint, then an inclusion or a consistency proof against
    its root. Exits 0 only when everything verifies."""
    modes = [checkpoint_only, inclusion_index is not None, consistency is not None]
    if sum(modes) != 1:
        raise click.UsageError(
            "say what to verify: --checkpoint, --inclusion-index N --leaf-hex HEX, or "
            "--consistency OLD NEW (one of them)"
        )
    if inclusion_index is not None and leaf_hex is None:
        raise click.UsageError("--inclusion-index needs --leaf-hex (the leaf's entry in hex)")
    if (size is not None or leaf_hex is not None) and inclusion_index is None:
        raise click.UsageError("--size and --leaf-hex go with --inclusion-index")
    if old_root is not None and consistency is None:
        raise click.UsageError("--old-root goes with --consistency")
    pinned = None
    if old_root is not None:
        pinned = _b64(old_root)
        if pinned is None or len(pinned) != 32:
            raise click.BadParameter("not a base64 SHA-256 hash", param_hint="--old-root")
    with httpx.Client(timeout=timeout, follow_redirects=True) as http:
        source = RegistryLog(registry_url, http)
        checkpoint = check_checkpoint(source, public_key, origin, click.echo)
        if inclusion_index is not None:
            entry = _parse_hex(leaf_hex or "")
            check_inclusion(source, checkpoint, inclusion_index, size, entry, click.echo)
        elif consistency is not None:
            check_consistency(source, checkpoint, *consistency, pinned, click.echo)
    click.echo("VERIFIED")
