"""An operator manages the AI tools from the ``policeai`` command: what is loaded, what the
catalogue view says of it, what a force installed, its use, and a case's AI-use record."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from policeai.cli.main import cli
from policeai.core.context import Actor, acting_as
from policeai.core.platform import Platform
from policeai.core.settings import Settings

TOOL = "keyword-offence-suggester"
ENTRY = "police-ai/keyword-offence-suggester"
KEYS = {"name", "version", "registry_entry", "certificate", "status", "capabilities"}
NEW_COMMANDS = [
    ("plugins",),
    ("plugins", "list"),
    ("plugins", "refused"),
    ("catalogue",),
    ("catalogue", "add-local"),
    ("catalogue", "set-status"),
    ("catalogue", "list"),
    ("tools",),
    ("tools", "install"),
    ("tools", "uninstall"),
    ("tools", "list"),
    ("tools", "usage"),
    ("ai-use",),
    ("ai-use", "export"),
]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"POLICEAI_DATA_DIR": str(tmp_path / "data"), "POLICEAI_SECRET_KEY": "test-secret"}


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def listed(env: dict[str, str], *options: str) -> dict[str, dict[str, Any]]:
    result = run(env, "plugins", "list", "--json", *options)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    for row in rows:
        assert set(row) == KEYS
    return {row["name"]: row for row in rows}


def version_of(env: dict[str, str]) -> str:
    return listed(env)[TOOL]["version"]


def add_local(env: dict[str, str], version: str, expires: date | None = None) -> Result:
    expires = expires or (datetime.now(UTC) + timedelta(days=365)).date()
    return run(
        env,
        "catalogue",
        "add-local",
        TOOL,
        version,
        "--entry",
        ENTRY,
        "--certificate",
        "PAI-CERT-0001",
        "--expires",
        expires.isoformat(),
    )


@pytest.mark.parametrize("path", NEW_COMMANDS, ids=" ".join)
def test_every_new_command_explains_itself(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])

    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_the_built_in_plugin_is_listed_with_its_standing_in_the_catalogue(
    env: dict[str, str],
) -> None:
    before = listed(env)[TOOL]
    assert before == {
        "name": TOOL,
        "version": before["version"],
        "registry_entry": None,
        "certificate": None,
        "status": "uncatalogued",
        "capabilities": ["offence_suggestion"],
    }

    added = add_local(env, before["version"])
    assert added.exit_code == 0, added.output
    assert "certified" in added.output

    after = listed(env)[TOOL]
    assert (after["status"], after["registry_entry"], after["certificate"]) == (
        "certified",
        ENTRY,
        "PAI-CERT-0001",
    )
    revoked = run(env, "catalogue", "set-status", TOOL, before["version"], "revoked")
    assert revoked.exit_code == 0, revoked.output
    assert listed(env)[TOOL]["status"] == "revoked"
    expired = add_local(env, before["version"], date(2020, 1, 1))
    assert expired.exit_code == 0, expired.output
    assert listed(env)[TOOL]["status"] == "expired"

    table = run(env, "plugins", "list")
    assert table.exit_code == 0
    assert TOOL in table.output
    assert "expired" in table.output
    refused = run(env, "plugins", "refused", "--json")
    assert refused.exit_code == 0
    assert json.loads(refused.output) == []


def test_a_force_installs_a_certified_tool_and_sees_its_use(env: dict[str, str]) -> None:
    version = version_of(env)
    install = ("tools", "install", TOOL, version, "--force", "demo", "--roles", "officer")

    uncatalogued = run(env, *install)
    assert uncatalogued.exit_code == 1
    assert "uncatalogued" in uncatalogued.output
    assert "Traceback" not in uncatalogued.output

    assert add_local(env, version).exit_code == 0
    installed = run(env, *install[:-1], "officer, supervisor", "--per-day", "5")
    assert installed.exit_code == 0, installed.output
    assert "5 a day" in installed.output
    assert listed(env, "--force", "demo").keys() == {TOOL}
    assert listed(env, "--force", "other") == {}
    (row,) = json.loads(run(env, "tools", "list", "--force", "demo", "--json").output)
    assert (row["roles"], row["quota_per_day"], row["version"]) == (
        ["officer", "supervisor"],
        5,
        version,
    )

    usage = run(env, "tools", "usage", "--force", "demo", "--json")
    assert usage.exit_code == 0, usage.output
    assert json.loads(usage.output) == []

    uninstalled = run(env, "tools", "uninstall", TOOL, "--force", "demo")
    assert uninstalled.exit_code == 0, uninstalled.output
    assert listed(env, "--force", "demo") == {}
    again = run(env, "tools", "uninstall", TOOL, "--force", "demo")
    assert again.exit_code == 1
    assert "not installed" in again.output


@pytest.fixture
def case_with_ai_use(env: dict[str, str]) -> Iterator[str]:
    """A case of the demo force on which the keyword suggester ran once."""
    settings = Settings.from_env(env)
    with Platform(settings) as platform:
        platform.users.add(
            username="pc.jones",
            force="demo",
            role="officer",
            display_name="PC Jones",
            password="correct horse battery",
        )
        version = platform.host.get(TOOL).manifest.version
        runner = platform.start_jobs()
        officer = Actor("pc.jones", "demo", "investigation", role="officer")
        with acting_as(officer):
            opened = platform.cases.open_case(
                narrative="Bicycle stolen from the rack at the station",
                reported_at=datetime.now(UTC) - timedelta(hours=1),
                location="Station Road",
            )
        assert add_local(env, version).exit_code == 0
        install = ("tools", "install", TOOL, version, "--force", "demo", "--roles", "officer")
        assert run(env, *install).exit_code == 0
        with acting_as(officer):
            platform.gateway.invoke(
                case_id=opened["case_id"],
                plugin_id=TOOL,
                capability="offence_suggestion",
                request={"narrative": "Bicycle stolen from the rack at the station"},
            )
            runner.join()  # type: ignore[attr-defined]
        yield opened["reference"]


def test_a_cases_ai_use_record_is_exported_with_its_sha256(
    env: dict[str, str], case_with_ai_use: str, tmp_path: Path
) -> None:
    out = tmp_path / "ai-use.json"

    result = run(
        env, "ai-use", "export", case_with_ai_use, "--user", "pc.jones", "--purpose", "CPS file",
        "--out", str(out),
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    sha256 = hashlib.sha256(out.read_bytes()).hexdigest()
    assert f"sha256: {sha256}" in result.output
    record = json.loads(out.read_text())
    assert record["case"]["reference"] == case_with_ai_use
    assert [i["status"] for i in record["invocations"]] == ["completed"]
    assert record["suggestions"][0]["invocation"]["registry_entry_id"] == ENTRY

    usage = run(env, "tools", "usage", "--force", "demo", "--json")
    assert json.loads(usage.output) == [{"plugin_id": TOOL, "status": "completed", "count": 1}]
    printed = run(
        env, "ai-use", "export", case_with_ai_use, "--user", "pc.jones", "--purpose", "review"
    )
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.stdout)["case"]["reference"] == case_with_ai_use


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("catalogue", "set-status", TOOL, "9.9.9", "revoked"), "not in the catalogue"),
        (("catalogue", "set-status", TOOL, "1.0.0", "lost"), "Invalid value"),
        (
            ("catalogue", "add-local", TOOL, "1.0.0", "--entry", "e", "--certificate", "c",
             "--expires", "next year"),
            "Invalid value for '--expires'",
        ),
        (
            ("catalogue", "add-local", TOOL, "1.0.0", "--entry", "x" * 65, "--certificate", "c",
             "--expires", "2030-01-01"),
            "registry entry id must be 1 to 64 characters",
        ),
        (("tools", "install", TOOL, "1.0.0", "--force", "demo", "--roles", ","), "role"),
        (("tools", "install", TOOL, "1.0.0", "--roles", "officer"), "Missing option '--force'"),
        (
            ("tools", "install", TOOL, "1.0.0", "--force", "demo", "--roles", "officer",
             "--per-day", "-1"),
            "Invalid value for '--per-day'",
        ),
        (("tools", "uninstall", "nothing", "--force", "demo"), "not installed"),
        (
            ("ai-use", "export", "DEMO/2026/999999", "--user", "nobody", "--purpose", "x"),
            "no user named 'nobody'",
        ),
    ],
)  # fmt: skip
def test_bad_input_gets_a_clear_error_and_a_failing_exit(
    env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    result = run(env, *args)

    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_installing_unknown_roles_is_refused(env: dict[str, str]) -> None:
    version = version_of(env)
    assert add_local(env, version).exit_code == 0

    result = run(env, "tools", "install", TOOL, version, "--force", "demo", "--roles", "wizard")

    assert result.exit_code == 1
    assert "unknown roles ['wizard']" in result.output
