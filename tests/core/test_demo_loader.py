"""A newcomer runs the demo: a demo force with one user per role, and real-looking cases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from policeai.core.catalogue.view import CatalogueRelease
from policeai.core.context import Actor, acting_as
from policeai.core.demo import DEMO_FORCE, load_demo
from policeai.core.demo.loader import install_demo_tools
from policeai.core.platform import Platform
from policeai.core.settings import Settings
from policeai.core.users import ROLES

TOOL = "keyword-offence-suggester"

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

SAMPLE: list[dict[str, Any]] = [
    {
        "narrative": "Bicycle taken from outside the library.",
        "location": "Library, High Street, Demoton",
        "reported_days_ago": 3,
        "reported_hour": 14,
        "offence_code": "45",
        "outcome": 18,
        "closed": True,
        "statements": [
            {"kind": "statement", "author": "Ann Lee (victim)", "text": "I locked it at two."}
        ],
        "entities": [
            {
                "type": "person",
                "role": "victim",
                "name": "Ann Lee",
                "identifiers": {"dob": "1990-04-12", "phone": "07700 900123", "nino": "nonsense"},
            },
            {
                "type": "object",
                "subtype": "vehicle",
                "role": "other",
                "name": "Van seen nearby",
                "identifiers": {"vrm": "ds19 kxe"},
            },
        ],
    },
    {
        "narrative": "Shouting heard from a flat; caller unsure of the address.",
        "location": "Tower Road, Demoton",
        "reported_days_ago": 0,
        "reported_hour": 23,
        "offence_code": None,
        "outcome": None,
        "closed": False,
        "statements": [],
        "entities": [],
    },
]


@pytest.fixture
def sqlite_platform(settings_for: Callable[..., Settings]) -> Iterator[Platform]:
    with Platform(settings_for("sqlite")) as platform:
        yield platform


def test_the_sample_loads_through_the_cases_application(sqlite_platform: Platform) -> None:
    result = load_demo(sqlite_platform, SAMPLE, now=NOW)

    assert result.created
    assert result.cases == 2
    assert [user.role for user in result.users] == list(ROLES)
    # The unreadable National Insurance number is skipped, the person is kept.
    assert len(result.warnings) == 1
    assert "nino skipped" in result.warnings[0]

    sqlite_platform.wait_for_projections()
    cases = sqlite_platform.views.list_cases(force=DEMO_FORCE)
    assert {case["status"] for case in cases} == {"open", "closed"}
    closed = next(case for case in cases if case["status"] == "closed")
    assert closed["offence_code"] == "45"
    assert closed["outcome_code"] == 18
    assert closed["entities_count"] == 2
    with acting_as(Actor(user="officer", force=DEMO_FORCE, purpose="test", role="officer")):
        assert sqlite_platform.views.cases_for_entity(force=DEMO_FORCE, key="vrm:DS19KXE")
        case = sqlite_platform.cases.get_case(UUID(str(closed["case_id"])))
        history = sqlite_platform.cases.history(UUID(str(closed["case_id"])))
    assert case["entities"][0]["identifiers"] == {"dob": "1990-04-12", "phone": "+447700900123"}
    assert {event["actor"] for event in history} == {"officer"}
    assert {event["purpose"] for event in history} == {"demo data"}


def test_a_report_later_today_than_now_is_not_in_the_future(sqlite_platform: Platform) -> None:
    result = load_demo(sqlite_platform, SAMPLE[1:], now=NOW)

    assert result.cases == 1
    sqlite_platform.wait_for_projections()
    (case,) = sqlite_platform.views.list_cases(force=DEMO_FORCE)
    assert case["reported_at"].replace(tzinfo=UTC) <= NOW


def test_the_demo_users_can_sign_in_with_the_passwords_shown_once(
    sqlite_platform: Platform,
) -> None:
    result = load_demo(sqlite_platform, [])

    for user in result.users:
        assert len(user.password) >= 16
        signed_in = sqlite_platform.users.authenticate(user.username, user.password)
        assert signed_in["force"] == DEMO_FORCE
        assert signed_in["role"] == user.role
        assert user.password not in repr(result)
    assert len({user.password for user in result.users}) == len(result.users)


def test_the_demo_data_loads_once(sqlite_platform: Platform) -> None:
    first = load_demo(sqlite_platform)
    sqlite_platform.wait_for_projections()

    assert sqlite_platform.users.count() == 5
    assert first.cases >= 50
    assert len(sqlite_platform.views.list_cases(force=DEMO_FORCE, limit=500)) >= 50

    again = load_demo(sqlite_platform)

    assert not again.created
    assert again.users == []
    assert again.cases == 0
    sqlite_platform.wait_for_projections()
    assert sqlite_platform.users.count() == 5
    assert sqlite_platform.views.count_cases(force=DEMO_FORCE) == first.cases


def certified_in_view(
    platform: Platform, plugin_id: str, status: str = "certified", version: str | None = None
) -> str:
    """Put a release of ``plugin_id`` (by default the installed one) in the force's catalogue
    view, as a sync from the registry would; return its version."""
    version = version or platform.host.get(plugin_id).manifest.version
    platform.catalogue.put(
        CatalogueRelease(
            plugin_id,
            version,
            f"police-ai/{plugin_id}",
            "PAI-TEST-0001",
            status,
            datetime.now(UTC) + timedelta(days=365),
        )
    )
    return version


def test_the_demo_installs_only_what_the_catalogue_view_certifies(
    sqlite_platform: Platform,
) -> None:
    result = load_demo(sqlite_platform, SAMPLE[1:], now=NOW)
    assert result.tools == []
    assert sqlite_platform.installations.for_force(DEMO_FORCE) == []  # nothing unverified
    version = certified_in_view(sqlite_platform, TOOL)
    suspended = certified_in_view(sqlite_platform, TOOL, "suspended", version="0.9.0")

    installed = install_demo_tools(
        sqlite_platform, [(TOOL, suspended), ("absent", "1.0"), (TOOL, version)]
    )

    assert installed == [f"{TOOL} {version}"]
    installation = sqlite_platform.installations.get(DEMO_FORCE, TOOL)
    assert installation is not None
    assert installation.version == version
    assert installation.roles == ["officer", "supervisor"]
    assert installation.quota_per_day == 500
    sqlite_platform.wait_for_projections()
    (case,) = sqlite_platform.views.list_cases(force=DEMO_FORCE)
    runner = sqlite_platform.start_jobs()
    with acting_as(Actor(user="officer", force=DEMO_FORCE, purpose="test", role="officer")):
        invoked = sqlite_platform.gateway.invoke(
            case_id=UUID(str(case["case_id"])),
            plugin_id=TOOL,
            capability="offence_suggestion",
            request={"narrative": "My bicycle was stolen from the rack."},
        )
        runner.join()  # type: ignore[attr-defined]
        status = sqlite_platform.gateway.status(invoked["invocation_id"])
    assert status["status"] == "completed"
    assert status["certificate_id"] == "PAI-TEST-0001"


def test_installing_again_leaves_the_tool_as_the_force_admin_left_it(
    sqlite_platform: Platform,
) -> None:
    version = certified_in_view(sqlite_platform, TOOL)
    install_demo_tools(sqlite_platform, [(TOOL, version)])
    sqlite_platform.installations.install(  # the administrator narrows who may use it
        force=DEMO_FORCE, plugin_id=TOOL, version=version, roles=["supervisor"], installed_by="a"
    )

    again = install_demo_tools(sqlite_platform, [(TOOL, version)])

    assert again == []
    (installation,) = sqlite_platform.installations.for_force(DEMO_FORCE)
    assert installation.roles == ["supervisor"]
    assert installation.quota_per_day is None
