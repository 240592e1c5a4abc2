"""Normalisers for POLE identifiers: registration marks, postcodes, phones, dates of birth,
e-mail addresses and National Insurance numbers.

Each returns one canonical form, so that the same vehicle, place or person typed two ways
links up in the intelligence index, or raises :class:`InvalidIdentifierError` with a message
naming what was wrong and the value typed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers

from policeai.core.errors import PoliceAIError

__all__ = [
    "IDENTIFIER_KINDS",
    "MAX_AGE_YEARS",
    "VRM_STYLES",
    "InvalidIdentifierError",
    "Vrm",
    "normalise_dob",
    "normalise_email",
    "normalise_identifier",
    "normalise_nino",
    "normalise_phone",
    "normalise_postcode",
    "normalise_vrm",
]

IDENTIFIER_KINDS: tuple[str, ...] = ("vrm", "postcode", "phone", "dob", "email", "nino")
VRM_STYLES: tuple[str, ...] = ("current", "prefix", "suffix", "dateless", "unusual")
MAX_AGE_YEARS = 130
MAX_VRM_LENGTH = 10


class InvalidIdentifierError(PoliceAIError):
    """An identifier could not be read; the message says what was wrong and shows the value."""


def _text(raw: object, what: str) -> str:
    if not isinstance(raw, str):
        raise InvalidIdentifierError(f"{what} must be text, not {type(raw).__name__} {raw!r}")
    return raw


# -- vehicle registration marks --------------------------------------------------------------

_VRM_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("current", re.compile(r"[A-HJ-PR-Y]{2}[0-9]{2}[A-HJ-PR-Z]{3}")),
    ("prefix", re.compile(r"[A-HJ-PR-Y][0-9]{1,3}[A-Z]{3}")),
    ("suffix", re.compile(r"[A-Z]{3}[0-9]{1,3}[A-HJ-NP-TV-Y]")),
    ("dateless", re.compile(r"[A-Z]{1,3}[0-9]{1,4}|[0-9]{1,4}[A-Z]{1,3}")),
)
_SEPARATORS = re.compile(r"[\s\-]+")
_ALPHANUMERIC = re.compile(r"[A-Z0-9]+")


@dataclass(frozen=True, slots=True)
class Vrm:
    """A registration mark in canonical form (upper case, no spaces) and its style."""

    value: str
    style: str

    @property
    def unusual(self) -> bool:
        """True for a mark in no GB style (foreign, trade, mistyped): flag it, never reject it."""
        return self.style == "unusual"

    def __str__(self) -> str:
        return self.value


def normalise_vrm(raw: str) -> Vrm:
    """Canonicalise a registration mark and name its style; only unreadable marks raise."""
    text = _text(raw, "a registration mark")
    value = _SEPARATORS.sub("", text).upper()
    if not value:
        raise InvalidIdentifierError(f"the registration mark {raw!r} is empty")
    if not _ALPHANUMERIC.fullmatch(value):
        raise InvalidIdentifierError(
            f"the registration mark {raw!r} may hold only letters and digits"
        )
    if len(value) > MAX_VRM_LENGTH:
        raise InvalidIdentifierError(
            f"the registration mark {raw!r} is {len(value)} characters long; "
            f"no mark is longer than {MAX_VRM_LENGTH}"
        )
    for style, pattern in _VRM_PATTERNS:
        if pattern.fullmatch(value):
            return Vrm(value=value, style=style)
    return Vrm(value=value, style="unusual")


# -- postcodes --------------------------------------------------------------------------------

_POSTCODE = re.compile(
    r"(?P<outward>[A-Z][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z]{2}[0-9]{1,2}|[A-Z]{2}[0-9][A-Z])"
    r"(?P<inward>[0-9][A-Z]{2})"
)


def normalise_postcode(raw: str) -> str:
    """Return a UK postcode as ``OUTWARD INWARD`` in upper case ("sw1a1aa" -> "SW1A 1AA")."""
    text = _text(raw, "a postcode")
    compact = re.sub(r"\s+", "", text).upper()
    if compact == "GIR0AA":
        return "GIR 0AA"
    match = _POSTCODE.fullmatch(compact)
    if match is None:
        raise InvalidIdentifierError(
            f"{raw!r} is not a UK postcode: expected a form such as SW1A 1AA, M1 1AE or B33 8TH"
        )
    return f"{match['outward']} {match['inward']}"


# -- telephone numbers ------------------------------------------------------------------------


def normalise_phone(raw: str, region: str = "GB") -> str:
    """Return a telephone number in E.164 form; numbers not yet allocated are accepted."""
    text = _text(raw, "a telephone number").strip()
    if not text:
        raise InvalidIdentifierError(f"the telephone number {raw!r} is empty")
    if any(char.isalpha() for char in text):
        # phonenumbers would read letters as keypad digits: a typed O would become a 6.
        raise InvalidIdentifierError(
            f"the telephone number {raw!r} contains letters; type digits only"
        )
    try:
        number = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException as exc:
        raise InvalidIdentifierError(
            f"{raw!r} cannot be read as a telephone number (region {region})"
        ) from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidIdentifierError(
            f"{raw!r} cannot be a telephone number: it has the wrong number of digits"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# -- dates of birth ---------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})")
_UK_DATE = re.compile(
    r"(?P<day>[0-9]{1,2})(?P<sep>[/.\-])(?P<month>[0-9]{1,2})(?P=sep)(?P<year>[0-9]{4})"
)


def _today_in_uk() -> datetime.date:
    try:
        zone: datetime.tzinfo = ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # pragma: no cover - hosts without a tz database
        zone = datetime.UTC
    return datetime.datetime.now(zone).date()


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def normalise_dob(raw: str | datetime.date, today: datetime.date | None = None) -> datetime.date:
    """Read a date of birth (ISO, or UK day-first order) and check that it is plausible."""
    if isinstance(raw, datetime.datetime):
        dob = raw.date()
    elif isinstance(raw, datetime.date):
        dob = raw
    else:
        text = _text(raw, "a date of birth").strip()
        match = _ISO_DATE.fullmatch(text) or _UK_DATE.fullmatch(text)
        if match is None:
            raise InvalidIdentifierError(
                f"{raw!r} is not a date of birth: use day/month/year such as 12/04/1990 "
                "(or 1990-04-12)"
            )
        try:
            dob = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError as exc:
            raise InvalidIdentifierError(
                f"the date of birth {raw!r} does not exist (read as day "
                f"{int(match['day'])}, month {int(match['month'])}, year {match['year']})"
            ) from exc
    today = today or _today_in_uk()
    if dob > today:
        raise InvalidIdentifierError(
            f"the date of birth {raw!r} ({dob.isoformat()}) is in the future"
        )
    if dob < _years_before(today, MAX_AGE_YEARS):
        raise InvalidIdentifierError(
            f"the date of birth {raw!r} ({dob.isoformat()}) is more than {MAX_AGE_YEARS} years ago"
        )
    return dob


# -- e-mail addresses -------------------------------------------------------------------------

_LOCAL_FORBIDDEN = set(' \t\r\n"(),:;<>[\\]@')
_MAX_EMAIL_LENGTH = 254
_MAX_LOCAL_LENGTH = 64


def _domain_ok(domain: str) -> bool:
    labels = domain.split(".")
    if len(labels) < 2 or len(domain) > 253:
        return False
    for label in labels:
        if not label or len(label) > 63 or label[0] == "-" or label[-1] == "-":
            return False
        if not all(char.isalnum() or char == "-" for char in label):
            return False
    tld = labels[-1]
    return tld.startswith("xn--") or (tld.isalpha() and len(tld) >= 2)


def normalise_email(raw: str) -> str:
    """Return an e-mail address with its domain in lower case, after a structural check."""
    text = _text(raw, "an e-mail address").strip()
    local, at, domain = text.rpartition("@")
    problem = ""
    if not at or not local or not domain:
        problem = "it needs a name, an @ and a domain, as in name@example.org"
    elif len(text) > _MAX_EMAIL_LENGTH or len(local) > _MAX_LOCAL_LENGTH:
        problem = "it is too long"
    elif any(char in _LOCAL_FORBIDDEN or not char.isprintable() for char in local):
        problem = "the part before the @ holds a space or a character not allowed there"
    elif local.startswith(".") or local.endswith(".") or ".." in local:
        problem = "the part before the @ has a misplaced dot"
    elif not _domain_ok(domain.lower()):
        problem = f"{domain!r} is not a domain name"
    if problem:
        raise InvalidIdentifierError(f"{raw!r} is not an e-mail address: {problem}")
    return f"{local}@{domain.lower()}"


# -- National Insurance numbers ---------------------------------------------------------------

_NINO = re.compile(r"(?P<prefix>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])[0-9]{6}[A-D]")
_NINO_PREFIXES_NOT_ISSUED = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


def normalise_nino(raw: str) -> str:
    """Return a National Insurance number without spaces in upper case ("AB123456C")."""
    text = _text(raw, "a National Insurance number")
    value = _SEPARATORS.sub("", text).upper()
    match = _NINO.fullmatch(value)
    if match is None:
        raise InvalidIdentifierError(
            f"{raw!r} is not a National Insurance number: expected two letters, six digits "
            "and a final letter A to D, as in AB 12 34 56 C"
        )
    if match["prefix"] in _NINO_PREFIXES_NOT_ISSUED:
        raise InvalidIdentifierError(
            f"{raw!r} is not a National Insurance number: the prefix {match['prefix']} "
            "is never issued"
        )
    return value


# -- dispatch ---------------------------------------------------------------------------------

_NORMALISERS: dict[str, Callable[[str], str]] = {
    "vrm": lambda raw: normalise_vrm(raw).value,
    "postcode": normalise_postcode,
    "phone": normalise_phone,
    "dob": lambda raw: normalise_dob(raw).isoformat(),
    "email": normalise_email,
    "nino": normalise_nino,
}


def normalise_identifier(kind: str, raw: str) -> str:
    """Normalise ``raw`` as an identifier of ``kind`` and return its canonical text."""
    normaliser = _NORMALISERS.get(kind)
    if normaliser is None:
        raise InvalidIdentifierError(
            f"unknown identifier kind {kind!r}: use one of {', '.join(IDENTIFIER_KINDS)}"
        )
    return normaliser(raw)
