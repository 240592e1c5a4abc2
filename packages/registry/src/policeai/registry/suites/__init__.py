"""Reliability suites: Police.AI's own tests of a capability, run on a release's tool.

:func:`run_release_suite` runs the suite of the release's capability on the tool as this
machine has it installed (refusing if that is another version than the release's) and records
the report on the release with :meth:`Registry.record_test` (certifiers only).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from policeai.core.context import current_actor
from policeai.core.errors import ForbiddenError
from policeai.core.plugins.host import PluginHost
from policeai.registry.certification.reliability import ReliabilityReport
from policeai.registry.entries.application import CERTIFIER, Registry
from policeai.registry.entries.errors import RegistryError
from policeai.registry.suites.offence_suggestion import run_offence_suite
from policeai.registry.suites.record_entry import run_record_entry_suite
from policeai.registry.suites.redaction import run_redaction_suite
from policeai.registry.suites.summarisation import run_summarisation_suite

__all__ = ["SUITES", "NoSuiteError", "ToolVersionError", "run_release_suite"]

Suite = Callable[..., ReliabilityReport]

#: Capability -> the function that runs its suite (host, plugin_id=..., now=...).
SUITES: dict[str, Suite] = {
    "offence_suggestion": run_offence_suite,
    "record_entry": run_record_entry_suite,
    "redaction": run_redaction_suite,
    "summarise": run_summarisation_suite,
}


class NoSuiteError(RegistryError):
    """Police.AI has no reliability suite for any capability of the release."""

    status_code = 409


class ToolVersionError(RegistryError):
    """The tool installed here is not the release under test."""

    status_code = 409


def run_release_suite(
    registry: Registry,
    release_id: UUID,
    *,
    host: PluginHost | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Run the release's reliability suite and record the report; return the release."""
    actor = current_actor()
    if actor.role != CERTIFIER:  # refused before the run, not after it
        raise ForbiddenError(
            f"only a Police.AI certifier may run a release's reliability suite; {actor.user} "
            f"acts as {actor.role}"
        )
    release = registry.get_release(release_id)
    manifest = release["manifest"]
    capabilities = [c for c in manifest["capabilities"] if c in SUITES]
    if not capabilities:
        raise NoSuiteError(
            f"Police.AI has no reliability suite for {', '.join(manifest['capabilities'])} "
            f"yet: suites exist for {', '.join(SUITES)}"
        )
    host = host or PluginHost()
    plugin_id = manifest["id"]
    installed = host.loaded.get(plugin_id)
    if installed is None or installed.manifest.version != release["version"]:
        here = "is not installed" if installed is None else f"is {installed.manifest.version}"
        raise ToolVersionError(
            f"release {release['version']} of {plugin_id} cannot be tested here: the tool "
            f"{here} on this machine; install the release's wheel and run the suite again"
        )
    result = release
    for capability in capabilities:
        report = SUITES[capability](host, plugin_id=plugin_id, now=now)
        verdict = "passes" if report.passed else "fails: " + "; ".join(report.failures())
        reason = f"{report.suite} on {report.dataset} ({report.dataset_sha256[:12]}): {verdict}"
        result = registry.record_test(release_id, report, reason=reason, now=now)
    return result
