"""Police.AI certification from the command line: ``policeai registry run-suite`` runs a
release's reliability suite and records the report; :func:`load_registry_and_report` is the
demo data's registry step (the built-in tool registered, tested, certified only if it passes).
"""

from __future__ import annotations

from uuid import UUID

import click

from policeai.cli.runtime import Runtime, pass_runtime
from policeai.core.context import acting_as
from policeai.core.errors import PoliceAIError
from policeai.core.platform import Platform
from policeai.registry.demo import load_registry_demo
from policeai.registry.entries.application import Registry, registry_env
from policeai.registry.suites import run_release_suite


def _interval(figures: tuple[float, float, float]) -> str:
    value, lower, upper = figures
    return f"{value:.1%} (95% interval {lower:.1%} to {upper:.1%})"


@click.command("run-suite")
@click.argument("release_id")
@click.option("--user", "username", required=True, help="You: a Police.AI certifier.")
@click.option(
    "--purpose", default="Police.AI certification", show_default=True, help="Why (recorded)."
)
@pass_runtime
def run_suite(runtime: Runtime, release_id: str, username: str, purpose: str) -> None:
    """Run the reliability suite of release RELEASE_ID on the tool installed here and record
    the report on the release (certifiers only). Prints each figure with its interval."""
    try:
        release = UUID(release_id)
    except ValueError:
        raise PoliceAIError(f"{release_id!r} is not a release id (a UUID)") from None
    actor = runtime.actor(username, purpose)
    platform = runtime.platform()
    registry = Registry(registry_env(runtime.settings))
    try:
        with acting_as(actor):
            result = run_release_suite(registry, release, host=platform.host)
    finally:
        registry.close()
    item = result["reports"][-1]
    report = item["report"]
    click.echo(
        f"{report['suite']} on {report['dataset']} (SHA-256 {report['dataset_sha256']}) "
        f"for {result['slug']} {result['version']}:"
    )
    for metric in report["metrics"]:
        role = "required" if metric["required"] else "for scrutiny"
        verdict = ("passes" if metric["passed"] else "FAILS") if metric["required"] else ""
        figures = (metric["value"], metric["lower"], metric["upper"])
        click.echo(f"  {metric['name']:<16} {_interval(figures)}  {role} {verdict}".rstrip())
    for group in report["groups"]:
        figures = ", ".join(f"{m['name']} {m['value']:.1%}" for m in group["metrics"])
        click.echo(f"  {group['factor']}={group['group']} (n={group['n']}): {figures}")
    if item["passed"]:
        click.echo("The report passes: the release may now be certified.")
    else:
        click.echo("The report FAILS the standard: the release cannot be certified.")


def load_registry_and_report(platform: Platform) -> None:
    """The demo's registry step: register, submit and test the built-in tool; certify it only
    if its report passes. Does nothing it has done before."""
    registry = Registry(registry_env(platform.settings))
    try:
        outcome = load_registry_demo(registry, host=platform.host)
    finally:
        registry.close()
    for warning in outcome.warnings:
        click.echo(f"  note: {warning}")
    if not outcome.created or outcome.version is None:
        return
    click.echo(
        f"Registry: {outcome.slug} {outcome.version} is {', '.join(outcome.created)} "
        "(see /registry/ once the server runs)."
    )
    for name in ("top1_accuracy", "top3_accuracy"):
        if name in outcome.figures:
            click.echo(f"  {name}: {_interval(outcome.figures[name])}")
    if outcome.report_passed:
        click.echo(f"  The report passes: certified ({outcome.certificate_id}).")
    elif outcome.report_passed is False:
        click.echo(
            "  The report fails the standard ("
            + "; ".join(outcome.failures)
            + f"): the release is not certified and stays {outcome.standing}."
        )
