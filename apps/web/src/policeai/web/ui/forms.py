"""Forms: read what was typed, check it field by field, and give it back with the errors so
that nothing typed is lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from policeai.core.cases.identifiers import normalise_identifier
from policeai.core.errors import PoliceAIError
from policeai.web.ui.templating import LONDON

MAX_SHORT = 500
MAX_TEXT = 100_000
MAX_PURPOSE = 200
#: The most digits a number typed into a form may have (it fits a 64-bit integer).
MAX_DIGITS = 18

#: Purposes people commonly give for opening a case; "other" asks them to say.
PURPOSES = (
    "Investigating this crime",
    "Recording or updating the crime record",
    "Supervising the investigation",
    "Crime data integrity audit",
    "Safeguarding a victim or witness",
    "Intelligence analysis",
    "Responding to a disclosure request",
)
OTHER = "other"


@dataclass
class Form:
    """What was typed into one form, and what is wrong with it."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    #: An error about the whole form (for example from the platform's rules).
    message: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.message is None

    def get(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(
        self,
        name: str,
        label: str,
        *,
        required: bool = False,
        max_length: int = MAX_SHORT,
        strip: bool = True,
    ) -> str:
        value = str(self.values.get(name) or "")
        checked = value.strip() if strip else value
        if required and not checked.strip():
            self.fail(name, f"Enter {label}")
        elif len(checked) > max_length:
            self.fail(
                name, f"{label[:1].upper()}{label[1:]} must be {max_length:,} characters or fewer"
            )
        return checked

    def choice(self, name: str, label: str, options: Any, *, required: bool = True) -> str:
        value = str(self.values.get(name) or "").strip()
        if not value:
            if required:
                self.fail(name, f"Choose {label}")
            return ""
        if value not in {str(o) for o in options}:
            self.fail(name, f"Choose {label} from the list")
        return value

    def number(
        self, name: str, label: str, *, minimum: int = 0, maximum: int | None = None
    ) -> int | None:
        """A whole number, or None when left empty."""
        raw = str(self.values.get(name) or "").strip()
        if not raw:
            return None
        if not (raw.isascii() and raw.isdigit()) or len(raw) > MAX_DIGITS:
            self.fail(name, f"{label[:1].upper()}{label[1:]} must be a whole number")
            return None
        number = int(raw)
        if number < minimum or (maximum is not None and number > maximum):
            upper = f" and {maximum}" if maximum is not None else " or more"
            between = f"between {minimum}{upper}" if maximum is not None else f"{minimum}{upper}"
            self.fail(name, f"{label[:1].upper()}{label[1:]} must be {between}")
            return None
        return number

    def local_datetime(self, name: str, label: str, *, required: bool = True) -> datetime | None:
        """A ``datetime-local`` value typed in UK time, as an aware datetime."""
        raw = str(self.values.get(name) or "").strip()
        if not raw:
            if required:
                self.fail(name, f"Enter {label}")
            return None
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            self.fail(name, f"Enter {label} as a date and time, for example 2026-01-31T14:30")
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)

    def identifier(self, name: str, kind: str, label: str) -> str:
        """An identifier (registration mark, phone, ...), checked as the case will check it."""
        value = self.text(name, label)
        if value and name not in self.errors:
            try:
                normalise_identifier(kind, value)
            except PoliceAIError as exc:
                self.fail(name, f"{label[:1].upper()}{label[1:]}: {exc}")
        return value

    def version(self) -> int | None:
        raw = str(self.values.get("version") or "").strip()
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS else None

    def purpose(self) -> str:
        """The purpose chosen from the list, or typed when "other" was chosen."""
        chosen = str(self.values.get("purpose") or "").strip()
        if chosen == OTHER:
            return self.text(
                "purpose_other",
                "why you need this information",
                required=True,
                max_length=MAX_PURPOSE,
            )
        if not chosen:
            self.fail("purpose", "Say why you need this information")
            return ""
        if chosen not in PURPOSES:
            self.fail("purpose", "Choose a purpose from the list, or choose Other and say why")
            return ""
        return chosen


def form_of(data: dict[str, Any] | None) -> Form:
    """The submitted form's fields (the CSRF token left out)."""
    return Form(values={k: v for k, v in (data or {}).items() if k != "_csrf_token"})


def values_list(form: Form, name: str) -> list[str]:
    value = form.values.get(name, [])
    return [str(v) for v in (value if isinstance(value, list) else [value]) if str(v).strip()]
