"""Certification rules as data, and each release's ledger of done / todo / exempt.

In the manner of Home Assistant's integration quality scale (``script/hassfest/
quality_scale.py``): every rule has an id, a tier, a description and, where a machine can
judge it, a validator: a function of the release's facts (manifest, model card, latest
reliability report and the entry's ATRS record) returning ``None`` when the rule is met or
a message saying what is missing. A certifier may exempt a release from a rule, with a
reason, recorded as an event naming them. Certification needs every mandatory rule done or
exempt; a few rules (a valid manifest, a passing report, declared human review) cannot be
exempted at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from policeai.core.errors import PoliceAIError
from policeai.core.plugins.manifest import InvalidManifestError, validate_manifest
from policeai.registry.certification.reliability import (
    InvalidReportError,
    ReliabilityReport,
    standard_shortfalls,
    validate_report,
)

__all__ = [
    "MODEL_CARD_SECTIONS",
    "RULES",
    "ReleaseFacts",
    "Rule",
    "UnknownRuleError",
    "get_rule",
    "ledger",
    "outstanding",
]

Tier = Literal["mandatory", "recommended"]
TIERS: tuple[Tier, ...] = ("mandatory", "recommended")

#: The sections of a model card (Mitchell et al., "Model Cards for Model Reporting", 2019).
MODEL_CARD_SECTIONS = (
    "intended_use",
    "factors",
    "metrics",
    "evaluation_data",
    "training_data",
    "quantitative_analyses",
    "ethical_considerations",
    "caveats_and_recommendations",
)
MIN_LIMITATION_WORDS = 8
MIN_GROUP_SIZE = 30


class UnknownRuleError(PoliceAIError):
    status_code = 404


@dataclass(frozen=True)
class ReleaseFacts:
    """What the validators judge: plain data as the release holds it."""

    manifest: Mapping[str, Any]
    model_card: Mapping[str, Any]
    report: ReliabilityReport | None = None
    report_error: str | None = None
    atrs: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    tier: Tier
    description: str
    validator: Callable[[ReleaseFacts], str | None] | None = None
    exemptable: bool = True


class CertifiableRelease(Protocol):
    """What :func:`ledger` needs of a release (the ``Release`` aggregate has it)."""

    manifest: dict[str, Any]
    model_card: dict[str, Any]
    exemptions: dict[str, dict[str, Any]]

    @property
    def latest_report(self) -> dict[str, Any] | None: ...


def _filled(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    return value is not None


def _no_report(facts: ReleaseFacts) -> str:
    return facts.report_error or "no reliability report has been recorded"


# -- validators ------------------------------------------------------------------------------


def manifest_valid(facts: ReleaseFacts) -> str | None:
    try:
        validate_manifest(dict(facts.manifest))
    except InvalidManifestError as error:
        return str(error)
    return None


def model_card_complete(facts: ReleaseFacts) -> str | None:
    missing = [s for s in MODEL_CARD_SECTIONS if not _filled(facts.model_card.get(s))]
    return f"the model card lacks: {', '.join(missing)}" if missing else None


def human_review_declared(facts: ReleaseFacts) -> str | None:
    if facts.manifest.get("human_review_required") is not True:
        return (
            "the manifest does not require a person to review the tool's output "
            "(DPA 2018 ss.50A-50D: no significant decision without human involvement)"
        )
    if facts.atrs is not None:
        review = facts.atrs.get("tier2", {}).get("decision_making", {})
        if not _filled(review.get("human_decisions_and_review")):
            return "the ATRS record does not say how people review the tool's output"
    return None


def reliability_report_passing(facts: ReleaseFacts) -> str | None:
    if facts.report is None:
        return _no_report(facts)
    failures = facts.report.failures()
    return f"the latest reliability report fails: {'; '.join(failures)}" if failures else None


def capability_standards_met(facts: ReleaseFacts) -> str | None:
    if facts.report is None:
        return _no_report(facts)
    shortfalls = standard_shortfalls(facts.report, facts.manifest.get("capabilities", []))
    return "; ".join(shortfalls) or None


def disaggregated_results_present(facts: ReleaseFacts) -> str | None:
    if facts.report is None:
        return _no_report(facts)
    factors = [f for f in facts.model_card.get("factors", []) if isinstance(f, str)]
    if not factors:
        return "the model card names no factors to disaggregate the results by"
    missing = [f for f in factors if f not in facts.report.factors()]
    if missing:
        return f"the report has no results by {', '.join(missing)} (named in the model card)"
    return None


def confidence_intervals_present(facts: ReleaseFacts) -> str | None:
    if facts.report is None:
        return _no_report(facts)
    if abs(facts.report.confidence - 0.95) > 1e-9:
        return f"the intervals are at {facts.report.confidence:.0%}, not 95%"
    flat = [
        f"{m.name} ({where})"
        for where, m in facts.report.all_metrics()
        if m.lower == m.upper and m.value not in (0.0, 1.0)
    ]
    return f"these metrics have no interval (lower = upper): {', '.join(flat)}" if flat else None


def supplier_companies_house_number(facts: ReleaseFacts) -> str | None:
    publisher = facts.manifest.get("publisher", {})
    if publisher.get("kind") != "supplier":
        return None  # built by the police or by Police.AI: there is no supplier to name
    number = publisher.get("companies_house_number")
    if not number:
        return f"the supplier {publisher.get('name')} gives no Companies House number"
    if facts.atrs is not None:
        supplier = facts.atrs.get("tier2", {}).get("owner_and_responsibility", {}).get("supplier")
        if not supplier:
            return "the ATRS record names no supplier, but a supplier publishes the tool"
        if supplier.get("companies_house_number") != number:
            return (
                f"the ATRS record's supplier number {supplier.get('companies_house_number')} "
                f"differs from the manifest's {number}"
            )
    return None


def known_limitations_stated(facts: ReleaseFacts) -> str | None:
    for where, text in (
        ("manifest's known limitations", facts.manifest.get("known_limitations")),
        (
            "model card's caveats and recommendations",
            facts.model_card.get("caveats_and_recommendations"),
        ),
    ):
        if len(str(text or "").split()) < MIN_LIMITATION_WORDS:
            return f"the {where} must say in a sentence or more what the tool cannot do"
    return None


def impact_assessments_published(facts: ReleaseFacts) -> str | None:
    if facts.atrs is None:
        return "the entry's ATRS record is not available"
    risks = facts.atrs.get("tier2", {}).get("risks_and_mitigations", {})
    unlinked = [a.get("name") for a in risks.get("impact_assessments", []) if not a.get("link")]
    return f"no published link for: {', '.join(map(str, unlinked))}" if unlinked else None


def groups_large_enough(facts: ReleaseFacts) -> str | None:
    if facts.report is None:
        return _no_report(facts)
    small = [f"{g.factor}={g.group} (n={g.n})" for g in facts.report.groups if g.n < MIN_GROUP_SIZE]
    return (
        f"groups under {MIN_GROUP_SIZE} give wide intervals: {', '.join(small)}" if small else None
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "manifest-valid",
        "mandatory",
        "The plugin manifest is complete and valid.",
        manifest_valid,
        exemptable=False,
    ),
    Rule(
        "model-card-complete",
        "mandatory",
        "The model card has every section of Mitchell et al. (2019).",
        model_card_complete,
    ),
    Rule(
        "human-review-declared",
        "mandatory",
        "A person reviews every output before it enters a record, and the ATRS record says how.",
        human_review_declared,
        exemptable=False,
    ),
    Rule(
        "reliability-report-passing",
        "mandatory",
        "The latest reliability report passes every required metric.",
        reliability_report_passing,
        exemptable=False,
    ),
    Rule(
        "capability-standards-met",
        "mandatory",
        "The report meets Police.AI's minimum standard for each capability.",
        capability_standards_met,
    ),
    Rule(
        "disaggregated-results-present",
        "mandatory",
        "Results are reported by every factor the model card names (Bridges v SWP).",
        disaggregated_results_present,
    ),
    Rule(
        "confidence-intervals-present",
        "mandatory",
        "Every metric has a 95% confidence interval.",
        confidence_intervals_present,
    ),
    Rule(
        "supplier-companies-house-number",
        "mandatory",
        "A supplier is named with its Companies House number, the same in the ATRS record.",
        supplier_companies_house_number,
    ),
    Rule(
        "known-limitations-stated",
        "mandatory",
        "The manifest and the model card say what the tool cannot do.",
        known_limitations_stated,
    ),
    Rule(
        "impact-assessments-published",
        "recommended",
        "Every impact assessment in the ATRS record (DPIA, EIA) links to its published text.",
        impact_assessments_published,
    ),
    Rule(
        "groups-large-enough",
        "recommended",
        f"Every disaggregated group has at least {MIN_GROUP_SIZE} examples.",
        groups_large_enough,
    ),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}


def get_rule(rule_id: str) -> Rule:
    try:
        return RULES_BY_ID[rule_id]
    except KeyError:
        raise UnknownRuleError(
            f"there is no certification rule {rule_id!r}: the rules are {', '.join(RULES_BY_ID)}"
        ) from None


def facts_of(release: CertifiableRelease, atrs: Mapping[str, Any] | None = None) -> ReleaseFacts:
    report, report_error = None, None
    raw = release.latest_report
    if raw is not None:
        try:
            report = validate_report(raw)
        except InvalidReportError as error:
            report_error = str(error)
    return ReleaseFacts(
        manifest=release.manifest,
        model_card=release.model_card,
        report=report,
        report_error=report_error,
        atrs=atrs,
    )


def ledger(
    release: CertifiableRelease, atrs: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Each rule's status for the release: ``done``, ``todo`` (with what is missing) or
    ``exempt`` (with who exempted it and why)."""
    facts = facts_of(release, atrs)
    rows = []
    for rule in RULES:
        exemption = release.exemptions.get(rule.id)
        if exemption is not None:
            status, detail = "exempt", f"exempted by {exemption['by']}: {exemption['reason']}"
        elif rule.validator is None:
            status, detail = "todo", "no automatic check: a certifier must judge it"
        else:
            problem = rule.validator(facts)
            status, detail = ("todo", problem) if problem else ("done", "")
        rows.append(
            {
                "rule_id": rule.id,
                "tier": rule.tier,
                "status": status,
                "detail": detail,
                "description": rule.description,
            }
        )
    return rows


def outstanding(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The mandatory rules of a ledger that are neither done nor exempt."""
    return [r for r in rows if r["tier"] == "mandatory" and r["status"] == "todo"]
