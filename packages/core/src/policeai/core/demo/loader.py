"""Load the demonstration force: one user per role and the cases in ``cases.json``; and,
once the force's catalogue view has been synced from the signed registry catalogue, install
the certified tools (:func:`install_demo_tools`).

Cases go through the cases application exactly as an officer's would (every event names the
demo officer and the purpose "demo data"), so the read models, the timeline and the s.62 log
are built the usual way. Tools are installed only where the catalogue view lists the release
as certified, for officers and supervisors with a daily quota. Loading is idempotent: it does
nothing once the demo force has users.
Passwords are generated, returned once to the caller to show, and stored only as hashes.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import func, select

from policeai.core.cases.identifiers import IDENTIFIER_KINDS, normalise_identifier
from policeai.core.context import Actor, acting_as
from policeai.core.errors import PoliceAIError
from policeai.core.users import users_table

if TYPE_CHECKING:
    from policeai.core.platform import Platform

DEMO_FORCE = "demo"
DEMO_FORCE_NAME = "Demoshire Constabulary"
DEMO_PURPOSE = "demo data"
CASES_FILE = Path(__file__).with_name("cases.json")

#: (username, role, display name): one user per role.
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("officer", "officer", "PC 4127 Sarah Okonkwo"),
    ("supervisor", "supervisor", "Sgt 2210 David Marsh"),
    ("analyst", "analyst", "Priya Raman (Intelligence Analyst)"),
    ("force_admin", "force_admin", "Tom Whitfield (Force Systems Administrator)"),
    ("certifier", "certifier", "Dr Helen Carver (Police.AI Certification)"),
)

#: Who may use the tools the demo force installs, and how often.
DEMO_TOOL_ROLES = ("officer", "supervisor")
DEMO_TOOL_QUOTA_PER_DAY = 500


class DemoDataError(PoliceAIError):
    """The demonstration data file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    role: str
    display_name: str
    password: str = field(repr=False)


@dataclass(slots=True)
class DemoResult:
    """What loading did: the users just created (with their passwords), cases and warnings."""

    force: str = DEMO_FORCE
    force_name: str = DEMO_FORCE_NAME
    created: bool = False
    users: list[DemoUser] = field(default_factory=list)
    cases: int = 0
    tools: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def demo_user_count(platform: Platform) -> int:
    with platform.engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(users_table).where(users_table.c.force == DEMO_FORCE)
        ).scalar_one()


def read_cases(path: Path = CASES_FILE) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DemoDataError(f"the demo cases file {path} is missing") from None
    except json.JSONDecodeError as exc:
        raise DemoDataError(f"the demo cases file {path} is not valid JSON: {exc}") from None
    if not isinstance(data, list):
        raise DemoDataError(f"the demo cases file {path} must hold a JSON array of cases")
    return data


def load_demo(
    platform: Platform,
    cases: Sequence[dict[str, Any]] | None = None,
    *,
    now: datetime | None = None,
) -> DemoResult:
    """Create the demo force's users and cases, unless the demo force already has users."""
    result = DemoResult()
    if demo_user_count(platform):
        return result
    records = list(cases) if cases is not None else read_cases()
    for username, role, display_name in DEMO_USERS:
        password = secrets.token_urlsafe(18)
        platform.users.add(
            username=username,
            force=DEMO_FORCE,
            role=role,
            display_name=display_name,
            password=password,
        )
        result.users.append(DemoUser(username, role, display_name, password))
    result.created = True
    officer = Actor(user="officer", force=DEMO_FORCE, purpose=DEMO_PURPOSE, role="officer")
    moment = now or datetime.now(UTC)
    with acting_as(officer):
        for number, record in enumerate(records, start=1):
            try:
                _load_case(platform, record, moment, result.warnings, f"case {number}")
            except (PoliceAIError, KeyError, TypeError, ValueError) as exc:
                result.warnings.append(f"case {number}: not loaded: {exc}")
            else:
                result.cases += 1
    return result


def install_demo_tools(platform: Platform, releases: Sequence[tuple[str, str]]) -> list[str]:
    """Install each ``(plugin id, version)`` for the demo force's officers and supervisors,
    with a daily quota, where the force's catalogue view lists that release as certified and
    the force has not installed the tool yet (an administrator's later changes are kept).
    Returns the ``"id version"`` of each tool installed now."""
    installed = []
    now = datetime.now(UTC)
    for plugin_id, version in releases:
        release = platform.catalogue.release(plugin_id, version)
        if release is None or release.standing(now) != "certified":
            continue
        if platform.installations.get(DEMO_FORCE, plugin_id) is not None:
            continue
        platform.installations.install(
            force=DEMO_FORCE,
            plugin_id=plugin_id,
            version=version,
            roles=list(DEMO_TOOL_ROLES),
            installed_by="force_admin",
            quota_per_day=DEMO_TOOL_QUOTA_PER_DAY,
        )
        installed.append(f"{plugin_id} {version}")
    return installed


def _reported_at(record: dict[str, Any], now: datetime) -> datetime:
    day = (now - timedelta(days=int(record.get("reported_days_ago", 0)))).date()
    hour = int(record.get("reported_hour", 9)) % 24
    return min(datetime.combine(day, time(hour), tzinfo=UTC), now)


def _load_case(
    platform: Platform, record: dict[str, Any], now: datetime, warnings: list[str], label: str
) -> None:
    cases = platform.cases
    opened = cases.open_case(
        narrative=record["narrative"],
        location=record["location"],
        reported_at=_reported_at(record, now),
    )
    case_id: UUID = opened["case_id"]
    label = f"{label} ({opened['reference']})"
    for statement in record.get("statements") or []:
        cases.add_statement(
            case_id,
            text=statement["text"],
            author=statement["author"],
            kind=statement.get("kind", "statement"),
        )
    for entity in record.get("entities") or []:
        _record_entity(platform, case_id, entity, warnings, label)
    if record.get("offence_code"):
        cases.classify(case_id, record["offence_code"])
    if record.get("outcome") is not None:
        cases.record_outcome(case_id, record["outcome"])
    if record.get("closed"):
        cases.close_case(case_id, "demo data: investigation concluded")


def _record_entity(
    platform: Platform, case_id: UUID, entity: dict[str, Any], warnings: list[str], label: str
) -> None:
    name = entity.get("name") or ""
    identifiers: dict[str, str] = {}
    for kind, raw in (entity.get("identifiers") or {}).items():
        if raw is None or not str(raw).strip():
            continue
        if kind not in IDENTIFIER_KINDS:
            warnings.append(f"{label}: {name or 'entity'}: unknown identifier {kind!r} skipped")
            continue
        try:
            normalise_identifier(kind, str(raw))
        except PoliceAIError as exc:
            warnings.append(f"{label}: {name or 'entity'}: {kind} skipped: {exc}")
            continue
        identifiers[kind] = str(raw)
    try:
        platform.cases.record_entity(
            case_id,
            entity_type=entity["type"],
            subtype=entity.get("subtype"),
            role=entity["role"],
            name=name,
            identifiers=identifiers,
        )
    except PoliceAIError as exc:
        warnings.append(f"{label}: {name or 'entity'} not recorded: {exc}")
