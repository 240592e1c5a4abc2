"""Signed checkpoints of the transparency log, in the C2SP tlog-checkpoint note format.

A checkpoint commits to a tree head: the log's name (its *origin*), a tree size and the root
hash of the tree of that many leaves. Police.AI signs one for every tree size the log
publishes. The text is a C2SP signed note (https://c2sp.org/signed-note) whose body is a
C2SP checkpoint (https://c2sp.org/tlog-checkpoint)::

    police.ai/transparency-log          <- origin
    1048576                             <- tree size, decimal
    3q2+7w...=                          <- root hash, base64 (standard, padded)
    timestamp 1717243200123             <- extension line: signing time, Unix milliseconds
                                        <- blank line
    — police.ai/transparency-log AbCd...  <- signature line (U+2014, key name, base64)

The signature line's base64 is ``key hash (4 bytes) || Ed25519 signature (64 bytes)`` over
the body (every line above the blank one, each ending in a newline, as UTF-8). The key name
is the origin, and the key hash is the signed-note one for Ed25519 keys, the first four bytes
of ``SHA-256(name || 0x0A || 0x01 || raw public key)``, so that signed-note verifiers in
other languages (Go's ``golang.org/x/mod/sumdb/note``, for one) accept the checkpoints with
the verifier key ``<origin>+<key hash hex>+<base64(0x01 || public key)>``. The one
extension line, ``timestamp``, is Police.AI's: C2SP leaves extension lines to the log.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from policeai.registry.keys import raw_public_key

__all__ = [
    "DEFAULT_ORIGIN",
    "Checkpoint",
    "check_origin",
    "note_key_hash",
    "sign_checkpoint",
    "verify_checkpoint",
]

DEFAULT_ORIGIN = "police.ai/transparency-log"
_DASH = "\u2014"
_ED25519 = b"\x01"  # signed-note signature type for Ed25519
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
_MAX_SIZE = 2**63 - 1  # what the log's BIGINT index can hold
# A key name: non-empty, printable ASCII without spaces or '+' (signed-note's rule).
_ORIGIN = re.compile(r"[!-*,-~]{1,255}")
_SIZE = re.compile(r"0|[1-9][0-9]{0,18}")
_TIMESTAMP = re.compile(r"timestamp (0|[1-9][0-9]{0,15})")
_SIGNATURE_LINE = re.compile(f"{_DASH} ([^ \n]+) ([A-Za-z0-9+/=]+)")


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: the log ``origin``, ``tree_size``, ``root_hash`` and the signing time."""

    origin: str
    tree_size: int
    root_hash: bytes
    timestamp: datetime

    def body(self) -> str:
        """The signed note's text: the lines a signature covers."""
        root = base64.b64encode(self.root_hash).decode("ascii")
        millis = (self.timestamp - _EPOCH) // _MS
        return f"{self.origin}\n{self.tree_size}\n{root}\ntimestamp {millis}\n"


def check_origin(origin: str) -> None:
    """Refuse an origin that cannot be a signed-note key name.

    Raises:
        ValueError: the origin is empty, longer than 255 characters, or holds spaces, '+' or
            characters other than printable ASCII.
    """
    if not isinstance(origin, str) or not _ORIGIN.fullmatch(origin):
        raise ValueError("the origin must be 1-255 printable ASCII characters, no spaces or '+'")


def note_key_hash(origin: str, public_key: bytes) -> bytes:
    """The 4-byte signed-note key hash of the Ed25519 key ``public_key`` named ``origin``."""
    return hashlib.sha256(origin.encode() + b"\n" + _ED25519 + public_key).digest()[:4]


def sign_checkpoint(
    key: Ed25519PrivateKey, origin: str, size: int, root: bytes, at: datetime
) -> str:
    """Sign the tree head (``origin``, ``size``, ``root``) at time ``at``; the note text.

    ``at`` is kept to the millisecond.

    Raises:
        ValueError: an origin that is empty or holds spaces, '+' or non-ASCII characters, a
            negative size, a root that is not 32 bytes, or a time without a time zone or
            before 1970.
    """
    check_origin(origin)
    if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= _MAX_SIZE:
        raise ValueError(f"the tree size must be an int in 0..{_MAX_SIZE}")
    if not isinstance(root, bytes | bytearray) or len(root) != 32:
        raise ValueError("the root hash must be 32 bytes")
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("the checkpoint time needs a time zone")
    if at < _EPOCH:
        raise ValueError("the checkpoint time is before 1970")
    body = Checkpoint(origin, size, bytes(root), at).body()
    signature = key.sign(body.encode())
    blob = note_key_hash(origin, raw_public_key(key)) + signature
    return f"{body}\n{_DASH} {origin} {base64.b64encode(blob).decode('ascii')}\n"


def _b64(text: str) -> bytes | None:
    """Strict base64: the standard alphabet, padded, and canonical (it re-encodes to itself)."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if base64.b64encode(raw).decode("ascii") == text else None


def _parse_body(body: str) -> Checkpoint | None:
    lines = body.split("\n")
    if len(lines) != 5 or lines[-1] != "":
        return None
    origin, size, root_b64, timestamp, _ = lines
    root = _b64(root_b64)
    stamp = _TIMESTAMP.fullmatch(timestamp)
    if not (_ORIGIN.fullmatch(origin) and _SIZE.fullmatch(size) and stamp) or root is None:
        return None
    if len(root) != 32 or int(size) > _MAX_SIZE:
        return None
    try:
        at = _EPOCH + int(stamp.group(1)) * _MS
    except OverflowError:
        return None
    return Checkpoint(origin, int(size), root, at)


def verify_checkpoint(
    text: str, public_key_b64: str, *, origin: str | None = None
) -> Checkpoint | None:
    """The checkpoint in ``text`` if Police.AI's key ``public_key_b64`` signed it, else None.

    The note must be well formed throughout: the checkpoint body exactly as
    :func:`sign_checkpoint` writes it, then a blank line and one or more signature lines, one
    of them by the key named after the checkpoint's origin (others, such as witnesses'
    cosignatures, are allowed and ignored). Given ``origin``, the checkpoint must also be for
    that log. Any tampering (size, root, origin, timestamp, key hash or a signature byte) or
    malformed input gives None; it never raises.
    """
    try:
        return _verify(text, public_key_b64, origin)
    except Exception:  # defensive: a verifier answers "no" to anything it cannot accept
        return None


def _verify(text: object, public_key_b64: object, origin: str | None) -> Checkpoint | None:
    if not isinstance(text, str) or not isinstance(public_key_b64, str):
        return None
    public_key = _b64(public_key_b64)
    body, blank, signatures = text.partition("\n\n")
    if public_key is None or len(public_key) != 32 or not blank:
        return None
    checkpoint = _parse_body(body + "\n")
    if checkpoint is None or (origin is not None and checkpoint.origin != origin):
        return None
    signed = _signed_by(signatures, checkpoint.origin, public_key, (body + "\n").encode())
    return checkpoint if signed else None


def _signed_by(signatures: str, name: str, public_key: bytes, message: bytes) -> bool:
    """Tell whether the signature lines are well formed and ``public_key`` named ``name``
    signed ``message`` in one of them (and in every line that claims to be by that key)."""
    if not signatures.endswith("\n"):
        return False
    wanted = note_key_hash(name, public_key)
    verifier = Ed25519PublicKey.from_public_bytes(public_key)
    found = False
    for line in signatures[:-1].split("\n"):
        match = _SIGNATURE_LINE.fullmatch(line)
        blob = _b64(match.group(2)) if match else None
        if match is None or blob is None or len(blob) < 5:
            return False
        if match.group(1) != name or blob[:4] != wanted:
            continue  # another key's signature, a witness's say: not ours to judge
        try:
            verifier.verify(blob[4:], message)
        except InvalidSignature:
            return False
        found = True
    return found
