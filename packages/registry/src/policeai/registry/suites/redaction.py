"""The reliability suite of the ``redaction`` capability (redaction for disclosure).

It runs the tool through the plugin host, as the gateway's worker would, on a held-out set of
narratives whose personal data is labelled (the shared evaluation format; by default the
evaluation test set, ``policeai/core/evaluation/data/test.jsonl``, which no tool is tuned
on), identified by the SHA-256 of the file's bytes.

Documents are sent as cases: consecutive documents in groups of :data:`CASE_SIZE`, one request
per group, with the group's first document sent a second time under another id, so that the
same people, phones and places occur in two documents of one request.

The report gives the capability's standard, ``recall:personal_data`` (a gold personal-data
span counts when every non-space character of it is redacted; see
:mod:`policeai.core.evaluation.redaction`), with its 95% Wilson interval; for scrutiny, the
recall of the UK identifiers, of each label, the "any overlap" recall, the precision
(share of redacted characters that are personal data, with a bootstrap interval over
documents) and ``pseudonym_consistency``: the share of redacted gold spans whose pseudonym
is shared with every other mention of the same value in the request (a lone surname is the
same value as the one full name it can belong to) and with no mention of another. Recall is
disaggregated by narrative style (999 call, statement, officer report, from the document ids)
and by label.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from policeai.core.cases.identifiers import InvalidIdentifierError, normalise_identifier
from policeai.core.evaluation.dataset import EvalDocument
from policeai.core.evaluation.redaction import (
    PERSONAL_DATA_LABELS,
    UK_IDENTIFIER_LABELS,
    UK_IDENTIFIER_TARGET,
    RedactionScore,
    score_document,
)
from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.types import Document, RedactionRequest, RedactionResult
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

SUITE = "redaction-v1"
DATASET = "policeai-evaluation-test"
CAPABILITY = "redaction"
HOOK = "policeai_redact"
CASE_SIZE = 3
COPY_SUFFIX = "#copy"
#: The factors the report is disaggregated by; a model card names them as they are here.
FACTORS = ("narrative style", "label")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})
_IDENTIFIER_KINDS = {
    "POSTCODE": "postcode",
    "PHONE": "phone",
    "EMAIL": "email",
    "NINO": "nino",
    "VRM": "vrm",
    "DOB": "dob",
}


def identity(label: str, text: str) -> tuple[str, str]:
    """What two gold mentions of the same value share: a name without its title in lower
    case, an identifier in the core's canonical form, anything else without case or space."""
    if label == "PERSON":
        words = re.findall(r"[^\W_]+(?:'[^\W_]+)?", text.lower())
        while words and words[0] in _TITLES:
            words.pop(0)
        return label, " ".join(words)
    kind = _IDENTIFIER_KINDS.get(label)
    if kind is not None:
        try:
            return label, normalise_identifier(kind, text)
        except InvalidIdentifierError:
            pass
    return label, re.sub(r"[\W_]+", "", text.lower())


@dataclass
class CaseOutcome:
    """One request: its documents, what the tool returned for each, or the error it raised."""

    documents: list[EvalDocument]
    copy_of: EvalDocument
    results: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    error: str | None = None

    def spans(self, doc_id: str) -> list[tuple[int, int]]:
        return [(start, end) for start, end, _ in self.results.get(doc_id, [])]

    def tokens(self, doc_id: str, start: int, end: int) -> frozenset[str]:
        """The pseudonyms of the redactions overlapping ``start``-``end``."""
        return frozenset(r for s, e, r in self.results.get(doc_id, []) if s < end and start < e)


def redactor(
    host: PluginHost | None = None, plugin_id: str = "redaction"
) -> Callable[[RedactionRequest], RedactionResult]:
    """A function from request to validated result, calling the tool through the host."""
    host = host or PluginHost()
    host.get(plugin_id)  # not installed here: NotFoundError now, not a failure per case

    def redact(request: RedactionRequest) -> RedactionResult:
        answer = host.call(plugin_id, HOOK, request=request)
        return msgspec.convert(msgspec.to_builtins(answer), RedactionResult)

    return redact


def cases(docs: Sequence[EvalDocument], size: int = CASE_SIZE) -> list[list[EvalDocument]]:
    return [list(docs[i : i + size]) for i in range(0, len(docs), size)]


def measure(
    docs: Sequence[EvalDocument],
    redact: Callable[[RedactionRequest], RedactionResult],
    size: int = CASE_SIZE,
) -> list[CaseOutcome]:
    """Run the tool on every case; an error is recorded and its documents count as missed."""
    outcomes = []
    for number, group in enumerate(cases(docs, size), start=1):
        first = group[0]
        outcome = CaseOutcome(group, first)
        request = RedactionRequest(
            case_ref=f"SUITE/{number:04d}",
            documents=[
                *(Document(doc_id=d.id, text=d.text) for d in group),
                Document(doc_id=first.id + COPY_SUFFIX, text=first.text),
            ],
        )
        try:
            outcome.results = _redactions(redact(request), request)
        except Exception as exc:  # a failing tool is a result to report, not a crash
            outcome.results = {}
            outcome.error = f"{type(exc).__name__}: {exc}"
        outcomes.append(outcome)
    return outcomes


def _redactions(
    result: RedactionResult, request: RedactionRequest
) -> dict[str, list[tuple[int, int, str]]]:
    """Each returned document's redactions as (start, end, pseudonym)."""
    returned = {
        d.doc_id: [(r.source.start, r.source.end, r.replacement) for r in d.redactions]
        for d in result.documents
    }
    expected = {d.doc_id for d in request.documents}
    if set(returned) != expected:
        raise ValueError(f"the tool returned documents {sorted(returned)}, not {sorted(expected)}")
    return returned


def _same_person(mentions: list[tuple[tuple[str, str], frozenset[str]]]) -> None:
    """Resolve a lone forename or surname ("SMITH", "Mr Smith") to the one full name in the
    request it can belong to ("John Smith"), in place."""
    full = {key for key, _ in mentions if key[0] == "PERSON" and " " in key[1]}
    for index, (key, tokens) in enumerate(mentions):
        if key[0] != "PERSON" or " " in key[1]:
            continue
        owners = {f for f in full if key[1] in (f[1].split()[0], f[1].split()[-1])}
        if len(owners) == 1:
            mentions[index] = (owners.pop(), tokens)


def consistency(outcome: CaseOutcome) -> tuple[int, int]:
    """(consistent, judged): gold spans redacted in the request, and how many of them share
    their pseudonyms with every mention of the same value and with no mention of another.
    A lone forename or surname is the same value as the one full name it can belong to."""
    mentions: list[tuple[tuple[str, str], frozenset[str]]] = []
    copy_id = outcome.copy_of.id + COPY_SUFFIX
    for doc_id, doc in [*((d.id, d) for d in outcome.documents), (copy_id, outcome.copy_of)]:
        for entity in doc.entities:
            if entity.label not in PERSONAL_DATA_LABELS:
                continue
            tokens = outcome.tokens(doc_id, entity.start, entity.end)
            if tokens:
                mentions.append((identity(entity.label, entity.text), tokens))
    _same_person(mentions)
    consistent = 0
    for key, tokens in mentions:
        same = all(t == tokens for k, t in mentions if k == key)
        apart = all(not (t & tokens) for k, t in mentions if k != key)
        consistent += same and apart
    return consistent, len(mentions)


def _threshold(metric: str) -> tuple[float, bool]:
    for standard in STANDARDS[CAPABILITY]:
        if standard.metric == metric:
            return standard.threshold, True
    return 0.0, False


def _recall(name: str, score: RedactionScore, labels: Sequence[str], *, overall: bool) -> Metric:
    count = score.count(labels)
    threshold, required = _threshold(name)
    if name == "recall:uk_identifiers":
        threshold = UK_IDENTIFIER_TARGET
    return proportion_metric(
        name, count.hits, count.total, threshold=threshold, required=required and overall
    )


def _precision(per_document: Sequence[RedactionScore]) -> Metric | None:
    sample = [(s.redacted_inside_personal_data, s.redacted_characters) for s in per_document]
    if not sum(total for _, total in sample):
        return None

    def ratio(items: Sequence[tuple[int, int]]) -> float:
        total = sum(t for _, t in items)
        return sum(i for i, _ in items) / total if total else 0.0

    return sample_metric("precision", sample, ratio, threshold=0.0, required=False)


def build_report(
    outcomes: Sequence[CaseOutcome],
    *,
    dataset: str = DATASET,
    dataset_sha256: str,
    now: datetime | None = None,
) -> ReliabilityReport:
    """The report of a run (see the module docstring)."""
    per_document: list[RedactionScore] = []
    styles: dict[str, RedactionScore] = defaultdict(RedactionScore)
    for outcome in outcomes:
        for doc in outcome.documents:
            scored = score_document(doc, outcome.spans(doc.id))
            per_document.append(scored)
            styles[narrative_style(doc.id)].add(scored)
    total = RedactionScore()
    for scored in per_document:
        total.add(scored)
    if not total.outcomes:
        raise ReferenceDataError("the reference set holds no personal data to redact")

    metrics = [
        _recall("recall:personal_data", total, PERSONAL_DATA_LABELS, overall=True),
        _recall("recall:uk_identifiers", total, UK_IDENTIFIER_LABELS, overall=True),
    ]
    loose = total.count(loose=True)
    metrics.append(
        proportion_metric(
            "recall_any_overlap:personal_data",
            loose.hits,
            loose.total,
            threshold=0.0,
            required=False,
        )
    )
    metrics += [
        _recall(f"recall:{label}", total, [label], overall=True)
        for label in PERSONAL_DATA_LABELS
        if total.count([label]).total
    ]
    precision = _precision(per_document)
    if precision is not None:
        metrics.append(precision)
    consistent = [consistency(o) for o in outcomes]
    judged = sum(n for _, n in consistent)
    if judged:
        metrics.append(
            proportion_metric(
                "pseudonym_consistency",
                sum(c for c, _ in consistent),
                judged,
                threshold=0.0,
                required=False,
            )
        )

    groups = [
        Group(
            factor="narrative style",
            group=style,
            n=score.documents,
            metrics=[
                _recall("recall:personal_data", score, PERSONAL_DATA_LABELS, overall=False),
                *(
                    [_recall("recall:uk_identifiers", score, UK_IDENTIFIER_LABELS, overall=False)]
                    if score.count(UK_IDENTIFIER_LABELS).total
                    else []
                ),
            ],
        )
        for style in [*STYLES.values(), "other"]
        if (score := styles.get(style)) is not None and score.outcomes
    ]
    groups += [
        Group(
            factor="label",
            group=label,
            n=total.count([label]).total,
            metrics=[_recall("recall:personal_data", total, [label], overall=False)],
        )
        for label in PERSONAL_DATA_LABELS
        if total.count([label]).total
    ]
    errors = [o for o in outcomes if o.error]
    notes = (
        f"{total.documents} labelled narratives ({dataset}) with {len(total.outcomes)} gold "
        f"personal-data spans, sent through the plugin host as {len(outcomes)} cases of up to "
        f"{CASE_SIZE} documents, each case's first document sent twice. A span counts as "
        "redacted when every non-space character of it is inside a redaction. Intervals are "
        "95% Wilson score intervals (precision: bootstrap over documents). Only "
        "recall:personal_data is required (Police.AI's standard for redaction); the UK "
        f"identifiers are shown against the {UK_IDENTIFIER_TARGET:.0%} target, other figures "
        f"for scrutiny. The tool raised an error on {len(errors)} case(s), whose documents "
        "count as missed."
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


def run_redaction_suite(
    host: PluginHost | None = None,
    *,
    plugin_id: str = "redaction",
    path: Path = TEST_SET_PATH,
    now: datetime | None = None,
) -> ReliabilityReport:
    """Run the suite on the installed tool ``plugin_id`` and return its report."""
    docs, sha256 = reference_set(path)
    outcomes = measure(docs, redactor(host, plugin_id))
    dataset = DATASET if path == TEST_SET_PATH else path.name
    return build_report(outcomes, dataset=dataset, dataset_sha256=sha256, now=now)
