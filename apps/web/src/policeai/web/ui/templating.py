"""The Jinja environment (autoescaped) and the one way a page is rendered: :func:`page`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import Request
from litestar.response import Template

from policeai.web.ui.sessions import ROLE_NAMES, session_data, take_flashes

try:
    LONDON: Any = ZoneInfo("Europe/London")
except ZoneInfoNotFoundError:  # pragma: no cover - a system without time zone data
    LONDON = UTC

#: Identifier kinds as people say them.
IDENTIFIER_NAMES = {
    "vrm": "registration mark",
    "phone": "phone number",
    "postcode": "postcode",
    "dob": "date of birth",
    "email": "email address",
    "nino": "National Insurance number",
}


def as_datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def when(value: Any) -> str:
    """A moment as UK officers read it: ``Sat 10 Jan 2026, 09:30`` (UK time)."""
    moment = as_datetime(value)
    if moment is None:
        return ""
    return moment.astimezone(LONDON).strftime("%a %d %b %Y, %H:%M")


def when_input(value: Any) -> str:
    """A moment for a ``datetime-local`` input, in UK time."""
    moment = as_datetime(value)
    return moment.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M") if moment else ""


def iso(value: Any) -> str:
    moment = as_datetime(value)
    return moment.isoformat() if moment else ""


def _span(seconds: float) -> str:
    seconds = abs(seconds)
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return "less than a minute"


def relative(value: Any, now: datetime | None = None) -> str:
    """``in 3 hours`` or ``2 days ago``."""
    moment = as_datetime(value)
    if moment is None:
        return ""
    seconds = (moment - (now or datetime.now(UTC))).total_seconds()
    return f"in {_span(seconds)}" if seconds >= 0 else f"{_span(seconds)} ago"


def entity_key_text(key: str) -> str:
    """What an entity key that links two cases means, in words."""
    kind, _, value = key.partition(":")
    if kind == "person":
        name, _, dob = value.partition("|")
        return f"the person {name.title()}" + (f", born {dob}" if dob else "")
    return f"the {IDENTIFIER_NAMES.get(kind, kind)} {value}"


def role_name(role: str | None) -> str:
    return ROLE_NAMES.get(role or "", role or "")


def make_environment(directory: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(directory),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        when=when,
        when_input=when_input,
        iso=iso,
        relative=relative,
        entity_key_text=entity_key_text,
        role_name=role_name,
        identifier_name=lambda kind: IDENTIFIER_NAMES.get(kind, kind),
        zip_pairs=lambda values: [(v, str(v).replace("_", " ").capitalize()) for v in values],
        capability_name=lambda capability, names: (capability, names.get(capability, capability)),
        document_choice=lambda doc: (doc["doc_id"], doc["label"]),
        outcome_pairs=lambda choices: [(str(code), f"{code}: {title}") for code, title in choices],
    )
    return env


def nav_for(user: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The main navigation for the user's role: (label, path)."""
    if not user:
        return []
    role = user["role"]
    links: list[tuple[str, str]] = []
    if role in {"officer", "supervisor", "analyst"}:
        links.append(("Cases", "/cases"))
    if role in {"officer", "supervisor"}:
        links.append(("Record a crime", "/cases/new"))
    if role == "supervisor":
        links.append(("AI use", "/supervision/ai-use"))
    if role == "force_admin":
        links.append(("AI tools", "/admin/tools"))
    if role == "certifier":
        links.append(("Console", "/console"))
    links.append(("Public registry", "/registry/"))
    return links


def page(
    request: Request[Any, Any, Any],
    template_name: str,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    fragment: bool = False,
    **context: Any,
) -> Template:
    """Render a page with what every page needs: who is signed in, the navigation and the
    messages left for this page (a ``fragment``, which shows none, leaves them for the next
    whole page)."""
    user = request.scope.get("user")
    nav = nav_for(user)
    path = request.url.path
    matching = [href for _, href in nav if path == href or path.startswith(href.rstrip("/") + "/")]
    has_session = isinstance(request.scope.get("session"), dict)
    common = {
        "user": user,
        "nav": nav,
        "current_nav": max(matching, key=len) if matching else None,
        "flashes": (
            take_flashes(request) if has_session and not fragment and session_data(request) else []
        ),
        "path": path,
        "title": "",
    }
    return Template(
        template_name=template_name,
        context={**common, **context},
        status_code=status_code,
        headers=headers,
    )
