"""Reliability reports: what Police.AI measured, with 95% intervals, disaggregated by factor.

A tool's reliability suite runs it on a reference dataset (named, with its SHA-256) and
reports each metric with its value, its 95% confidence interval, the threshold it was held to
and whether it passed, overall and per group of each factor that matters (age group, sex,
ethnicity, text length...). The report passes when every *required* metric passes.

The minimum standard per capability is data (:data:`STANDARDS`): a release's suite must
measure each listed metric, hold it to a threshold at least as strict, and pass it.
Intervals: :func:`wilson_interval` for a proportion, :func:`bootstrap_interval` for any
statistic of a sample (a mean, a micro-F1), seeded so a rerun gives the same figures.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar

import msgspec

from policeai.core.errors import PoliceAIError

__all__ = [
    "STANDARDS",
    "Group",
    "InvalidReportError",
    "Metric",
    "ReliabilityReport",
    "Standard",
    "bootstrap_interval",
    "convert_struct",
    "f1_score",
    "proportion_metric",
    "sample_metric",
    "standard_shortfalls",
    "validate_report",
    "wilson_interval",
]

S = TypeVar("S", bound=msgspec.Struct)
T = TypeVar("T")
Comparison = Literal[">=", "<="]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
SHA256_PATTERN = r"^[0-9a-f]{64}$"
Sha256 = Annotated[str, msgspec.Meta(pattern=SHA256_PATTERN)]
DEFAULT_SEED = 20260126  # the White Paper's month: any fixed seed makes reruns identical

#: What a pattern means, for error messages a person can act on.
PATTERN_MEANINGS = {
    SHA256_PATTERN: "a SHA-256 digest (64 lower-case hexadecimal digits)",
}


class InvalidReportError(PoliceAIError):
    """A reliability report is malformed or inconsistent; the message names the field."""


def convert_struct(
    raw: object,
    struct: type[S],
    error: type[PoliceAIError],
    what: str,
    meanings: dict[str, str] | None = None,
) -> S:
    """Validate plain data (or a struct) as ``struct``; raise ``error`` naming the field.

    Also refuses strings that are only white space, which ``min_length`` lets through.
    """
    if isinstance(raw, msgspec.Struct):
        raw = msgspec.to_builtins(raw)
    try:
        value = msgspec.convert(raw, struct)
    except msgspec.ValidationError as exc:
        # msgspec names the field: "Expected `str`, got `int` - at `$.tier1.name`".
        message = str(exc)
        for pattern, meaning in {**PATTERN_MEANINGS, **(meanings or {})}.items():
            message = message.replace(f"`str` matching regex {pattern!r}", meaning)
        raise error(f"invalid {what}: {message}") from None
    blank = _first_blank(msgspec.to_builtins(value), "$")
    if blank:
        raise error(f"invalid {what}: the field must not be blank - at `{blank}`")
    return value


def _first_blank(data: Any, path: str) -> str | None:
    """The path of the first string in ``data`` that is only white space, if any."""
    if isinstance(data, str):
        return path if data and not data.strip() else None
    if isinstance(data, dict):
        children = [(f"{path}.{key}", child) for key, child in data.items()]
    elif isinstance(data, list):
        children = [(f"{path}[{i}]", child) for i, child in enumerate(data)]
    else:
        return None
    return next((found for at, child in children if (found := _first_blank(child, at))), None)


class Metric(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One measured figure: value, 95% interval, the threshold it was held to, the verdict."""

    name: Name
    value: float
    lower: float
    upper: float
    threshold: float
    passed: bool
    comparison: Comparison = ">="
    required: bool = True

    def meets_threshold(self) -> bool:
        if self.comparison == ">=":
            return self.value >= self.threshold
        return self.value <= self.threshold


class Group(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The metrics for one group of one factor (e.g. factor "sex", group "female")."""

    factor: Name
    group: Name
    n: Annotated[int, msgspec.Meta(ge=0)]
    metrics: Annotated[list[Metric], msgspec.Meta(min_length=1)]


class ReliabilityReport(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    suite: Name
    dataset: Name
    dataset_sha256: Sha256
    run_at: Annotated[datetime, msgspec.Meta(tz=True)]
    metrics: Annotated[list[Metric], msgspec.Meta(min_length=1)]
    groups: list[Group] = msgspec.field(default_factory=list)
    confidence: float = 0.95
    notes: str = ""

    def all_metrics(self) -> list[tuple[str, Metric]]:
        """Every metric with where it sits: ``overall`` or ``factor=group``."""
        found = [("overall", m) for m in self.metrics]
        found += [(f"{g.factor}={g.group}", m) for g in self.groups for m in g.metrics]
        return found

    def failures(self) -> list[str]:
        """The required metrics that fail, described for a certifier."""
        return [
            f"{m.name} {_fmt(m.value)} (needs {m.comparison} {_fmt(m.threshold)})"
            + ("" if where == "overall" else f" for {where}")
            for where, m in self.all_metrics()
            if m.required and not m.passed
        ]

    @property
    def passed(self) -> bool:
        return not self.failures()

    def metric(self, name: str) -> Metric | None:
        return next((m for m in self.metrics if m.name == name), None)

    def factors(self) -> set[str]:
        return {g.factor for g in self.groups if g.n > 0}


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def validate_report(raw: object) -> ReliabilityReport:
    """Validate a report given as plain data or a struct; every figure must be consistent."""
    report = convert_struct(raw, ReliabilityReport, InvalidReportError, "reliability report")
    if not 0 < report.confidence < 1:
        raise InvalidReportError(
            "invalid reliability report: the confidence level must be between 0 and 1"
            " - at `$.confidence`"
        )
    _check_metrics(report.metrics, "$.metrics")
    seen: set[tuple[str, str]] = set()
    for i, group in enumerate(report.groups):
        if (group.factor, group.group) in seen:
            raise InvalidReportError(
                f"invalid reliability report: {group.factor}={group.group} is reported twice"
                f" - at `$.groups[{i}]`"
            )
        seen.add((group.factor, group.group))
        _check_metrics(group.metrics, f"$.groups[{i}].metrics")
    return report


def _check_metrics(metrics: list[Metric], path: str) -> None:
    names: set[str] = set()
    for i, m in enumerate(metrics):
        at = f" - at `{path}[{i}]`"
        if m.name in names:
            raise InvalidReportError(f"invalid reliability report: {m.name} is listed twice{at}")
        names.add(m.name)
        figures = (m.value, m.lower, m.upper, m.threshold)
        if not all(math.isfinite(x) for x in figures):
            raise InvalidReportError(
                f"invalid reliability report: {m.name} has a figure that is not a number{at}"
            )
        if not m.lower <= m.value <= m.upper:
            raise InvalidReportError(
                f"invalid reliability report: the interval of {m.name} "
                f"({_fmt(m.lower)}, {_fmt(m.upper)}) does not contain its value "
                f"{_fmt(m.value)}{at}"
            )
        if m.passed != m.meets_threshold():
            verdict = "passed" if m.passed else "failed"
            raise InvalidReportError(
                f"invalid reliability report: {m.name} is marked {verdict}, but "
                f"{_fmt(m.value)} {m.comparison} {_fmt(m.threshold)} is "
                f"{str(m.meets_threshold()).lower()}{at}"
            )


# -- intervals -------------------------------------------------------------------------------


def _z(confidence: float) -> float:
    return statistics.NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for a proportion ``successes / n`` (e.g. a recall)."""
    if n <= 0:
        raise ValueError("a proportion needs at least one trial (n >= 1)")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n ({n}), not {successes}")
    z = _z(confidence)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lower = 0.0 if successes == 0 else max(0.0, centre - half)
    upper = 1.0 if successes == n else min(1.0, centre + half)
    return lower, upper


def bootstrap_interval(
    sample: Sequence[T],
    statistic: Callable[[Sequence[T]], float] = statistics.fmean,  # type: ignore[assignment]
    *,
    resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = DEFAULT_SEED,
) -> tuple[float, float]:
    """A percentile bootstrap interval for ``statistic`` of ``sample``.

    ``sample`` holds one item per unit of evaluation (a number for a mean; a document's
    ``(tp, fp, fn)`` for a micro-F1). The fixed ``seed`` makes a rerun give the same interval.
    """
    if not sample:
        raise ValueError("a bootstrap interval needs a non-empty sample")
    rng = random.Random(seed)  # noqa: S311 - resampling, not security
    n = len(sample)
    estimates = sorted(statistic(rng.choices(sample, k=n)) for _ in range(resamples))
    tail = (1 - confidence) / 2
    lower = estimates[max(0, math.floor(tail * resamples))]
    upper = estimates[min(resamples - 1, math.ceil((1 - tail) * resamples) - 1)]
    return lower, upper


def f1_score(tp: int, fp: int, fn: int) -> float:
    """F1 from counts; 0 when nothing was found and nothing was there to find."""
    denominator = 2 * tp + fp + fn
    return 2 * tp / denominator if denominator else 0.0


def _verdict(value: float, threshold: float, comparison: Comparison) -> bool:
    return value >= threshold if comparison == ">=" else value <= threshold


def proportion_metric(
    name: str,
    successes: int,
    n: int,
    *,
    threshold: float,
    comparison: Comparison = ">=",
    required: bool = True,
) -> Metric:
    """A proportion (recall, accuracy, FPIR...) with its Wilson interval and verdict."""
    lower, upper = wilson_interval(successes, n)
    value = successes / n
    return Metric(
        name=name,
        value=value,
        lower=min(lower, value),
        upper=max(upper, value),
        threshold=threshold,
        passed=_verdict(value, threshold, comparison),
        comparison=comparison,
        required=required,
    )


def sample_metric(
    name: str,
    sample: Sequence[T],
    statistic: Callable[[Sequence[T]], float] = statistics.fmean,  # type: ignore[assignment]
    *,
    threshold: float,
    comparison: Comparison = ">=",
    required: bool = True,
    seed: int = DEFAULT_SEED,
) -> Metric:
    """A statistic of a sample (a mean, a micro-F1) with its bootstrap interval and verdict."""
    value = statistic(sample)
    lower, upper = bootstrap_interval(sample, statistic, seed=seed)
    return Metric(
        name=name,
        value=value,
        lower=min(lower, value),
        upper=max(upper, value),
        threshold=threshold,
        passed=_verdict(value, threshold, comparison),
        comparison=comparison,
        required=required,
    )


# -- standards per capability ----------------------------------------------------------------


@dataclass(frozen=True)
class Standard:
    """A minimum a capability's suite must measure, hold itself to, and pass."""

    metric: str
    threshold: float
    comparison: Comparison = ">="
    rationale: str = ""
    #: True where the figure is a placeholder: policy still to be set by Police.AI.
    placeholder: bool = False


def _recalls(kinds: str, threshold: float, why: str) -> tuple[Standard, ...]:
    return tuple(Standard(f"recall:{kind}", threshold, rationale=why) for kind in kinds.split())


STANDARDS: dict[str, tuple[Standard, ...]] = {
    "record_entry": (
        Standard("f1", 0.75, rationale="overall entity extraction F1 (micro-averaged)"),
        *_recalls(
            "VRM POSTCODE PHONE EMAIL NINO",
            0.9,
            "structured identifiers link cases: a missed one is a missed link",
        ),
        *_recalls("PERSON DOB", 0.8, "names and dates of birth vary more in how they are written"),
    ),
    "redaction": (
        Standard(
            "recall:personal_data",
            0.95,
            rationale="personal data left unredacted is disclosed: recall matters most",
        ),
    ),
    "offence_suggestion": (
        Standard(
            "top3_accuracy",
            0.8,
            rationale=(
                "policy choice: the right classification is among the three shown to the "
                "officer in at least 80% of reference narratives; the officer decides"
            ),
        ),
    ),
    "summarise": (
        Standard(
            "source_attribution",
            1.0,
            rationale="every sentence of a summary must cite the statement it comes from",
        ),
    ),
    "lfr_adapter": (
        Standard(
            "fpir",
            0.001,
            comparison="<=",
            rationale="PLACEHOLDER - policy to be set by Police.AI per deployment (N, T)",
            placeholder=True,
        ),
        Standard(
            "fnir",
            0.2,
            comparison="<=",
            rationale="PLACEHOLDER - policy to be set by Police.AI per deployment (N, T)",
            placeholder=True,
        ),
    ),
}


def standard_shortfalls(report: ReliabilityReport, capabilities: Sequence[str]) -> list[str]:
    """Where the report falls short of the standards of the given capabilities."""
    shortfalls: list[str] = []
    for capability in capabilities:
        for std in STANDARDS.get(capability, ()):
            needed = f"{std.metric} {std.comparison} {_fmt(std.threshold)}"
            m = report.metric(std.metric)
            if m is None:
                shortfalls.append(f"{capability}: {std.metric} was not measured (needs {needed})")
            elif not m.required or m.comparison != std.comparison:
                shortfalls.append(f"{capability}: {std.metric} must be required as {needed}")
            elif not _verdict(m.threshold, std.threshold, std.comparison):
                shortfalls.append(
                    f"{capability}: {std.metric} was held to {_fmt(m.threshold)}, "
                    f"weaker than the standard's {_fmt(std.threshold)}"
                )
            elif not m.passed:
                shortfalls.append(f"{capability}: {std.metric} {_fmt(m.value)} (needs {needed})")
    return shortfalls
