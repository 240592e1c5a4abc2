"""``policeai ai-use``: a case's record of AI use, for disclosure."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import click

from policeai.cli.runtime import Runtime, pass_runtime
from policeai.core.context import acting_as


@click.group("ai-use")
def ai_use() -> None:
    """Which AI tools were used on a case, and what people decided about their output."""


@ai_use.command("export")
@click.argument("case_ref")
@click.option("--user", "username", required=True, help="You: a user of the case's force.")
@click.option("--purpose", required=True, help="Why you export it (recorded as a disclosure).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the JSON to this file (default: print it).",
)
@pass_runtime
def export(runtime: Runtime, case_ref: str, username: str, purpose: str, out: Path | None) -> None:
    """Export a case's AI-use record (by crime reference number or case id) as canonical JSON,
    and print its SHA-256. The export is logged as a disclosure."""
    actor = runtime.actor(username, purpose)
    platform = runtime.platform()
    platform.wait_for_projections(timeout=300)
    with acting_as(actor):
        try:
            case_id = UUID(case_ref)
        except ValueError:
            case_id = platform.cases.find_by_reference(case_ref)
        record = platform.gateway.ai_use_record(case_id)
    if out is None:
        click.echo(record["json"])
        click.echo(f"sha256: {record['sha256']}", err=True)
        return
    out.write_text(record["json"], encoding="utf-8")
    click.echo(f"wrote the AI-use record of {case_ref} to {out}")
    click.echo(f"sha256: {record['sha256']}")
