"""``policeai cases``: a force's cases, from the read models."""

from __future__ import annotations

import click

from policeai.cli.runtime import Runtime, echo_json, echo_table, pass_runtime


@click.group()
def cases() -> None:
    """A force's cases."""


@cases.command("list")
@click.option("--force", required=True, help="The force whose cases to list (e.g. demo).")
@click.option("--status", type=click.Choice(["open", "closed"]), help="Only open or closed cases.")
@click.option("--offence", help="Only cases with this Home Office offence code.")
@click.option("--search", help="Words to find in narratives and statements.")
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_runtime
def list_cases(
    runtime: Runtime,
    force: str,
    status: str | None,
    offence: str | None,
    search: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """List the force's cases, newest report first."""
    platform = runtime.platform()
    platform.wait_for_projections(timeout=300)
    rows = platform.views.list_cases(
        force=force, status=status, offence=offence, search=search, limit=limit
    )
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(f"no cases for force {force!r}")
        return
    for row in rows:
        row["reported"] = row["reported_at"].strftime("%Y-%m-%d %H:%M")
    echo_table(
        rows,
        [
            ("reference", "reference", 18),
            ("status", "status", 6),
            ("reported", "reported", 16),
            ("offence_code", "offence", 7),
            ("narrative", "narrative", 60),
        ],
    )
