"""``policeai projections``: the read models built from the event log."""

from __future__ import annotations

import click

from policeai.cli.runtime import Runtime, echo_json, pass_runtime


@click.group()
def projections() -> None:
    """The read models (case lists, search, entity index) built from the event log."""


@projections.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_runtime
def status(runtime: Runtime, as_json: bool) -> None:
    """How far the read models have got through the event log."""
    platform = runtime.platform()
    head = platform.cases.recorder.max_notification_id() or 0
    position = platform.views.max_tracking_id(platform.cases.name) or 0
    if as_json:
        echo_json({"position": position, "head": head, "behind": head - position})
        return
    state = "up to date" if position >= head else f"{head - position} events behind"
    click.echo(f"read models at event {position} of {head}: {state}")


@projections.command("rebuild")
@pass_runtime
def rebuild(runtime: Runtime) -> None:
    """Empty the read models and replay the whole event log into them.

    Stop the web application first: it would otherwise go on projecting while they are
    emptied.
    """
    platform = runtime.platform()
    platform.rebuild_projections()
    position = platform.views.max_tracking_id(platform.cases.name) or 0
    click.echo(f"rebuilt the read models from {position} events")
