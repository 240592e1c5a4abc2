"""An operator runs the ``policeai`` command: help everywhere, demo data, clear errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from policeai.cli.main import cli


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from command_paths(command, (*prefix, name))
        else:
            yield (*prefix, name)


ALL_COMMANDS = list(command_paths(cli))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data_dir: Path = tmp_path_factory.mktemp("cli")
    return {"POLICEAI_DATA_DIR": str(data_dir), "POLICEAI_SECRET_KEY": "test-secret"}


@pytest.fixture(scope="module")
def demo_output(env: dict[str, str]) -> str:
    """Load the demo data once for the module; the output of that first load."""
    result = CliRunner().invoke(cli, ["demo", "load"], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def run(env: dict[str, str], *args: str, **kwargs: Any) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, **kwargs)


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda path: " ".join(path) or "policeai")
def test_every_command_explains_itself(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])

    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_the_command_tree_has_what_an_operator_needs() -> None:
    assert {" ".join(path) for path in ALL_COMMANDS} >= {
        "serve",
        "demo load",
        "projections rebuild",
        "projections status",
        "cases list",
        "users add",
        "access-log case",
        "access-log person",
        "settings",
    }


def test_demo_load_prints_the_passwords_once(env: dict[str, str], demo_output: str) -> None:
    assert "Demoshire Constabulary" in demo_output
    for username in ("officer", "supervisor", "analyst", "force_admin", "certifier"):
        assert f"  {username} " in demo_output

    again = run(env, "demo", "load")

    assert again.exit_code == 0
    assert "already loaded" in again.output
    assert "password" not in again.output.replace("passwords printed", "")


def test_cases_list_prints_json(env: dict[str, str], demo_output: str) -> None:
    result = run(env, "cases", "list", "--json", "--force", "demo", "--limit", "500")

    assert result.exit_code == 0, result.output
    cases = json.loads(result.output)
    assert len(cases) >= 50
    assert all(case["reference"].startswith("DEMO/") for case in cases)


def test_cases_list_prints_a_table(env: dict[str, str], demo_output: str) -> None:
    result = run(env, "cases", "list", "--force", "demo", "--limit", "3")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["reference", "status"]
    assert len(lines) == 4


def test_projections_status_and_rebuild(env: dict[str, str], demo_output: str) -> None:
    rebuilt = run(env, "projections", "rebuild")
    status = run(env, "projections", "status", "--json")

    assert rebuilt.exit_code == 0, rebuilt.output
    assert "rebuilt" in rebuilt.output
    figures = json.loads(status.output)
    assert figures["behind"] == 0
    assert figures["position"] == figures["head"] > 0


def test_a_supervisor_reads_the_access_log(env: dict[str, str], demo_output: str) -> None:
    by_case = run(
        env,
        "access-log",
        "case",
        "DEMO/2026/000001",
        "--user",
        "supervisor",
        "--purpose",
        "audit",
        "--json",
    )
    by_person = run(
        env,
        "access-log",
        "person",
        "postcode:DS3 6AZ",
        "--user",
        "supervisor",
        "--purpose",
        "audit",
    )

    assert by_case.exit_code == 0, by_case.output
    rows = json.loads(by_case.output)
    assert rows[0]["detail"].startswith("Opened case")
    assert {row["user"] for row in rows} == {"officer"}
    assert by_person.exit_code == 0, by_person.output


def test_users_add_asks_for_the_password(env: dict[str, str]) -> None:
    added = run(
        env,
        "users",
        "add",
        "--username",
        "pc.cole",
        "--force",
        "demo",
        "--role",
        "officer",
        "--display-name",
        "PC Cole",
        input="a long enough password\na long enough password\n",
    )
    generated = run(
        env,
        "users",
        "add",
        "--username",
        "pc.rowe",
        "--force",
        "demo",
        "--role",
        "analyst",
        "--display-name",
        "PC Rowe",
        "--generate-password",
    )

    assert added.exit_code == 0, added.output
    assert "a long enough password" not in added.output
    assert generated.exit_code == 0, generated.output
    assert "password (shown once): " in generated.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["access-log", "case", "DEMO/2026/000001", "--user", "nobody", "--purpose", "x"],
            "no user named 'nobody'",
        ),
        (
            ["access-log", "case", "DEMO/2026/000001", "--user", "officer", "--purpose", "x"],
            "only a supervisor",
        ),
        (
            ["access-log", "case", "DEMO/1999/000001", "--user", "supervisor", "--purpose", "x"],
            "no case has the reference",
        ),
        (
            [
                "users",
                "add",
                "--username",
                "officer",
                "--force",
                "demo",
                "--role",
                "officer",
                "--display-name",
                "Again",
                "--generate-password",
            ],
            "already exists",
        ),
        (["cases", "list"], "Missing option '--force'"),
        (
            [
                "users",
                "add",
                "--username",
                "x",
                "--force",
                "demo",
                "--role",
                "chief",
                "--display-name",
                "X",
                "--generate-password",
            ],
            "'chief' is not one of",
        ),
    ],
)
def test_a_mistake_gets_a_clear_message_not_a_traceback(
    env: dict[str, str], demo_output: str, args: list[str], message: str
) -> None:
    result = run(env, *args)

    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_short_password_is_refused(env: dict[str, str]) -> None:
    result = run(
        env,
        "users",
        "add",
        "--username",
        "pc.short",
        "--force",
        "demo",
        "--role",
        "officer",
        "--display-name",
        "PC Short",
        input="short\nshort\n",
    )

    assert result.exit_code == 1
    assert "Error: a password must have at least 12 characters" in result.output


def test_bad_settings_are_reported_plainly(env: dict[str, str]) -> None:
    result = run({**env, "POLICEAI_SNAPSHOT_INTERVAL": "often"}, "projections", "status")

    assert result.exit_code == 1
    assert "POLICEAI_SNAPSHOT_INTERVAL must be a whole number" in result.output


def test_settings_are_shown_without_secrets(env: dict[str, str]) -> None:
    with_password = {
        **env,
        "POLICEAI_DATABASE_URL": "postgresql+psycopg://police:hunter2@db.example/records",
    }
    result = run(with_password, "settings")

    assert result.exit_code == 0, result.output
    assert env["POLICEAI_DATA_DIR"] in result.output
    assert "hunter2" not in result.output
    assert "test-secret" not in result.output
    assert "police:***@db.example" in result.output


def test_serve_prints_the_demo_users_only_when_it_creates_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[dict[str, Any]] = []

    def fake_run(app: Any, **options: Any) -> None:
        started.append(options)
        app.state.platform.close()

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", fake_run)
    env = {"POLICEAI_DATA_DIR": str(tmp_path), "POLICEAI_SECRET_KEY": "s", "PORT": "8765"}

    first = run(env, "serve", "--load-demo")
    second = run(env, "serve", "--load-demo", "--port", "9000")

    assert first.exit_code == 0, first.output
    assert "The passwords are shown this once" in first.output
    assert "http://127.0.0.1:8765/" in first.output
    assert second.exit_code == 0, second.output
    assert "The passwords are shown this once" not in second.output
    assert [options["port"] for options in started] == [8765, 9000]
