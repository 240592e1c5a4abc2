"""``policeai demo``: the demonstration force, its users and cases."""

from __future__ import annotations

import click

from policeai.cli.certification import load_registry_and_report
from policeai.cli.runtime import Runtime, pass_runtime
from policeai.core.demo import DemoResult, load_demo
from policeai.core.platform import Platform


def load_and_report(platform: Platform) -> DemoResult:
    """Load the demo data (once) and say what happened; passwords only when just created."""
    result = load_demo(platform)
    result.tools = load_registry_and_report(platform, install=result.created)
    if not result.created:
        click.echo(
            f"Demo data is already loaded (force {result.force!r} has users): nothing to do. "
            "Use the passwords printed when it was first loaded."
        )
        return result
    platform.wait_for_projections(timeout=300)
    click.echo(
        f"Loaded the demo force {result.force_name} (force {result.force!r}): {result.cases} cases."
    )
    for tool in result.tools:
        click.echo(
            f"Installed {tool} for officers and supervisors: certified by the registry, "
            "verified in the signed catalogue (see 'policeai plugins list')."
        )
    for warning in result.warnings:
        click.echo(f"  note: {warning}")
    click.echo("")
    click.echo("Demo users. The passwords are shown this once and stored only as hashes:")
    click.echo("")
    click.echo(f"  {'username':<13} {'password':<26} {'role':<12} name")
    for user in result.users:
        click.echo(f"  {user.username:<13} {user.password:<26} {user.role:<12} {user.display_name}")
    click.echo("")
    return result


@click.group()
def demo() -> None:
    """Demonstration data: a demo force with one user per role and realistic cases."""


@demo.command("load")
@pass_runtime
def load(runtime: Runtime) -> None:
    """Create the demo force's users and cases (does nothing if they exist already).

    The users' passwords are printed once, when they are created.
    """
    load_and_report(runtime.platform())
