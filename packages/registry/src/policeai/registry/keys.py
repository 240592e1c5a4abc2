"""Police.AI's Ed25519 signing key: kept in a PEM file outside the database.

The key signs the transparency log's checkpoints (and whatever else Police.AI vouches for).
It lives in a file of its own, readable by its owner only (mode 0600), so that a copy of the
database, a backup or a read replica never carries it. The file is at
``<data dir>/police-ai-signing-key.pem`` unless ``POLICEAI_SIGNING_KEY`` names another path.

Public keys travel as the base64 of their raw 32 bytes. A key's *key id* is the hex of the
first 8 bytes of SHA-256 of those raw bytes: a short, stable name for a key in logs and on the
public registry. (Signed checkpoints name their key with the 4-byte key hash of the C2SP
signed-note format instead; see :mod:`policeai.registry.transparency.checkpoints`.)
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from policeai.core.errors import PoliceAIError

__all__ = [
    "KEY_ENV",
    "KEY_FILE_NAME",
    "KeyExistsError",
    "SigningKeyError",
    "generate_key",
    "key_id",
    "load_signing_key",
    "public_key_b64",
    "raw_public_key",
    "sign",
    "signing_key_path",
    "verify",
]

KEY_ENV = "POLICEAI_SIGNING_KEY"
KEY_FILE_NAME = "police-ai-signing-key.pem"
_RAW_PUBLIC_KEY_SIZE = 32


class SigningKeyError(PoliceAIError):
    """The signing key file is missing, unreadable, too widely readable or not Ed25519."""


class KeyExistsError(SigningKeyError):
    """A signing key already exists at the path, and replacing it was not asked for."""

    status_code = 409


class _HasDataDir(Protocol):
    @property
    def data_dir(self) -> Path: ...


def signing_key_path(config: _HasDataDir | Path, environ: Mapping[str, str] | None = None) -> Path:
    """Where the signing key lives: ``POLICEAI_SIGNING_KEY``, else in the data directory.

    ``config`` is the platform's :class:`~policeai.core.settings.Settings` (anything with a
    ``data_dir``) or the data directory itself; ``environ`` defaults to ``os.environ``.
    """
    env = os.environ if environ is None else environ
    override = env.get(KEY_ENV, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    data_dir = config if isinstance(config, Path) else config.data_dir
    return Path(data_dir) / KEY_FILE_NAME


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def generate_key(path: Path | str, *, overwrite: bool = False) -> Ed25519PrivateKey:
    """Generate a new signing key and write it to ``path`` (PEM, PKCS #8, mode 0600).

    The file is created with mode 0600 from the start, so the key is never readable by
    others, not even for a moment. Replacing an existing key (which makes every signature
    it made unverifiable with the new public key) needs ``overwrite=True``; the new file
    then replaces the old one atomically.

    Raises:
        KeyExistsError: a file exists at ``path`` and ``overwrite`` is false.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = _pem(key)
    target = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp") if overwrite else path
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags, 0o600)
    except FileExistsError:
        raise KeyExistsError(
            f"a signing key already exists at {path}; refusing to replace it "
            "(signatures it made would no longer verify): pass overwrite=True to replace it"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        target.chmod(0o600)  # in case the file system ignored the mode given to open
        if overwrite:
            target.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return key


def load_signing_key(path: Path | str) -> Ed25519PrivateKey:
    """Read the Ed25519 signing key at ``path``.

    Raises:
        SigningKeyError: no file, a file others may read (on POSIX), or not an Ed25519 key.
    """
    path = Path(path)
    try:
        pem = path.read_bytes()
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise SigningKeyError(f"no signing key at {path}: generate one first") from None
    except OSError as exc:
        raise SigningKeyError(f"cannot read the signing key at {path}: {exc.strerror}") from None
    if os.name == "posix" and mode & 0o077:
        raise SigningKeyError(
            f"the signing key at {path} is readable by others (mode {mode & 0o777:o}): "
            "run chmod 600 on it"
        )
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError):
        raise SigningKeyError(f"{path} holds no unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"the key at {path} is not an Ed25519 key")
    return key


def raw_public_key(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    """The raw 32 bytes of ``key``'s public key."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_b64(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The base64 (standard alphabet, padded) of the raw 32-byte public key."""
    return base64.b64encode(raw_public_key(key)).decode("ascii")


def _decode_public_key(public_key: str) -> bytes | None:
    try:
        raw = base64.b64decode(public_key, validate=True)
    except (binascii.Error, ValueError, TypeError):
        return None
    return raw if len(raw) == _RAW_PUBLIC_KEY_SIZE else None


def key_id(key: Ed25519PrivateKey | Ed25519PublicKey | str) -> str:
    """The key id: hex of the first 8 bytes of SHA-256 of the raw public key.

    ``key`` is a private key, a public key or a public key's base64.

    Raises:
        ValueError: ``key`` is a string that is not the base64 of 32 bytes.
    """
    if isinstance(key, str):
        raw = _decode_public_key(key)
        if raw is None:
            raise ValueError("not the base64 of a raw 32-byte Ed25519 public key")
    else:
        raw = raw_public_key(key)
    return hashlib.sha256(raw).digest()[:8].hex()


def sign(key: Ed25519PrivateKey, message: bytes) -> bytes:
    """The 64-byte Ed25519 signature of ``message``."""
    return key.sign(message)


def verify(public_key_b64: str, message: bytes, signature: bytes) -> bool:
    """Tell whether ``signature`` is ``message``'s signature by the key ``public_key_b64``.

    Returns False, never raising, for anything it cannot accept: a malformed key, a
    signature of the wrong length or type, a message that is not bytes.
    """
    if not isinstance(public_key_b64, str) or not isinstance(message, bytes | bytearray):
        return False
    if not isinstance(signature, bytes | bytearray):
        return False
    raw = _decode_public_key(public_key_b64)
    if raw is None:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(bytes(signature), bytes(message))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
