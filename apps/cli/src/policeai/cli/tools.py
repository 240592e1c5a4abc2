"""``policeai tools``: what a force installed, for which roles, with which quotas; and use."""

from __future__ import annotations

import getpass
from dataclasses import asdict
from datetime import UTC, datetime

import click

from policeai.cli.runtime import Runtime, echo_json, echo_table, pass_runtime
from policeai.core.errors import PoliceAIError
from policeai.core.platform import Platform

force_option = click.option("--force", required=True, help="The force (e.g. demo).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def operator() -> str:
    """Who ran the command, as the installation records it."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def parse_roles(value: str) -> list[str]:
    roles = [role.strip() for role in value.split(",") if role.strip()]
    if not roles:
        raise click.BadParameter("name at least one role, e.g. officer,supervisor")
    return roles


def check_certified(platform: Platform, plugin: str, version: str) -> None:
    """Only a release the catalogue view holds as certified (and unexpired) is installed."""
    release = platform.catalogue.release(plugin, version)
    standing = release.standing(datetime.now(UTC)) if release else "uncatalogued"
    if standing != "certified":
        raise PoliceAIError(
            f"{plugin} {version} is {standing} in the catalogue: only a certified release may "
            "be installed (see 'policeai catalogue add-local')"
        )


@click.group()
def tools() -> None:
    """A force's installed AI tools: who may use them, their quotas and their use."""


@tools.command("install")
@click.argument("plugin")
@click.argument("version")
@force_option
@click.option(
    "--roles",
    required=True,
    callback=lambda _ctx, _param, value: parse_roles(value),
    help="Comma-separated roles that may use the tool, e.g. officer,supervisor.",
)
@click.option("--per-day", type=click.IntRange(min=0), help="Invocations a day (over it: queued).")
@click.option("--per-month", type=click.IntRange(min=0), help="Invocations a month.")
@pass_runtime
def install(
    runtime: Runtime,
    plugin: str,
    version: str,
    force: str,
    roles: list[str],
    per_day: int | None,
    per_month: int | None,
) -> None:
    """Install (or replace) a certified release (PLUGIN VERSION) for a force."""
    platform = runtime.platform()
    check_certified(platform, plugin, version)
    installation = platform.installations.install(
        force=force,
        plugin_id=plugin,
        version=version,
        roles=roles,
        installed_by=operator(),
        quota_per_day=per_day,
        quota_per_month=per_month,
    )
    quotas = ", ".join(
        f"{limit} a {period}"
        for limit, period in ((per_day, "day"), (per_month, "month"))
        if limit is not None
    )
    click.echo(
        f"installed {plugin} {version} for force {force!r}: "
        f"{', '.join(installation.roles)}; quota {quotas or 'none'}"
    )
    loaded = platform.host.loaded.get(plugin)
    if loaded is None or loaded.manifest.version != version:
        click.echo(f"note: this server does not run {plugin} {version}, so it cannot run yet")


@tools.command("uninstall")
@click.argument("plugin")
@force_option
@pass_runtime
def uninstall(runtime: Runtime, plugin: str, force: str) -> None:
    """Uninstall a tool (PLUGIN) from a force: nobody there can run it any more."""
    runtime.platform().installations.uninstall(force, plugin)
    click.echo(f"uninstalled {plugin} from force {force!r}")


@tools.command("list")
@force_option
@json_option
@pass_runtime
def list_installations(runtime: Runtime, force: str, as_json: bool) -> None:
    """The tools a force installed: release, roles and quotas."""
    rows = [asdict(i) for i in runtime.platform().installations.for_force(force)]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(f"force {force!r} has installed no tools")
        return
    for row in rows:
        row["roles"] = ", ".join(row["roles"])
    echo_table(
        rows,
        [
            ("plugin_id", "plugin", 28),
            ("version", "version", 8),
            ("roles", "roles", 24),
            ("quota_per_day", "per day", 8),
            ("quota_per_month", "per month", 9),
            ("installed_by", "installed by", 16),
        ],
    )


@tools.command("usage")
@force_option
@json_option
@pass_runtime
def usage(runtime: Runtime, force: str, as_json: bool) -> None:
    """How many invocations of each tool the force made, by status."""
    platform = runtime.platform()
    platform.wait_for_projections(timeout=300)
    rows = platform.invocation_views.usage(force)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(f"force {force!r} has not used any tool yet")
        return
    echo_table(rows, [("plugin_id", "plugin", 28), ("status", "status", 10), ("count", "count", 8)])
