"""``policeai registry report-usage``: a force reports its AI invocations to Police.AI.

The force builds the report from its own records (:func:`policeai.registry.usage.
build_usage_report`): a salted digest of every finished invocation of a registry release, and
its monthly figures per registry entry. The salts stay in the force's database. With
``--registry URL`` the report goes to that registry's ``POST /api/registry/usage-reports``,
signed in as the force administrator; without it the registry is this platform itself (the
embedded default) and the report is received in process. Either way the leaf index of each
digest comes back and is kept beside its salt, for inclusion proofs later.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click
import httpx

from policeai.cli.runtime import Runtime, echo_json, pass_runtime
from policeai.core.context import acting_as
from policeai.core.errors import PoliceAIError
from policeai.registry.keys import load_signing_key, signing_key_path
from policeai.registry.transparency.log import TransparencyLog
from policeai.registry.usage import (
    UsageReceipt,
    build_usage_report,
    encode_report,
    receive_usage_report,
    record_receipt,
)

PURPOSE = "AI usage report to the Police.AI registry"
REPORTS_PATH = "/api/registry/usage-reports"


def _since(value: str | None) -> int | datetime | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise click.BadParameter(
            "give a notification id (the last report's up_to_notification) or a day (YYYY-MM-DD)",
            param_hint="--since",
        ) from None


def _send(url: str, user: str, password: str, body: bytes) -> dict[str, Any]:
    endpoint = url.rstrip("/") + REPORTS_PATH
    try:
        response = httpx.post(
            endpoint,
            content=body,
            auth=(user, password),
            headers={"Content-Type": "application/json"},
            timeout=60.0,
        )
    except httpx.HTTPError as exc:
        raise PoliceAIError(f"cannot send the usage report to {endpoint}: {exc}") from None
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if response.status_code != 200 or not isinstance(answer, dict):
        why = answer.get("error") if isinstance(answer, dict) else response.text[:200]
        raise PoliceAIError(
            f"the registry refused the usage report ({response.status_code}): {why}"
        )
    return answer


@click.command("report-usage")
@click.option("--user", required=True, help="A force administrator of the reporting force.")
@click.option(
    "--registry",
    "registry_url",
    help="The registry's address; without it the registry is this platform itself.",
)
@click.option(
    "--password",
    envvar="POLICEAI_PASSWORD",
    help="The user's password at the registry, with --registry (default: $POLICEAI_PASSWORD, "
    "else asked for).",
)
@click.option(
    "--since",
    help="Report invocations finished after this notification id or on/after this day "
    "(YYYY-MM-DD); default: every one the registry has not acknowledged yet.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the registry's receipt as JSON.")
@pass_runtime
def report_usage(
    runtime: Runtime,
    user: str,
    registry_url: str | None,
    password: str | None,
    since: str | None,
    as_json: bool,
) -> None:
    """Report the force's AI invocations (salted digests) and monthly figures to Police.AI.

    Each digest becomes a leaf of the registry's transparency log, once however often it is
    sent; the salts that open its commitments stay with the force.
    """
    start = _since(since)
    platform = runtime.platform()
    with acting_as(runtime.actor(user, PURPOSE)):
        report, _salts = build_usage_report(platform, start)
    if registry_url:
        if password is None:
            password = click.prompt(f"{user}'s password at {registry_url}", hide_input=True)
        answer = _send(registry_url, user, password, encode_report(report))
        recorded = record_receipt(platform.engine, answer)
    else:
        key = load_signing_key(signing_key_path(runtime.settings))
        log = TransparencyLog(platform.engine, signing_key=key)
        receipt: UsageReceipt = receive_usage_report(report, log, platform.engine)
        recorded = record_receipt(platform.engine, receipt)
        answer = {
            "force": receipt.force,
            "appended": receipt.appended,
            "already_logged": receipt.already_logged,
            "months": receipt.months,
            "tree_size": receipt.tree_size,
            "leaves": [
                {"invocation_id": str(leaf.invocation_id), "leaf_index": leaf.leaf_index}
                for leaf in receipt.leaves
            ],
        }
    if as_json:
        echo_json({**answer, "up_to_notification": report.up_to_notification})
        return
    where = registry_url or "this platform's registry"
    click.echo(
        f"{report.force}: {len(report.digests)} invocation digest(s) reported to {where}: "
        f"{answer['appended']} new leaves, {answer['already_logged']} already logged "
        f"(log size {answer['tree_size']}); {answer['months']} monthly figure(s) stored"
    )
    if report.skipped:
        click.echo(
            f"{report.skipped} finished invocation(s) not reported: their release is not in "
            "the registry (a local catalogue entry)"
        )
    click.echo(f"{recorded} leaf index(es) kept beside the salts for inclusion proofs")
    click.echo(f"next time: --since {report.up_to_notification}")
