"""The reliability suite of the ``record_entry`` capability.

It runs the tool, through the plugin host exactly as the gateway's worker would, over a
reference set of narratives labelled in the shared evaluation format
(:mod:`policeai.core.evaluation.dataset`) and scores its fields against the gold spans
(:mod:`policeai.core.evaluation.metrics`).

The headline ``f1`` is the micro-averaged F1 over every label under *overlap* matching: a
proposed field matches a gold span of the same label that it overlaps by at least one
character, each span matched at most once (greedily, largest overlap first). Overlap is the
standard's rule because an officer reviews every proposed field against its text: a field
whose span is a word short still puts the right value in front of them. ``f1_exact`` (same
label, same start and end) is reported beside it for scrutiny. ``recall:<LABEL>`` is the
share of a label's gold spans matched, under the same overlap rule, with a 95% Wilson
interval; the F1 figures have 95% bootstrap intervals over documents. Figures are reported
overall, by narrative style (999 call, statement, officer report) and by label.

The reference set is the held-out test set shipped with the core package
(``policeai/core/evaluation/data/test.jsonl``), named by the SHA-256 of the file's bytes;
the tool is never tuned on it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from policeai.core.evaluation.dataset import (
    LABELS,
    EvalDocument,
    GoldEntity,
)
from policeai.core.evaluation.metrics import Counts, MatchMode, document_counts
from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.types import Document, ProposedFields, RecordEntryRequest
from policeai.registry.certification.reliability import (
    STANDARDS,
    Group,
    Metric,
    ReliabilityReport,
    proportion_metric,
    sample_metric,
)
from policeai.registry.suites.reference import (
    STYLES,
    TEST_SET_PATH,
    ReferenceDataError,
    narrative_style,
    reference_set,
)

SUITE = "record-entry-v1"
DATASET = "record-entry-test-v1"
CAPABILITY = "record_entry"
HOOK = "policeai_propose_record_fields"
PLUGIN_ID = "record-entry"
#: The held-out reference set.
#: The matching rule of the headline figures (see the module docstring).
HEADLINE_MATCHING: MatchMode = "overlap"
#: The factors the report is disaggregated by; a model card names them as they are here.
FACTORS = ("narrative style", "label")
#: Narrative styles, by the suffix of a reference document's id.
MATCHING_RULES = {
    "overlap": (
        "overlap matching: a field matches a gold span of the same label that it overlaps "
        "by at least one character, each span matched at most once, largest overlap first"
    ),
    "exact": "exact matching: same label, same start and same end",
}


@dataclass(frozen=True)
class Outcome:
    """What the tool proposed for one document (as spans), or the error it raised."""

    document: EvalDocument
    predicted: tuple[GoldEntity, ...]
    error: str | None = None

    @property
    def style(self) -> str:
        return narrative_style(self.document)

    def counts(self, mode: MatchMode) -> dict[str, Counts]:
        return document_counts(self.document.entities, self.predicted, mode)


def propose_fields(
    host: PluginHost, plugin_id: str, document: EvalDocument
) -> tuple[GoldEntity, ...]:
    """The tool's fields for one document as labelled spans of its text."""
    request = RecordEntryRequest(
        document=Document(doc_id=document.id, text=document.text),
        report_time=document.report_time,
    )
    answer = host.call(plugin_id, HOOK, request=request)
    if not isinstance(answer, ProposedFields):
        raise TypeError(f"the tool answered {type(answer).__name__}, not ProposedFields")
    spans = []
    for field in answer.fields:
        start, end = field.source.start, field.source.end
        if field.source.doc_id != document.id or not 0 <= start < end <= len(document.text):
            raise ValueError(f"the tool gave a span {start}-{end} outside the document")
        spans.append(GoldEntity(field.label, start, end, document.text[start:end]))
    return tuple(spans)


def measure(
    documents: Sequence[EvalDocument], host: PluginHost | None = None, plugin_id: str = PLUGIN_ID
) -> list[Outcome]:
    """Run the tool on every document; an error is recorded and the document counts as one
    where nothing was proposed."""
    host = host or PluginHost()
    host.get(plugin_id)  # not installed here: NotFoundError now, not one per document
    outcomes = []
    for document in documents:
        try:
            outcomes.append(Outcome(document, propose_fields(host, plugin_id, document)))
        except Exception as exc:  # a failing tool is a result to report, not a crash
            outcomes.append(Outcome(document, (), f"{type(exc).__name__}: {exc}"))
    return outcomes


def _threshold(metric: str) -> tuple[float, bool]:
    """The standard's threshold for a metric, and whether the standard requires it."""
    for standard in STANDARDS[CAPABILITY]:
        if standard.metric == metric:
            return standard.threshold, True
    return 0.0, False


def _micro_f1(sample: Sequence[Counts]) -> float:
    return sum(sample, Counts()).f1


def _document_totals(outcomes: Sequence[Outcome], mode: MatchMode, label: str | None = None):
    """One Counts per document (all labels, or one), the unit the bootstrap resamples."""
    totals = []
    for outcome in outcomes:
        counts = outcome.counts(mode)
        if label is None:
            totals.append(sum(counts.values(), Counts()))
        else:
            totals.append(counts.get(label, Counts()))
    return totals


def _f1_metric(name: str, outcomes: Sequence[Outcome], mode: MatchMode, *, overall: bool):
    threshold, required = _threshold("f1")
    if name != "f1":
        required = False
    return sample_metric(
        name,
        _document_totals(outcomes, mode),
        _micro_f1,
        threshold=threshold,
        required=required and overall,
    )


def _totals(outcomes: Sequence[Outcome], mode: MatchMode) -> dict[str, Counts]:
    totals: dict[str, Counts] = defaultdict(Counts)
    for outcome in outcomes:
        for label, counts in outcome.counts(mode).items():
            totals[label] = totals[label] + counts
    return totals


def _recall_metric(name: str, counts: Counts, *, standard_name: str, overall: bool) -> Metric:
    threshold, required = _threshold(standard_name)
    return proportion_metric(
        name, counts.tp, counts.gold, threshold=threshold, required=required and overall
    )


def build_report(
    outcomes: Sequence[Outcome],
    *,
    dataset_sha256: str,
    dataset: str = DATASET,
    now: datetime | None = None,
) -> ReliabilityReport:
    """The reliability report of a run (see the module docstring for the figures)."""
    if not outcomes:
        raise ReferenceDataError("the reference set holds no documents")
    mode = HEADLINE_MATCHING
    totals = _totals(outcomes, mode)
    overall = sum(totals.values(), Counts())
    metrics = [
        _f1_metric("f1", outcomes, mode, overall=True),
        _f1_metric("f1_exact", outcomes, "exact", overall=True),
    ]
    if overall.predicted:
        metrics.append(
            proportion_metric(
                "precision", overall.tp, overall.predicted, threshold=0.0, required=False
            )
        )
    if overall.gold:
        metrics.append(
            proportion_metric("recall", overall.tp, overall.gold, threshold=0.0, required=False)
        )
    required_labels = [s.metric.split(":", 1)[1] for s in STANDARDS[CAPABILITY] if ":" in s.metric]
    for label in [*required_labels, *(lab for lab in LABELS if lab not in required_labels)]:
        counts = totals.get(label, Counts())
        if counts.gold:
            name = f"recall:{label}"
            metrics.append(_recall_metric(name, counts, standard_name=name, overall=True))
        elif label in required_labels:
            raise ReferenceDataError(
                f"the reference set has no {label} span: recall:{label} cannot be measured"
            )
    groups = _style_groups(outcomes, mode) + _label_groups(outcomes, totals, mode)
    errors = [o for o in outcomes if o.error]
    notes = (
        f"{len(outcomes)} reference documents ({overall.gold} gold spans), each given to the "
        "tool through the plugin host with its report time. "
        f"f1 is the micro-averaged F1 over all labels under {MATCHING_RULES['overlap']}; "
        f"f1_exact is the same under {MATCHING_RULES['exact']}. recall:<LABEL>, precision and "
        "recall use overlap matching. F1 intervals are 95% bootstrap intervals over documents; "
        "proportions have 95% Wilson score intervals. Required: f1 and the recall of the "
        "labels Police.AI's standard names; groups and the other figures are for scrutiny. "
        f"The tool raised an error on {len(errors)} document(s), counted as proposing nothing."
    )
    return ReliabilityReport(
        suite=SUITE,
        dataset=dataset,
        dataset_sha256=dataset_sha256,
        run_at=now or datetime.now(UTC),
        metrics=metrics,
        groups=groups,
        notes=notes,
    )


def _style_groups(outcomes: Sequence[Outcome], mode: MatchMode) -> list[Group]:
    by_style: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_style[outcome.style].append(outcome)
    groups = []
    for style in [*STYLES.values(), *sorted(set(by_style) - set(STYLES.values()))]:
        members = by_style.get(style)
        if not members:
            continue
        counts = sum(_totals(members, mode).values(), Counts())
        metrics = [_f1_metric("f1", members, mode, overall=False)]
        if counts.gold:
            metrics.append(
                proportion_metric("recall", counts.tp, counts.gold, threshold=0.0, required=False)
            )
        groups.append(Group(factor="narrative style", group=style, n=len(members), metrics=metrics))
    return groups


def _label_groups(
    outcomes: Sequence[Outcome], totals: dict[str, Counts], mode: MatchMode
) -> list[Group]:
    groups = []
    for label in LABELS:
        counts = totals.get(label, Counts())
        if not counts.gold:
            continue
        metrics = [_recall_metric("recall", counts, standard_name=f"recall:{label}", overall=False)]
        if counts.predicted:
            metrics.append(
                proportion_metric(
                    "precision", counts.tp, counts.predicted, threshold=0.0, required=False
                )
            )
        metrics.append(
            sample_metric(
                "f1",
                _document_totals(outcomes, mode, label),
                _micro_f1,
                threshold=0.0,
                required=False,
            )
        )
        groups.append(Group(factor="label", group=label, n=counts.gold, metrics=metrics))
    return groups


def run_record_entry_suite(
    host: PluginHost | None = None,
    *,
    plugin_id: str = PLUGIN_ID,
    path: Path = TEST_SET_PATH,
    now: datetime | None = None,
) -> ReliabilityReport:
    """Run the suite on the installed tool ``plugin_id`` over ``path`` (by default the
    held-out test set) and return its report."""
    documents, sha256 = reference_set(path)
    dataset = DATASET if path == TEST_SET_PATH else path.stem
    outcomes = measure(documents, host, plugin_id)
    return build_report(outcomes, dataset_sha256=sha256, dataset=dataset, now=now)
