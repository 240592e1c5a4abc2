"""Police.AI certification from the command line: ``policeai registry run-suite`` runs a
release's reliability suite and records the report; :func:`load_registry_and_report` is the
demo data's registry step (the built-in tool registered, tested, certified only if it passes).
"""

from __future__ import annotations

from uuid import UUID

import click

from policeai.cli.registry import ensure_signing_key
from policeai.cli.runtime import Runtime, pass_runtime
from policeai.core.context import acting_as
from policeai.core.demo.loader import install_demo_tools
from policeai.core.errors import PoliceAIError
from policeai.core.platform import Platform
from policeai.registry.demo import RegistryDemoResult, load_registry_demos
from policeai.registry.entries.application import Registry, registry_env
from policeai.registry.keys import public_key_b64
from policeai.registry.suites import run_release_suite
from policeai.registry.sync import sync_catalogue
from policeai.web.registry_http import PublicRegistry


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


class CoHostedRegistry:
    """The registry of this same installation, read the way a force reads a remote one: the
    signed catalogue and the log's consistency proofs, verified by :func:`sync_catalogue`."""

    base_url = "this installation"

    def __init__(self, public: PublicRegistry) -> None:
        self.public = public

    def catalogue_text(self) -> str:
        return self.public.catalogue()

    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]:
        return self.public.log.consistency_proof(old_size, new_size)


def load_registry_and_report(platform: Platform, *, install: bool = True) -> list[str]:
    """The demo's registry step: register, submit and test Police.AI's own tools, certify
    those whose reports pass and store their wheels (served at /simple/); then sync the demo
    force's catalogue view from the signed catalogue and install the certified tools for its
    officers and supervisors (when ``install``: the demo's first load). Does nothing it has
    done before. Returns the ``"id version"`` of each tool installed."""
    ensure_signing_key(platform.settings)
    public = PublicRegistry(platform)
    try:
        outcomes = load_registry_demos(public.registry, host=platform.host, wheels=public.wheels)
        for outcome in outcomes:
            _report(outcome)
        report = sync_catalogue(
            platform.engine, CoHostedRegistry(public), public_key_b64(public.key())
        )
    finally:
        public.close()
    certified = [o for o in outcomes if o.standing == "certified" and o.version]
    click.echo(
        f"Synced the demo force's catalogue view from the signed catalogue (log size "
        f"{report.tree_size}): {len(certified)} certified release(s)."
    )
    if not install:
        return []
    return install_demo_tools(platform, [(o.slug, o.version or "") for o in certified])


def _report(outcome: RegistryDemoResult) -> None:
    for warning in outcome.warnings:
        click.echo(f"  note: {warning}")
    if not outcome.created or outcome.version is None:
        return
    click.echo(
        f"Registry: {outcome.slug} {outcome.version} is {', '.join(outcome.created)} "
        "(see /registry/ once the server runs)."
    )
    for name, figures in outcome.figures.items():
        click.echo(f"  {name}: {_interval(figures)}")
    if outcome.report_passed:
        served = " and its wheel is served at /simple/" if outcome.wheel_stored else ""
        click.echo(f"  The report passes: certified ({outcome.certificate_id}){served}.")
    elif outcome.report_passed is False:
        click.echo(
            "  The report fails the standard ("
            + "; ".join(outcome.failures)
            + f"): the release is not certified and stays {outcome.standing}."
        )
