"""The reliability suite of the ``summarise`` capability.

It runs the tool through the plugin host, as the gateway's worker would, on reference
narratives of the shared evaluation format (by default the held-out evaluation test set,
``policeai/core/evaluation/data/test.jsonl``, which no tool is tuned on), identified by the
SHA-256 of the file's bytes. Each narrative is summarised alone (at most
:data:`SINGLE_SENTENCES` sentences), and the narratives are also sent as multi-document cases:
those of one offence category, in id order, in groups of up to :data:`CASE_SIZE` (at most
:data:`CASE_SENTENCES` sentences).

The report gives the capability's standard, ``source_attribution``: the share of summary
sentences whose text is exactly the span of the document it cites (a case the tool failed on,
or summarised with no sentence, counts as one sentence that does not), with its 95% Wilson
interval. For scrutiny: ``coverage:who``, ``coverage:when``, ``coverage:where`` and
``coverage:all``, the share of the gold PERSON, DATETIME and LOCATION or ADDRESS entities that
lie wholly inside a chosen sentence (Wilson intervals over entities), and
``compression_ratio``, the summary's characters over the source's per request (mean, with a
bootstrap interval over requests). Figures are disaggregated by request (one document or a
case) and by narrative style (999 call, statement, officer report, from the document ids).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from policeai.core.evaluation.dataset import EvalDocument
from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.types import Document, SummariseRequest, Summary
from policeai.registry.certification.reliability import (
    STANDARDS,
    Group,
    Metric,
    ReliabilityReport,
    proportion_metric,
    sample_metric,
)
from policeai.registry.suites.reference import (
    TEST_SET_PATH,
    ReferenceDataError,
    narrative_style,
    reference_set,
)

SUITE = "summarisation-v1"
DATASET = "policeai-evaluation-test"
CAPABILITY = "summarise"
HOOK = "policeai_summarise"
SINGLE_SENTENCES = 3
CASE_SENTENCES = 5
CASE_SIZE = 3
#: Gold labels whose coverage is measured, by what they say.
COVERAGE: dict[str, tuple[str, ...]] = {
    "who": ("PERSON",),
    "when": ("DATETIME",),
    "where": ("LOCATION", "ADDRESS"),
}
#: The factors the report is disaggregated by; a model card names them as they are here.
FACTORS = ("request", "narrative style")
SINGLE, CASE = "one document", "case of several documents"


@dataclass(frozen=True)
class Request:
    """One request of the suite: the documents summarised together."""

    kind: str  # SINGLE or CASE
    docs: tuple[EvalDocument, ...]
    max_sentences: int

    @property
    def style(self) -> str:
        styles = {narrative_style(doc.id) for doc in self.docs}
        return styles.pop() if len(styles) == 1 else "mixed"


@dataclass
class Outcome:
    """What the tool answered for one request, measured."""

    request: Request
    sentences: int = 0
    attributed: int = 0
    covered: dict[str, int] = field(default_factory=dict)
    gold: dict[str, int] = field(default_factory=dict)
    summary_chars: int = 0
    source_chars: int = 0
    error: str | None = None

    @property
    def attribution(self) -> tuple[int, int]:
        """(attributed, sentences), an error or an empty summary counting as one failure."""
        if self.error or self.sentences == 0:
            return self.attributed, self.sentences + 1
        return self.attributed, self.sentences


def requests(docs: Sequence[EvalDocument], size: int = CASE_SIZE) -> list[Request]:
    """Each document alone, then the documents of each offence category (in id order) as
    cases of up to ``size``; a category with one document makes no case."""
    found = [Request(SINGLE, (doc,), SINGLE_SENTENCES) for doc in docs]
    by_category: dict[str, list[EvalDocument]] = defaultdict(list)
    for doc in sorted(docs, key=lambda d: d.id):
        by_category[doc.offence_category or "none"].append(doc)
    for category in sorted(by_category):
        group = by_category[category]
        for i in range(0, len(group), size):
            chunk = tuple(group[i : i + size])
            if len(chunk) > 1:
                found.append(Request(CASE, chunk, CASE_SENTENCES))
    return found


def summariser(
    host: PluginHost | None = None, plugin_id: str = "summariser"
) -> Callable[[SummariseRequest], Summary]:
    """A function from request to summary, calling the tool through the host."""
    host = host or PluginHost()
    host.get(plugin_id)  # not installed here: NotFoundError now, not 100 failures later

    def summarise(request: SummariseRequest) -> Summary:
        answer = host.call(plugin_id, HOOK, request=request)
        if not isinstance(answer, Summary):
            raise TypeError(f"the tool answered {type(answer).__name__}, not Summary")
        return answer

    return summarise


def _kind(label: str) -> str | None:
    return next((kind for kind, labels in COVERAGE.items() if label in labels), None)


def score(request: Request, summary: Summary) -> Outcome:
    """Attribution, coverage and compression of one summary."""
    texts = {doc.id: doc.text for doc in request.docs}
    outcome = Outcome(request, source_chars=sum(len(text) for text in texts.values()))
    chosen: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for sentence in summary.sentences:
        outcome.sentences += 1
        outcome.summary_chars += len(sentence.text)
        source = sentence.source
        text = texts.get(source.doc_id)
        exact = text is not None and source.start < source.end <= len(text)
        if exact and text[source.start : source.end] == sentence.text:
            outcome.attributed += 1
            chosen[source.doc_id].append((source.start, source.end))
    for doc in request.docs:
        for entity in doc.entities:
            kind = _kind(entity.label)
            if kind is None:
                continue
            outcome.gold[kind] = outcome.gold.get(kind, 0) + 1
            if any(s <= entity.start and entity.end <= e for s, e in chosen[doc.id]):
                outcome.covered[kind] = outcome.covered.get(kind, 0) + 1
    return outcome


def measure(
    found: Sequence[Request], summarise: Callable[[SummariseRequest], Summary]
) -> list[Outcome]:
    """Run the tool on every request; an error is recorded and counts against it."""
    outcomes = []
    for request in found:
        tool_request = SummariseRequest(
            documents=[Document(doc_id=doc.id, text=doc.text) for doc in request.docs],
            max_sentences=request.max_sentences,
        )
        try:
            outcomes.append(score(request, summarise(tool_request)))
        except Exception as exc:  # a failing tool is a result to report, not a crash
            gold = score(request, Summary(sentences=[])).gold
            outcomes.append(
                Outcome(
                    request,
                    gold=gold,
                    error=f"{type(exc).__name__}: {exc}",
                    source_chars=sum(len(d.text) for d in request.docs),
                )
            )
    return outcomes


def _threshold(metric: str) -> tuple[float, bool]:
    for standard in STANDARDS[CAPABILITY]:
        if standard.metric == metric:
            return standard.threshold, True
    return 0.0, False


def _metrics(outcomes: Sequence[Outcome], *, overall: bool) -> list[Metric]:
    threshold, required = _threshold("source_attribution")
    attributed = sum(o.attribution[0] for o in outcomes)
    sentences = sum(o.attribution[1] for o in outcomes)
    metrics = [
        proportion_metric(
            "source_attribution",
            attributed,
            sentences,
            threshold=threshold,
            required=required and overall,
        )
    ]
    total_gold = total_covered = 0
    for kind in COVERAGE:
        gold = sum(o.gold.get(kind, 0) for o in outcomes)
        covered = sum(o.covered.get(kind, 0) for o in outcomes)
        total_gold += gold
        total_covered += covered
        if gold:
            metrics.append(
                proportion_metric(f"coverage:{kind}", covered, gold, threshold=0.0, required=False)
            )
    if total_gold:
        metrics.append(
            proportion_metric(
                "coverage:all", total_covered, total_gold, threshold=0.0, required=False
            )
        )
    ratios = [o.summary_chars / o.source_chars for o in outcomes if o.source_chars]
    if ratios:
        metrics.append(
            sample_metric(
                "compression_ratio",
                ratios,
                statistics.fmean,
                threshold=1.0,
                comparison="<=",
                required=False,
            )
        )
    return metrics


def build_report(
    outcomes: Sequence[Outcome],
    *,
    dataset: str = DATASET,
    dataset_sha256: str,
    now: datetime | None = None,
) -> ReliabilityReport:
    """The reliability report of a run: attribution (the standard), coverage and compression,
    overall, per kind of request and per narrative style."""
    if not outcomes:
        raise ReferenceDataError("the reference set gave no request to summarise")
    groups = []
    for factor, key in (
        ("request", lambda o: o.request.kind),
        ("narrative style", lambda o: o.request.style),
    ):
        by_group: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in outcomes:
            by_group[key(outcome)].append(outcome)
        groups += [
            Group(
                factor=factor,
                group=name,
                n=len(by_group[name]),
                metrics=_metrics(by_group[name], overall=False),
            )
            for name in sorted(by_group)
        ]
    singles = sum(1 for o in outcomes if o.request.kind == SINGLE)
    errors = [o for o in outcomes if o.error]
    notes = (
        f"{singles} narratives summarised alone (at most {SINGLE_SENTENCES} sentences) and "
        f"{len(outcomes) - singles} multi-document cases (narratives of one offence category "
        f"in groups of up to {CASE_SIZE}, at most {CASE_SENTENCES} sentences), each sent "
        "through the plugin host. source_attribution counts a summary sentence when its text "
        "is exactly the span of the document it cites; a failed or empty summary counts as "
        "one sentence that is not. Coverage is the share of gold PERSON (who), DATETIME "
        "(when) and LOCATION or ADDRESS (where) entities lying wholly inside a chosen "
        "sentence. Intervals: 95% Wilson score intervals for proportions, a percentile "
        "bootstrap over requests for the compression ratio. Only source_attribution is "
        f"required (Police.AI's standard). The tool raised an error on {len(errors)} "
        "request(s)."
    )
    return ReliabilityReport(
        suite=SUITE,
        dataset=dataset,
        dataset_sha256=dataset_sha256,
        run_at=now or datetime.now(UTC),
        metrics=_metrics(outcomes, overall=True),
        groups=groups,
        notes=notes,
    )


def run_summarisation_suite(
    host: PluginHost | None = None,
    *,
    plugin_id: str = "summariser",
    path: Path = TEST_SET_PATH,
    now: datetime | None = None,
) -> ReliabilityReport:
    """Run the suite on the installed tool ``plugin_id`` and return its report."""
    docs, sha256 = reference_set(path)
    outcomes = measure(requests(docs), summariser(host, plugin_id))
    dataset = DATASET if path == TEST_SET_PATH else path.name
    return build_report(outcomes, dataset=dataset, dataset_sha256=sha256, now=now)
