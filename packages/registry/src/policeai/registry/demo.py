"""The registry's demonstration data: Police.AI's own tools, each registered with its ATRS
record, its release submitted with a model card and the wheel built from its source, tested by
its capability's reliability suite, and certified if, and only if, the report passes. A
certified release's wheel goes into the wheel store, so ``/simple/`` serves it.

:func:`load_registry_demo` (one tool) and :func:`load_registry_demos` (all of them) are
idempotent and resumable: each step is done only if it is not done yet, so running them again
changes nothing, and a run that stopped half-way finishes.

The tools in ``packages/plugins/`` are distributions of their own: their wheels are built
reproducibly from source (:mod:`policeai.registry.builds`) and their ATRS records and model
cards come from each tool's ``card`` module. The keyword offence suggester ships inside
``policeai-core``; unless the caller gives a wheel's name and hash, its release names the wheel
the tool would be built as and records the SHA-256 of the tool's module file.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec

from policeai.core.context import Actor, acting_as
from policeai.core.errors import NotFoundError
from policeai.core.plugins.host import PluginHost
from policeai.registry.builds import WheelBuildError, build_wheel
from policeai.registry.entries.application import Registry
from policeai.registry.entries.errors import RegistryError
from policeai.registry.suites import run_release_suite
from policeai.registry.suites.offence_suggestion import DATASET, FACTORS, SUITE
from policeai.registry.wheels import WheelStore, WheelStoreError

DEMO_SLUG = "keyword-offence-suggester"
DEMO_CERTIFIER = Actor(
    user="certifier", force="demo", purpose="demo data: Police.AI certification", role="certifier"
)
CERTIFIED_FOR = timedelta(days=365)
SITE = "https://police-ai.example/registry/keyword-offence-suggester"


@dataclass(frozen=True)
class DemoTool:
    """One of Police.AI's own tools, as the demo publishes it."""

    plugin_id: str  # also the registry entry's slug
    #: The tool's own distribution, whose wheel is built from source; None for a tool that
    #: ships inside policeai-core.
    distribution: str | None = None
    #: The module holding the tool's ``ATRS`` record and ``MODEL_CARD``; None for the keyword
    #: suggester, whose record and card are :func:`demo_atrs` and :func:`demo_model_card`.
    card: str | None = None

    def atrs(self) -> dict[str, Any]:
        return dict(importlib.import_module(self.card).ATRS) if self.card else demo_atrs()

    def model_card(self) -> dict[str, Any]:
        return (
            dict(importlib.import_module(self.card).MODEL_CARD)
            if self.card
            else (demo_model_card())
        )


KEYWORD_TOOL = DemoTool(DEMO_SLUG)
#: The tools the demo publishes, in the order they are registered.
DEMO_TOOLS: tuple[DemoTool, ...] = (
    DemoTool("record-entry", "policeai-record-entry", "policeai.plugins.record_entry.card"),
    DemoTool(
        "offence-suggester",
        "policeai-offence-suggester",
        "policeai.plugins.offence_suggestion.card",
    ),
    DemoTool("summariser", "policeai-summariser", "policeai.plugins.summarisation.card"),
    DemoTool("redaction", "policeai-redaction", "policeai.plugins.redaction.card"),
    KEYWORD_TOOL,
)


@dataclass
class RegistryDemoResult:
    slug: str = DEMO_SLUG
    entry_id: UUID | None = None
    release_id: UUID | None = None
    version: str | None = None
    created: list[str] = field(default_factory=list)  # the steps done by this run
    report_passed: bool | None = None
    failures: list[str] = field(default_factory=list)
    figures: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    standing: str | None = None
    certificate_id: str | None = None
    wheel_filename: str | None = None
    wheel_stored: bool = False
    warnings: list[str] = field(default_factory=list)


def demo_atrs() -> dict[str, Any]:
    """The ATRS record (Tier 1 and Tier 2) of the built-in keyword offence suggester."""
    return {
        "tier1": {
            "name": "Keyword offence suggester",
            "description": (
                "Suggests up to three Home Office offence classifications for a crime "
                "narrative, each with the words that led to it; the recording officer chooses."
            ),
            "website": SITE,
            "contact_email": "certification@police-ai.example",
        },
        "tier2": {
            "owner_and_responsibility": {
                "organisation": "Police.AI",
                "team": "Crime recording tools",
                "senior_responsible_owner": "Head of Crime Recording Tools, Police.AI",
            },
            "description_and_rationale": {
                "detailed_description": (
                    "Each offence classification the tool knows has a list of keywords; the "
                    "tool scores each classification by the share of its keywords found in "
                    "the narrative and suggests the best-scoring ones with the words matched."
                ),
                "scope": (
                    "Crime recording in England and Wales: suggesting a classification for the "
                    "Crime Recording Decision. Not for charging, risk or any decision about a "
                    "person."
                ),
                "benefits": "Quicker and more consistent classification of routine crimes.",
                "previous_process": (
                    "The officer chooses the classification from the Home Office Counting "
                    "Rules list unaided; force crime registrars audit a sample."
                ),
                "alternatives_considered": (
                    "A trained text classifier: set aside for now because keyword rules "
                    "explain every suggestion and need no training data about real people."
                ),
            },
            "decision_making": {
                "process_integration": (
                    "An officer asks for suggestions on a case; they appear beside the case's "
                    "classification and change nothing until accepted."
                ),
                "provided_information": (
                    "Up to three offence codes with descriptions, scores and the words matched."
                ),
                "frequency_and_scale": (
                    "On request, once or twice per recorded crime, in forces that install it."
                ),
                "human_decisions_and_review": (
                    "The recording officer accepts or rejects each suggestion, with a reason "
                    "for a rejection; only an accepted suggestion enters the record, naming "
                    "who accepted it. Supervisors review the tool's use across the force."
                ),
                "required_training": (
                    "National Crime Recording Standard training and a short briefing on the "
                    "tool's limits."
                ),
                "appeals_and_review": (
                    "Classifications are audited by the force crime registrar as any other; a "
                    "person may ask the force to review how their crime was recorded."
                ),
            },
            "tool_specification": {
                "system_architecture": (
                    "A plugin run by each force's invocation gateway in a separate worker "
                    "process; every use is recorded against this registry entry."
                ),
                "phase": "beta/pilot",
                "maintenance": "Keyword lists reviewed against changes to the counting rules.",
                "models": [
                    {
                        "name": "keyword rules",
                        "version": "1.0.0",
                        "task": "Offence classification suggestion",
                        "input": "Crime narrative text",
                        "output": "Ranked offence codes with the words matched",
                        "architecture": "Hand-written keyword patterns with normalised scores",
                        "performance": (
                            f"Measured by Police.AI's suite {SUITE} on {DATASET}: see the "
                            "reliability results in this registry entry."
                        ),
                        "datasets": [DATASET],
                        "dataset_purposes": "Evaluation only: the rules are hand-written.",
                    }
                ],
            },
            "data_specification": {
                "source_data_name": DATASET,
                "data_modality": ["text"],
                "data_description": (
                    "Fictional crime narratives of the Demoshire demonstration force, each "
                    "with the offence classification a crime registrar would give."
                ),
                "data_quantities": "60 narratives with an offence code",
                "sensitive_attributes": "None: the narratives and people are fictional.",
                "completeness_and_representativeness": (
                    "Weighted to theft and burglary, as recorded crime is; several offence "
                    "groups have fewer than five narratives, so their figures are uncertain."
                ),
                "data_collection": "Written for the demonstration force.",
                "data_access_and_storage": "Published with the platform's source code.",
                "data_sharing_agreements": "None needed: no real personal data.",
            },
            "risks_and_mitigations": {
                "impact_assessments": [
                    {
                        "name": "Data protection impact assessment",
                        "description": (
                            "Demonstration DPIA: narratives are personal data in live use; "
                            "the tool keeps nothing and runs inside the force."
                        ),
                        "completed_on": "2026-01-26",
                    }
                ],
                "risks": [
                    {
                        "name": "A wrong suggestion is accepted without thought",
                        "mitigation": (
                            "Nothing enters the record until the officer accepts it, each "
                            "suggestion shows why it was made, and acceptance rates are "
                            "published per force."
                        ),
                    },
                    {
                        "name": "Negation and context are missed",
                        "mitigation": (
                            "Stated as a known limitation; the officer reads the narrative."
                        ),
                    },
                ],
            },
        },
    }


def demo_model_card() -> dict[str, Any]:
    """The model card (Mitchell et al.) of the built-in tool's release."""
    return {
        "intended_use": (
            "Suggest Home Office offence classifications for a crime narrative for the "
            "recording officer to choose from; never to classify without a person deciding."
        ),
        "factors": list(FACTORS),
        "metrics": [
            "top-3 accuracy (the standard: at least 80%) with a 95% Wilson interval",
            "top-1 accuracy and accuracy at ranks 1 to 5, for scrutiny",
        ],
        "evaluation_data": (
            f"{DATASET}: the demonstration force's narratives with an offence code, named by "
            "the SHA-256 of the file."
        ),
        "training_data": "None: the keyword rules are written by hand.",
        "quantitative_analyses": (
            "Accuracy overall, by offence group and by narrative length, with 95% intervals; "
            "see the reliability results."
        ),
        "ethical_considerations": (
            "A confident-looking suggestion may anchor the officer's judgement; the narratives "
            "describe fictional people only."
        ),
        "caveats_and_recommendations": (
            "It matches keywords only: it misses negation, context and intent, and knows a "
            "small set of common offences. The officer must read the narrative and decide."
        ),
    }


def module_sha256(host: PluginHost, slug: str = DEMO_SLUG) -> str:
    """The SHA-256 of the file of a built-in tool's code."""
    source = inspect.getsourcefile(host.get(slug).plugin)
    return hashlib.sha256(Path(source or "").read_bytes()).hexdigest()


def load_registry_demos(
    registry: Registry,
    *,
    host: PluginHost | None = None,
    wheels: WheelStore | None = None,
    now: datetime | None = None,
    tools: tuple[DemoTool, ...] = DEMO_TOOLS,
) -> list[RegistryDemoResult]:
    """:func:`load_registry_demo` for each of ``tools``; one tool's failure stops no other:
    it is reported in that tool's warnings."""
    host = host or PluginHost()
    results = []
    for tool in tools:
        try:
            result = load_registry_demo(registry, host=host, tool=tool, wheels=wheels, now=now)
        except Exception as exc:  # a broken tool must not stop the others being published
            result = RegistryDemoResult(slug=tool.plugin_id)
            result.warnings.append(f"{tool.plugin_id} was not published: {exc!r}")
        results.append(result)
    return results


def load_registry_demo(
    registry: Registry,
    *,
    host: PluginHost | None = None,
    tool: DemoTool = KEYWORD_TOOL,
    wheels: WheelStore | None = None,
    wheel_filename: str | None = None,
    wheel_sha256: str | None = None,
    now: datetime | None = None,
) -> RegistryDemoResult:
    """Register, submit, test and (only if its report passes) certify ``tool``; store its
    wheel in ``wheels`` (when given) so that the package index serves it once certified."""
    host = host or PluginHost()
    slug = tool.plugin_id
    result = RegistryDemoResult(slug=slug)
    loaded = host.loaded.get(slug)
    if loaded is None:
        reason = host.refused.get(slug, "it is not installed")
        result.warnings.append(f"the tool {slug} is not loaded here: {reason}")
        return result
    manifest = msgspec.to_builtins(loaded.manifest)
    version = result.version = loaded.manifest.version
    data: bytes | None = None
    if tool.distribution and wheel_filename is None:
        try:
            built = build_wheel(tool.distribution)
        except WheelBuildError as exc:
            result.warnings.append(f"{slug}: no wheel: {exc}")
        else:
            wheel_filename, wheel_sha256, data = built.filename, built.sha256, built.data
    with acting_as(DEMO_CERTIFIER):
        try:
            entry = registry.get_entry_by_slug(slug)
        except NotFoundError:
            registry.register_entry(slug, tool.atrs())
            result.created.append("registered")
            entry = registry.get_entry_by_slug(slug)
        result.entry_id = entry["entry_id"]
        listed = {r["version"]: r["release_id"] for r in entry["releases"]}
        if version in listed:
            release_id = listed[version]
        else:
            release_id = registry.submit_release(
                entry["entry_id"],
                version=version,
                wheel_filename=wheel_filename
                or f"{slug.replace('-', '_')}-{version}-py3-none-any.whl",
                wheel_sha256=wheel_sha256 or module_sha256(host, slug),
                manifest=manifest,
                model_card=tool.model_card(),
            )
            result.created.append("submitted")
        result.release_id = release_id
        release = registry.get_release(release_id)
        result.wheel_filename = release["wheel_filename"]
        if wheels is not None and data is not None:
            _store_wheel(wheels, release, data, result)
        if not release["reports"] and release["standing"] in {"submitted", "tested"}:
            release = run_release_suite(registry, release_id, host=host, now=now)
            result.created.append("tested")
        _certify_if_passing(registry, release, result, now)
    return result


def _store_wheel(
    wheels: WheelStore, release: dict[str, Any], data: bytes, result: RegistryDemoResult
) -> None:
    filename = release["wheel_filename"]
    if wheels.has(filename):
        result.wheel_stored = True
        return
    try:
        wheels.store_wheel(data, release["wheel_sha256"], filename=filename)
    except WheelStoreError as exc:
        result.warnings.append(
            f"{result.slug} {release['version']}: the wheel built from source now is not the "
            f"one submitted ({exc}); give the changed tool a new version"
        )
        return
    result.wheel_stored = True


def _certify_if_passing(
    registry: Registry, release: dict[str, Any], result: RegistryDemoResult, now: datetime | None
) -> None:
    report: dict[str, Any] = {}
    if release["reports"]:
        report = release["reports"][-1]["report"]
        result.report_passed = release["latest_report_passed"]
        result.figures = {
            m["name"]: (m["value"], m["lower"], m["upper"]) for m in report["metrics"]
        }
        result.failures = [
            f"{m['name']} {m['value']:.3f} (needs {m['comparison']} {m['threshold']})"
            for m in report["metrics"]
            if m["required"] and not m["passed"]
        ]
    if release["standing"] == "tested" and result.report_passed:
        moment = now or datetime.now(UTC)
        try:
            registry.certify(
                release["release_id"],
                moment + CERTIFIED_FOR,
                f"demo: the release passes {report['suite']} on {report['dataset']} and every "
                "mandatory rule",
                now=now,
            )
            result.created.append("certified")
        except RegistryError as exc:
            result.warnings.append(f"not certified: {exc}")
        release = registry.get_release(release["release_id"])
    result.standing = release["standing"]
    result.certificate_id = (release["certificate"] or {}).get("certificate_id")
