"""The ``policeai`` command line.

Configuration comes from environment variables only (see ``policeai settings``). Errors print
a message and exit with status 1; set ``POLICEAI_DEBUG=1`` to see the traceback of an
unexpected one.
"""

from __future__ import annotations

import os
from typing import Any

import click

from policeai.cli.access_log import access_log
from policeai.cli.ai_use import ai_use
from policeai.cli.cases import cases
from policeai.cli.certification import run_suite
from policeai.cli.demo import demo
from policeai.cli.evaluate import evaluate
from policeai.cli.log import log
from policeai.cli.plugin_sync import install as install_plugin
from policeai.cli.plugin_sync import sync as sync_catalogue
from policeai.cli.plugins import catalogue, plugins
from policeai.cli.projections import projections
from policeai.cli.registry import registry
from policeai.cli.runtime import Runtime, hide_password, pass_runtime
from policeai.cli.serve import serve
from policeai.cli.tools import tools
from policeai.cli.usage_report import report_usage
from policeai.cli.users import users
from policeai.cli.worker import worker
from policeai.core.errors import PoliceAIError


class PoliceAIGroup(click.Group):
    """Turns errors into one clear line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except PoliceAIError as exc:
            raise click.ClickException(str(exc)) from None
        except Exception as exc:
            if os.environ.get("POLICEAI_DEBUG") == "1":
                raise
            raise click.ClickException(
                f"unexpected {type(exc).__name__}: {exc} (set POLICEAI_DEBUG=1 to see where)"
            ) from None


@click.group(cls=PoliceAIGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Police.AI: certified AI tools for policing, on an event-sourced case record.

    Configure with environment variables (POLICEAI_DATA_DIR, POLICEAI_EVENT_STORE_URL,
    POLICEAI_DATABASE_URL, POLICEAI_SECRET_KEY, POLICEAI_SNAPSHOT_INTERVAL); see
    'policeai settings'.
    """
    ctx.ensure_object(Runtime)


@cli.command("settings")
@pass_runtime
def show_settings(runtime: Runtime) -> None:
    """Print the settings in effect (secrets are not shown)."""
    settings = runtime.settings
    if settings.secret_key:
        key_source = "set (POLICEAI_SECRET_KEY)"
    else:
        key_source = f"kept in {settings.data_dir / 'secret.key'} (created on first use)"
    for name, value in (
        ("data directory", settings.data_dir),
        ("event store", hide_password(settings.event_store_url)),
        ("database", hide_password(settings.database_url)),
        ("secret key", key_source),
        ("snapshot interval", f"every {settings.snapshot_interval} events"),
    ):
        click.echo(f"{name:<18} {value}")


for command in (serve, demo, projections, cases, users, access_log):
    cli.add_command(command)
for command in (plugins, catalogue, tools, ai_use, registry):
    cli.add_command(command)
plugins.add_command(sync_catalogue)
plugins.add_command(install_plugin)
registry.add_command(run_suite)
cli.add_command(worker)
cli.add_command(log)
cli.add_command(evaluate)
registry.add_command(report_usage)
