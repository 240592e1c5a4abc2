"""The wheel store: the certified releases' wheels, kept under ``<data dir>/wheels/``.

Each wheel is stored under its own file name (PEP 427) and checked against the release's
SHA-256 twice: when it is stored (a vendor's upload that does not match what was certified is
refused) and every time it is read to be served (a file altered on disk is withheld, never
sent). Files are written to a temporary name and renamed into place, so a reader never sees a
half-written wheel.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from pathlib import Path

from policeai.core.errors import NotFoundError, PoliceAIError

__all__ = [
    "WHEELS_DIR",
    "WHEEL_FILENAME",
    "WheelHashError",
    "WheelStore",
    "WheelStoreError",
    "check_filename",
    "sha256_hex",
]

WHEELS_DIR = "wheels"
#: A wheel's file name (PEP 427): name-version[-build]-python-abi-platform.whl.
WHEEL_FILENAME = re.compile(
    r"[A-Za-z0-9_.]+-[A-Za-z0-9_.!+]+(-\d[A-Za-z0-9_.]*)?(-[A-Za-z0-9_.]+){3}\.whl"
)
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1 << 20


class WheelStoreError(PoliceAIError):
    """A wheel cannot be stored or read: a bad file name, a missing or unreadable file."""


class WheelHashError(WheelStoreError):
    """A wheel's bytes do not have the SHA-256 its release was certified with."""

    status_code = 409


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_filename(filename: str) -> str:
    """``filename`` if it is a wheel's file name (and nothing that could leave the store)."""
    if not isinstance(filename, str) or not WHEEL_FILENAME.fullmatch(filename):
        raise WheelStoreError(
            f"{filename!r} is not a wheel's file name (name-version-python-abi-platform.whl)"
        )
    return filename


def _check_sha256(expected: str) -> str:
    if not isinstance(expected, str) or not _SHA256.fullmatch(expected):
        raise WheelStoreError("the expected SHA-256 must be 64 lower-case hexadecimal digits")
    return expected


class WheelStore:
    """Wheels in ``directory``, each named by its file name."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)

    def path(self, filename: str) -> Path:
        return self.directory / check_filename(filename)

    def has(self, filename: str) -> bool:
        return self.path(filename).is_file()

    def store_wheel(
        self, source: Path | str | bytes, expected_sha256: str, *, filename: str | None = None
    ) -> Path:
        """Store a wheel (a file, or its bytes with ``filename``) if it has ``expected_sha256``.

        ``filename`` defaults to the source file's name; a wheel already stored under that name
        is replaced (with identical bytes, since the hash matches).

        Raises:
            WheelHashError: the bytes do not have the expected SHA-256; nothing is stored.
            WheelStoreError: a bad file name or hash, or a file that cannot be read.
        """
        expected = _check_sha256(expected_sha256)
        if isinstance(source, bytes | bytearray):
            if filename is None:
                raise WheelStoreError("a wheel given as bytes needs its file name")
            data = bytes(source)
        else:
            source = Path(source)
            filename = filename or source.name
            try:
                data = source.read_bytes()
            except OSError as exc:
                raise WheelStoreError(f"cannot read the wheel {source}: {exc.strerror}") from None
        target = self.path(filename)
        actual = sha256_hex(data)
        if actual != expected:
            raise WheelHashError(
                f"the wheel {filename} has SHA-256 {actual}, not {expected} as its release "
                "says: it was not stored"
            )
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = self.directory / f".{filename}.{secrets.token_hex(8)}.tmp"
        try:
            with temporary.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.replace(target)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        return target

    def read_verified(self, filename: str, expected_sha256: str) -> bytes:
        """The stored wheel's bytes, checked against ``expected_sha256`` as they are read.

        Raises:
            NotFoundError: no wheel of that name is stored.
            WheelHashError: the stored bytes no longer have the expected SHA-256.
        """
        expected = _check_sha256(expected_sha256)
        path = self.path(filename)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotFoundError(f"no wheel {filename} is stored") from None
        except OSError as exc:
            raise WheelStoreError(f"cannot read the wheel {filename}: {exc.strerror}") from None
        if sha256_hex(data) != expected:
            raise WheelHashError(
                f"the stored wheel {filename} no longer has its certified SHA-256: it is "
                "withheld until it is stored again"
            )
        return data
