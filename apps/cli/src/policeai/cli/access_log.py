"""``policeai access-log``: who consulted, changed or disclosed what (DPA 2018 s.62)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import click

from policeai.cli.runtime import Runtime, echo_json, echo_table, pass_runtime
from policeai.core.context import Actor, acting_as
from policeai.core.errors import ForbiddenError

COLUMNS = [
    ("at", "when", 19),
    ("user", "who", 12),
    ("action", "action", 12),
    ("case_reference", "case", 18),
    ("purpose", "why", 24),
    ("detail", "detail", 40),
]

acting_user = click.option(
    "--user", "username", required=True, help="You: a supervisor of the force (for the log)."
)
purpose_option = click.option(
    "--purpose", required=True, help="Why you are reading the log (for example an audit)."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@click.group("access-log")
def access_log() -> None:
    """Who consulted, changed, disclosed or erased personal data, when and why."""


def _supervisor(runtime: Runtime, username: str, purpose: str) -> Actor:
    actor = runtime.actor(username, purpose)
    if actor.role != "supervisor":
        raise ForbiddenError(
            f"{actor.user!r} has the role {actor.role}: only a supervisor may read the access log"
        )
    return actor


def _show(rows: list[dict[str, Any]], as_json: bool, empty: str) -> None:
    if as_json:
        echo_json(rows)
    elif not rows:
        click.echo(empty)
    else:
        for row in rows:
            row["at"] = row["at"].strftime("%Y-%m-%d %H:%M:%S")
        echo_table(rows, COLUMNS)


@access_log.command("case")
@click.argument("reference")
@acting_user
@purpose_option
@json_option
@pass_runtime
def case(runtime: Runtime, reference: str, username: str, purpose: str, as_json: bool) -> None:
    """Every access to one case, by crime reference number (or case id)."""
    actor = _supervisor(runtime, username, purpose)
    platform = runtime.platform()
    platform.wait_for_projections(timeout=300)
    with acting_as(actor):
        try:
            case_id = UUID(reference)
            platform.cases.case_version(case_id)  # another force's case is not found
        except ValueError:
            case_id = platform.cases.find_by_reference(reference)
    rows = platform.access_log.for_case(case_id, actor.force)
    _show(rows, as_json, f"no access to {reference} is logged")


@access_log.command("person")
@click.argument("key")
@acting_user
@purpose_option
@json_option
@pass_runtime
def person(runtime: Runtime, key: str, username: str, purpose: str, as_json: bool) -> None:
    """Every access touching one person's (or thing's) data, by entity key.

    Keys look like "person:jane okafor|1987-03-14", "phone:+447700900123" or "vrm:DS19KXE".
    """
    actor = _supervisor(runtime, username, purpose)
    platform = runtime.platform()
    platform.wait_for_projections(timeout=300)
    rows = platform.access_log.for_subject(key, actor.force)
    _show(rows, as_json, f"no access to data with key {key!r} is logged")
