"""``policeai plugins`` and ``policeai catalogue``: the tools this server loaded, and the
force's local catalogue view that says which releases are certified, until when.

The local catalogue view is written here by the force's own tooling until the registry's
signed catalogue is synced into the same table.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click

from policeai.cli.runtime import Runtime, echo_json, echo_table, pass_runtime
from policeai.core.catalogue.view import STATUSES, CatalogueRelease
from policeai.core.errors import PoliceAIError
from policeai.core.platform import Platform

MAX_ID_LENGTH = 64
MAX_VERSION_LENGTH = 40
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def plugin_rows(platform: Platform, force: str | None = None) -> list[dict[str, Any]]:
    """Each plugin the host loaded (only those the force installed, given a force), with its
    release's standing in the catalogue view."""
    now = datetime.now(UTC)
    installed = {i.plugin_id for i in platform.installations.for_force(force)} if force else None
    rows = []
    for plugin_id in sorted(platform.host.loaded):
        if installed is not None and plugin_id not in installed:
            continue
        manifest = platform.host.loaded[plugin_id].manifest
        release = platform.catalogue.release(plugin_id, manifest.version)
        rows.append(
            {
                "name": plugin_id,
                "version": manifest.version,
                "registry_entry": release.registry_entry_id if release else None,
                "certificate": release.certificate_id if release else None,
                "status": release.standing(now) if release else "uncatalogued",
                "capabilities": list(manifest.capabilities),
            }
        )
    return rows


@click.group()
def plugins() -> None:
    """The AI tools (plugins) this server loaded, and those it refused."""


@plugins.command("list")
@click.option("--force", help="Only the plugins this force installed (e.g. demo).")
@json_option
@pass_runtime
def list_plugins(runtime: Runtime, force: str | None, as_json: bool) -> None:
    """Every plugin loaded here: version, registry entry, certificate and its standing in
    the catalogue view (certified, suspended, revoked, expired or uncatalogued)."""
    rows = plugin_rows(runtime.platform(), force)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(f"no plugins installed for force {force!r}" if force else "no plugins loaded")
        return
    for row in rows:
        row["capabilities"] = ", ".join(row["capabilities"])
    echo_table(
        rows,
        [
            ("name", "name", 28),
            ("version", "version", 8),
            ("status", "status", 12),
            ("registry_entry", "registry entry", 36),
            ("certificate", "certificate", 14),
            ("capabilities", "capabilities", 30),
        ],
    )


@plugins.command("refused")
@json_option
@pass_runtime
def refused(runtime: Runtime, as_json: bool) -> None:
    """The plugins refused when they were loaded, and why (e.g. an invalid manifest)."""
    reasons = runtime.platform().host.refused
    if as_json:
        echo_json([{"name": name, "reason": reason} for name, reason in sorted(reasons.items())])
        return
    if not reasons:
        click.echo("no plugin was refused")
    for name, reason in sorted(reasons.items()):
        click.echo(f"{name}: {reason}")


@click.group()
def catalogue() -> None:
    """The force's local catalogue view: which releases are certified, until when."""


def _identifier(value: str, what: str, limit: int = MAX_ID_LENGTH) -> str:
    value = value.strip()
    if not value or len(value) > limit:
        raise PoliceAIError(f"the {what} must be 1 to {limit} characters, not {value!r}")
    return value


@catalogue.command("add-local")
@click.argument("plugin")
@click.argument("version")
@click.option("--entry", required=True, help="The registry entry id (e.g. police-ai/tool-name).")
@click.option("--certificate", required=True, help="The certificate id (e.g. PAI-CERT-0001).")
@click.option(
    "--expires",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day the certificate expires (YYYY-MM-DD, from midnight UTC).",
)
@click.option(
    "--status",
    type=click.Choice(STATUSES),
    default="certified",
    show_default=True,
    help="The release's status.",
)
@pass_runtime
def add_local(
    runtime: Runtime,
    plugin: str,
    version: str,
    entry: str,
    certificate: str,
    expires: datetime,
    status: str,
) -> None:
    """Put a release (PLUGIN VERSION) into the local catalogue view, or replace it."""
    platform = runtime.platform()
    release = CatalogueRelease(
        plugin_id=_identifier(plugin, "plugin id"),
        version=_identifier(version, "version", MAX_VERSION_LENGTH),
        registry_entry_id=_identifier(entry, "registry entry id"),
        certificate_id=_identifier(certificate, "certificate id"),
        status=status,
        expires_at=expires.replace(tzinfo=UTC),
    )
    platform.catalogue.put(release)
    click.echo(
        f"{release.plugin_id} {release.version} is {release.standing(datetime.now(UTC))} in the "
        f"catalogue: entry {release.registry_entry_id}, certificate {release.certificate_id}, "
        f"expires {release.expires_at:%Y-%m-%d}"
    )
    loaded = platform.host.loaded.get(release.plugin_id)
    if loaded is None or loaded.manifest.version != release.version:
        click.echo(f"note: this server does not run {release.plugin_id} {release.version}")


@catalogue.command("set-status")
@click.argument("plugin")
@click.argument("version")
@click.argument("status", type=click.Choice(STATUSES))
@pass_runtime
def set_status(runtime: Runtime, plugin: str, version: str, status: str) -> None:
    """Certify, suspend or revoke a release (PLUGIN VERSION) in the local catalogue view.

    A suspended or revoked release stops at once: the gateway refuses to run it.
    """
    runtime.platform().catalogue.set_status(plugin, version, status)
    click.echo(f"{plugin} {version} is now {status}")


@catalogue.command("list")
@json_option
@pass_runtime
def list_releases(runtime: Runtime, as_json: bool) -> None:
    """Every release in the local catalogue view, with its standing today."""
    now = datetime.now(UTC)
    rows = [
        {**release.to_dict(), "standing": release.standing(now)}
        for release in runtime.platform().catalogue.releases()
    ]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("the catalogue view is empty: add a release with 'policeai catalogue add-local'")
        return
    for row in rows:
        row["expires"] = row["expires_at"].strftime("%Y-%m-%d")
    echo_table(
        rows,
        [
            ("plugin_id", "plugin", 28),
            ("version", "version", 8),
            ("standing", "standing", 10),
            ("registry_entry_id", "registry entry", 36),
            ("certificate_id", "certificate", 14),
            ("expires", "expires", 10),
        ],
    )
