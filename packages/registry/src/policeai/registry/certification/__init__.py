"""Certification: reliability reports with intervals, standards per capability, and the
rules every release is held to, with its ledger of done / todo / exempt."""

from policeai.registry.certification.reliability import (
    STANDARDS,
    Group,
    InvalidReportError,
    Metric,
    ReliabilityReport,
    Standard,
    bootstrap_interval,
    f1_score,
    proportion_metric,
    sample_metric,
    standard_shortfalls,
    validate_report,
    wilson_interval,
)
from policeai.registry.certification.rules import (
    MODEL_CARD_SECTIONS,
    RULES,
    ReleaseFacts,
    Rule,
    UnknownRuleError,
    get_rule,
    ledger,
    outstanding,
)

__all__ = [
    "MODEL_CARD_SECTIONS",
    "RULES",
    "STANDARDS",
    "Group",
    "InvalidReportError",
    "Metric",
    "ReleaseFacts",
    "ReliabilityReport",
    "Rule",
    "Standard",
    "UnknownRuleError",
    "bootstrap_interval",
    "f1_score",
    "get_rule",
    "ledger",
    "outstanding",
    "proportion_metric",
    "sample_metric",
    "standard_shortfalls",
    "validate_report",
    "wilson_interval",
]
