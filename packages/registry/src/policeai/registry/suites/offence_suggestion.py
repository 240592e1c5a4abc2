"""The reliability suite of the ``offence_suggestion`` capability.

It runs the tool, through the plugin host exactly as the gateway's worker would, over a
reference set of crime narratives whose Home Office offence classification is known, and
reports how often the right classification is the first suggestion (top-1 accuracy) and among
the first three shown to the officer (top-3 accuracy, the metric Police.AI's standard holds the
capability to), each with a 95% Wilson interval, overall and by offence group and narrative
length. Accuracy at k = 1..5 is reported too (the capability's curve).

The reference set here is ``demoshire-narratives-v1``: the demonstration force's narratives
(``policeai/core/demo/cases.json``) that carry an offence code, identified by the SHA-256 of
the file's bytes so that a report names exactly what it was measured on.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from policeai.core.cases.offences import get_offence
from policeai.core.demo.loader import CASES_FILE
from policeai.core.errors import PoliceAIError
from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.types import OffenceSuggestionRequest, OffenceSuggestions
from policeai.registry.certification.reliability import (
    STANDARDS,
    Group,
    Metric,
    ReliabilityReport,
    proportion_metric,
)

SUITE = "offence-suggestion-v1"
DATASET = "demoshire-narratives-v1"
CAPABILITY = "offence_suggestion"
HOOK = "policeai_suggest_offences"
#: The ranks reported overall (the accuracy-at-k curve); 1 and 3 also per group.
RANKS = (1, 2, 3, 4, 5)
GROUP_RANKS = (1, 3)
#: The factors the report is disaggregated by; a model card names them as they are here.
FACTORS = ("offence group", "narrative length")
#: Narrative length buckets, by words: (upper bound exclusive, label).
LENGTH_BUCKETS: tuple[tuple[int, str], ...] = (
    (40, "under 40 words"),
    (50, "40 to 49 words"),
    (10**9, "50 words or more"),
)


class ReferenceDataError(PoliceAIError):
    """The reference data file is missing or malformed."""


@dataclass(frozen=True)
class Narrative:
    """One reference narrative and what is known about it."""

    number: int  # its position in the file, from 1
    text: str
    code: str  # the gold Home Office offence code
    group: str  # the offence group the code is counted under
    words: int

    @property
    def length(self) -> str:
        return next(label for bound, label in LENGTH_BUCKETS if self.words < bound)

    def factor(self, factor: str) -> str:
        return self.group if factor == "offence group" else self.length


@dataclass(frozen=True)
class Outcome:
    """What the tool answered for one narrative: its ranked codes, or the error it raised."""

    narrative: Narrative
    codes: tuple[str, ...]
    error: str | None = None

    def rank(self) -> int | None:
        """Where the gold code came (1 = first), or None when it was not suggested."""
        try:
            return self.codes.index(self.narrative.code) + 1
        except ValueError:
            return None

    def hit(self, k: int) -> bool:
        rank = self.rank()
        return rank is not None and rank <= k


def reference_set(path: Path = CASES_FILE) -> tuple[list[Narrative], str, int]:
    """The narratives with a gold offence code, the file's SHA-256 and how many were left
    out for having no code."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReferenceDataError(f"the reference data file {path} is missing") from None
    try:
        records = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReferenceDataError(f"the reference data file {path} is not JSON: {exc}") from None
    narratives, skipped = [], 0
    for number, record in enumerate(records, start=1):
        code, text = record.get("offence_code"), record.get("narrative") or ""
        if not code or not text.strip():
            skipped += 1
            continue
        narratives.append(Narrative(number, text, code, get_offence(code).group, len(text.split())))
    return narratives, hashlib.sha256(raw).hexdigest(), skipped


def suggester(
    host: PluginHost | None = None, plugin_id: str = "keyword-offence-suggester"
) -> Callable[[str], tuple[str, ...]]:
    """A function from narrative to ranked offence codes, calling the tool through the host."""
    host = host or PluginHost()
    host.get(plugin_id)  # not installed here: NotFoundError now, not 60 failures later

    def suggest(text: str) -> tuple[str, ...]:
        request = OffenceSuggestionRequest(narrative=text, limit=max(RANKS))
        answer = host.call(plugin_id, HOOK, request=request)
        if not isinstance(answer, OffenceSuggestions):
            raise TypeError(f"the tool answered {type(answer).__name__}, not OffenceSuggestions")
        return tuple(s.code for s in answer.suggestions)

    return suggest


def measure(
    narratives: Sequence[Narrative], suggest: Callable[[str], tuple[str, ...]]
) -> list[Outcome]:
    """Run the tool on every narrative; an error is recorded and counts as a miss."""
    outcomes = []
    for narrative in narratives:
        try:
            outcomes.append(Outcome(narrative, suggest(narrative.text)))
        except Exception as exc:  # a failing tool is a result to report, not a crash
            outcomes.append(Outcome(narrative, (), f"{type(exc).__name__}: {exc}"))
    return outcomes


def _threshold(metric: str) -> tuple[float, bool]:
    """The standard's threshold for a metric of the capability, and whether it is required.

    Metrics the standard does not name are reported for information (not required, no
    threshold: 0)."""
    for standard in STANDARDS[CAPABILITY]:
        if standard.metric == metric:
            return standard.threshold, True
    return 0.0, False


def accuracy(name: str, outcomes: Sequence[Outcome], k: int, *, overall: bool) -> Metric:
    threshold, required = _threshold(name)
    hits = sum(outcome.hit(k) for outcome in outcomes)
    # Groups are shown against the same threshold but only the overall figure decides.
    return proportion_metric(
        name, hits, len(outcomes), threshold=threshold, required=required and overall
    )


def build_report(
    outcomes: Sequence[Outcome],
    *,
    dataset_sha256: str,
    skipped: int = 0,
    now: datetime | None = None,
) -> ReliabilityReport:
    """The reliability report of a run: accuracy at each rank overall, and top-1 and top-3 by
    offence group and by narrative length."""
    if not outcomes:
        raise ReferenceDataError("the reference set holds no narrative with an offence code")
    metrics = [accuracy(f"top{k}_accuracy", outcomes, k, overall=True) for k in RANKS]
    groups = []
    for factor in FACTORS:
        by_group: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in outcomes:
            by_group[outcome.narrative.factor(factor)].append(outcome)
        order = (
            [label for _, label in LENGTH_BUCKETS]
            if factor == "narrative length"
            else sorted(by_group, key=lambda g: (-len(by_group[g]), g))
        )
        groups += [
            Group(
                factor=factor,
                group=group,
                n=len(by_group[group]),
                metrics=[
                    accuracy(f"top{k}_accuracy", by_group[group], k, overall=False)
                    for k in GROUP_RANKS
                ],
            )
            for group in order
            if by_group.get(group)
        ]
    errors = [o for o in outcomes if o.error]
    notes = (
        f"{len(outcomes)} reference narratives with a gold Home Office offence code "
        f"(policeai/core/demo/cases.json; {skipped} without a code left out). The tool was "
        "called through the plugin host on each case's narrative alone (not its statements) "
        f"for up to {max(RANKS)} ranked suggestions. Intervals are 95% Wilson score intervals. "
        "Only the overall top-3 accuracy is required (Police.AI's standard for offence "
        "suggestion); group figures and the other ranks are reported for scrutiny. "
        f"The tool raised an error on {len(errors)} narrative(s), counted as misses."
    )
    return ReliabilityReport(
        suite=SUITE,
        dataset=DATASET,
        dataset_sha256=dataset_sha256,
        run_at=now or datetime.now(UTC),
        metrics=metrics,
        groups=groups,
        notes=notes,
    )


def run_offence_suite(
    host: PluginHost | None = None,
    *,
    plugin_id: str = "keyword-offence-suggester",
    path: Path = CASES_FILE,
    now: datetime | None = None,
) -> ReliabilityReport:
    """Run the suite on the installed tool ``plugin_id`` and return its report."""
    narratives, sha256, skipped = reference_set(path)
    outcomes = measure(narratives, suggester(host, plugin_id))
    return build_report(outcomes, dataset_sha256=sha256, skipped=skipped, now=now)
