"""The records the transparency log holds: identifiers, times, codes and salted commitments.

A leaf is public forever, so it must never hold personal or biometric data. Each record type
is a msgspec Struct whose every field is a machine value of a narrow shape: a UUID, a time, a
version, a certificate id, a short code (``investigation``, ``Certified``) or a commitment.
Codes are checked for what personal data looks like: free text (long values, spaces), e-mail
addresses ('@') and runs of digits such as phone, warrant or national insurance numbers. A
record that fails is refused with :class:`PersonalDataError`, whose message names the field
and the reason but never repeats the value (it may be the very data that must not spread).

An invocation's input and output appear only as commitments, ``SHA-256(salt || digest)`` in
hex, where ``digest`` is the 32-byte SHA-256 the platform already keeps of the input or output
and ``salt`` is 32 random bytes made for that one record. The force keeps the salt (it is
returned to the caller and stored nowhere in the log): with it the force can show an auditor
that a logged invocation was about given data; without it nobody can test guesses against
the log.

Leaves are encoded as canonical JSON: keys sorted, no spaces, UTC times, and a ``type`` key
naming the record type, so equal records always give equal bytes (and equal leaf hashes).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID

import msgspec

from policeai.core.errors import PoliceAIError

__all__ = [
    "MAX_CODE_LENGTH",
    "InvocationDigest",
    "LeafError",
    "LeafRecord",
    "PersonalDataError",
    "RegistryChange",
    "commit",
    "decode_leaf",
    "encode_leaf",
    "invocation_digest",
    "new_salt",
    "verify_commitment",
]

MAX_CODE_LENGTH = 64
SALT_SIZE = 32
_MIN_SALT_SIZE = 16
_HEX64 = re.compile(r"[0-9a-f]{64}")
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*")
_VERSION = re.compile(r"\d+\.\d+\.\d+[a-z0-9.+-]*")
_CERTIFICATE = re.compile(r"[A-Z]{2,10}-[0-9A-F]{8,32}")
# Six or more digits, possibly split by spaces, dots, dashes or brackets: phone numbers,
# national insurance, warrant and custody numbers, dates of birth written as digits.
_DIGIT_RUN = re.compile(r"\d(?:[\s().-]?\d){5,}")


class LeafError(PoliceAIError, ValueError):
    """A transparency log record is malformed."""


class PersonalDataError(LeafError):
    """A transparency log record holds something that looks like personal data."""


def _check_not_personal(where: str, value: str) -> None:
    """Refuse a value that looks like personal data or free text; never echo the value."""
    if len(value) > MAX_CODE_LENGTH:
        raise PersonalDataError(
            f"{where} is longer than {MAX_CODE_LENGTH} characters: a transparency leaf holds "
            "codes, never free text"
        )
    if "@" in value:
        raise PersonalDataError(f"{where} contains '@': it looks like an e-mail address")
    if _DIGIT_RUN.search(value):
        raise PersonalDataError(
            f"{where} contains a run of 6 or more digits: it looks like a phone, reference or "
            "identity number"
        )


def _check_code(where: str, value: str) -> None:
    _check_not_personal(where, value)
    if not _CODE.fullmatch(value):
        raise PersonalDataError(
            f"{where} is not a code (a letter, then letters, digits, '_', '.', ':' or '-'; "
            "no spaces): a transparency leaf holds codes, never free text"
        )


def _check_field(record: str, name: str, kind: str, value: Any) -> Any:
    """Check one field's value against its kind; the value to keep (times become UTC)."""
    where = f"{record}.{name}"
    if kind == "uuid":
        if not isinstance(value, UUID):
            raise LeafError(f"{where} must be a UUID")
    elif kind == "time":
        if not isinstance(value, datetime) or value.utcoffset() is None:
            raise LeafError(f"{where} must be a datetime with a time zone")
        return value.astimezone(UTC)
    elif not isinstance(value, str):
        raise LeafError(f"{where} must be a string")
    elif kind == "code":
        _check_code(where, value)
    elif kind == "version":
        _check_not_personal(where, value)
        if not _VERSION.fullmatch(value):
            raise LeafError(f"{where} must be a version such as 1.2.0")
    elif kind == "certificate" and not _CERTIFICATE.fullmatch(value):
        raise LeafError(f"{where} must be a certificate id such as PAI-0123456789AB")
    elif kind == "commitment" and not _HEX64.fullmatch(value):
        raise LeafError(f"{where} must be a commitment: 64 lowercase hex digits")
    return value


class LeafRecord(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, tag_field="type"
):
    """A record of the transparency log; subclasses say each field's kind in ``_kinds``."""

    _kinds: ClassVar[dict[str, str]] = {}
    _optional: ClassVar[frozenset[str]] = frozenset()

    def __post_init__(self) -> None:
        record = type(self).__name__
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if value is None and name in self._optional:
                continue
            checked = _check_field(record, name, self._kinds[name], value)
            if checked is not value:
                msgspec.structs.force_setattr(self, name, checked)


class RegistryChange(LeafRecord, frozen=True, tag="registry_change"):
    """A change to the registry: an entry or release ``event`` at ``at`` by an ``actor_role``.

    ``kind`` says what changed (``entry``, ``release``, ``certificate``), ``event`` what
    happened (``ReleaseSubmitted``, ``Certified``, ``Revoked``); ``release_version`` is None
    for changes to the entry itself.
    """

    kind: str
    entry_id: UUID
    release_version: str | None
    event: str
    at: datetime
    actor_role: str

    _kinds: ClassVar[dict[str, str]] = {
        "kind": "code",
        "entry_id": "uuid",
        "release_version": "version",
        "event": "code",
        "at": "time",
        "actor_role": "code",
    }
    _optional: ClassVar[frozenset[str]] = frozenset({"release_version"})


class InvocationDigest(LeafRecord, frozen=True, tag="invocation_digest"):
    """A digest of one AI invocation record: who ran which certified tool, when, why.

    ``input_commitment`` and ``output_commitment`` are :func:`commit` of the input's and
    output's SHA-256 with the record's salt; an invocation that failed has no output.
    """

    force: str
    registry_entry_id: UUID
    release_version: str
    certificate_id: str
    invocation_id: UUID
    requested_at: datetime
    finished_at: datetime | None
    status: str
    purpose_code: str
    input_commitment: str
    output_commitment: str | None

    _kinds: ClassVar[dict[str, str]] = {
        "force": "code",
        "registry_entry_id": "uuid",
        "release_version": "version",
        "certificate_id": "certificate",
        "invocation_id": "uuid",
        "requested_at": "time",
        "finished_at": "time",
        "status": "code",
        "purpose_code": "code",
        "input_commitment": "commitment",
        "output_commitment": "commitment",
    }
    _optional: ClassVar[frozenset[str]] = frozenset({"finished_at", "output_commitment"})


_ENCODER = msgspec.json.Encoder(order="sorted")
_DECODER = msgspec.json.Decoder(RegistryChange | InvocationDigest)


def encode_leaf(record: LeafRecord) -> bytes:
    """The canonical JSON bytes of ``record``: the entry to append to the log."""
    if not isinstance(record, LeafRecord):
        raise LeafError(f"not a transparency log record: {type(record).__name__}")
    return _ENCODER.encode(record)


def decode_leaf(entry: bytes) -> RegistryChange | InvocationDigest:
    """The record a log entry holds; its checks run again.

    Raises:
        LeafError: the bytes are not a valid record (the message says where).
    """
    try:
        return _DECODER.decode(entry)
    except msgspec.ValidationError as exc:
        raise LeafError(f"not a valid transparency log record: {exc}") from None
    except msgspec.DecodeError:
        raise LeafError("not a valid transparency log record: malformed JSON") from None


def new_salt() -> bytes:
    """A fresh random salt for one record's commitments (32 bytes)."""
    return secrets.token_bytes(SALT_SIZE)


def commit(digest_hex: str, salt: bytes) -> str:
    """The commitment ``SHA-256(salt || digest)`` in hex, ``digest`` being the raw 32 bytes.

    Raises:
        LeafError: ``digest_hex`` is not 64 hex digits, or ``salt`` is shorter than 16 bytes.
    """
    if not isinstance(digest_hex, str) or not _HEX64.fullmatch(digest_hex.lower()):
        raise LeafError("the digest must be a SHA-256 in hex (64 hex digits)")
    if not isinstance(salt, bytes | bytearray) or len(salt) < _MIN_SALT_SIZE:
        raise LeafError(f"the salt must be at least {_MIN_SALT_SIZE} random bytes")
    return hashlib.sha256(bytes(salt) + bytes.fromhex(digest_hex)).hexdigest()


def verify_commitment(commitment: str, digest_hex: str, salt: bytes) -> bool:
    """Tell whether ``commitment`` commits to ``digest_hex`` with ``salt``; never raises."""
    try:
        expected = commit(digest_hex, salt)
    except LeafError:
        return False
    return isinstance(commitment, str) and hmac.compare_digest(commitment, expected)


def invocation_digest(
    *,
    force: str,
    registry_entry_id: UUID,
    release_version: str,
    certificate_id: str,
    invocation_id: UUID,
    requested_at: datetime,
    finished_at: datetime | None,
    status: str,
    purpose_code: str,
    input_digest: str,
    output_digest: str | None,
    salt: bytes | None = None,
) -> tuple[InvocationDigest, bytes]:
    """The log record of one invocation and the salt of its commitments (for the force).

    ``input_digest`` and ``output_digest`` are the SHA-256 hex digests the invocation record
    holds; the record carries only their commitments. Keep the returned salt with the
    force's invocation record: the log never stores it.
    """
    salt = new_salt() if salt is None else salt
    record = InvocationDigest(
        force=force,
        registry_entry_id=registry_entry_id,
        release_version=release_version,
        certificate_id=certificate_id,
        invocation_id=invocation_id,
        requested_at=requested_at,
        finished_at=finished_at,
        status=status,
        purpose_code=purpose_code,
        input_commitment=commit(input_digest, salt),
        output_commitment=None if output_digest is None else commit(output_digest, salt),
    )
    return record, salt
