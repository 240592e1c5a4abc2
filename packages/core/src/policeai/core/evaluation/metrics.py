"""Span scoring for the shared evaluation format: precision, recall and F1 per label and overall.

Two matching rules are used, and a report should say which one a figure comes from:

``exact``
    A predicted span matches a gold span of the same label with the same ``start`` and ``end``.
``overlap``
    A predicted span matches a gold span of the same label that it overlaps by at least one
    character. Each gold and each predicted span is matched at most once: candidate pairs are
    taken greedily, largest overlap first (an exact pair before any other pair of the same
    overlap, then by document order), so every exact match is also an overlap match and the
    overlap counts are never below the exact ones.

Overall figures are micro-averaged: the true positives, false positives and false negatives of
every label (and every document) are added up before precision, recall and F1 are computed.
Everything here is a pure function of spans; nothing reads files or runs a tool.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from policeai.core.evaluation.dataset import LABELS, EvalDocument

__all__ = [
    "MATCH_MODES",
    "Counts",
    "LabelledSpan",
    "MatchMode",
    "Scores",
    "document_counts",
    "match_spans",
    "score_corpus",
    "score_documents",
]

MatchMode = Literal["exact", "overlap"]
MATCH_MODES: tuple[MatchMode, ...] = ("exact", "overlap")


class LabelledSpan(Protocol):
    """Anything with a label and character offsets (end exclusive), such as a gold entity."""

    @property
    def label(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with the figures they give.

    Precision is 0 when nothing was predicted, recall is 0 when nothing was there to find, and
    F1 is 0 when both are empty (nothing found and nothing to find).
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class Scores:
    """Counts per label and micro-averaged overall, under one matching rule."""

    mode: MatchMode
    labels: dict[str, Counts] = field(default_factory=dict)

    @property
    def overall(self) -> Counts:
        return sum(self.labels.values(), Counts())

    def as_dict(self) -> dict[str, object]:
        return {
            "mode": self.mode,
            "overall": self.overall.as_dict(),
            "labels": {label: counts.as_dict() for label, counts in self.labels.items()},
        }


def _overlap(a: LabelledSpan, b: LabelledSpan) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_spans(
    gold: Sequence[LabelledSpan], predicted: Sequence[LabelledSpan], mode: MatchMode
) -> list[tuple[int, int]]:
    """The matched pairs ``(gold index, predicted index)``; each index appears at most once."""
    if mode not in MATCH_MODES:
        raise ValueError(f"unknown matching rule {mode!r}: use one of {', '.join(MATCH_MODES)}")
    candidates: list[tuple[int, int, int, int]] = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            if g.label != p.label:
                continue
            exact = g.start == p.start and g.end == p.end
            if mode == "exact":
                if exact:
                    candidates.append((0, 0, i, j))
                continue
            overlap = _overlap(g, p)
            if overlap > 0:
                candidates.append((-overlap, 0 if exact else 1, i, j))
    candidates.sort()
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, i, j in candidates:
        if i in used_gold or j in used_predicted:
            continue
        used_gold.add(i)
        used_predicted.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def document_counts(
    gold: Sequence[LabelledSpan],
    predicted: Sequence[LabelledSpan],
    mode: MatchMode,
    labels: Iterable[str] = LABELS,
) -> dict[str, Counts]:
    """The counts per label for one document (every label in ``labels``, plus any other
    label that occurs in the gold or predicted spans)."""
    pairs = match_spans(gold, predicted, mode)
    matched_gold = {i for i, _ in pairs}
    matched_predicted = {j for _, j in pairs}
    found = dict.fromkeys(labels, (0, 0, 0))
    for span in (*gold, *predicted):
        found.setdefault(span.label, (0, 0, 0))
    tallies = {label: list(value) for label, value in found.items()}
    for i, _ in pairs:
        tallies[gold[i].label][0] += 1
    for j, p in enumerate(predicted):
        if j not in matched_predicted:
            tallies[p.label][1] += 1
    for i, g in enumerate(gold):
        if i not in matched_gold:
            tallies[g.label][2] += 1
    return {label: Counts(*values) for label, values in tallies.items()}


def score_corpus(
    gold: Sequence[Sequence[LabelledSpan]],
    predicted: Sequence[Sequence[LabelledSpan]],
    mode: MatchMode,
    labels: Iterable[str] = LABELS,
) -> Scores:
    """Scores over many documents: ``gold[k]`` and ``predicted[k]`` are document k's spans."""
    if len(gold) != len(predicted):
        raise ValueError(
            f"{len(gold)} gold documents but {len(predicted)} predicted: give one list each"
        )
    labels = tuple(labels)
    totals: dict[str, Counts] = {label: Counts() for label in labels}
    for doc_gold, doc_predicted in zip(gold, predicted, strict=True):
        for label, counts in document_counts(doc_gold, doc_predicted, mode, labels).items():
            totals[label] = totals.get(label, Counts()) + counts
    return Scores(mode=mode, labels=totals)


def score_documents(
    documents: Sequence[EvalDocument],
    predictions: Mapping[str, Sequence[LabelledSpan]],
    labels: Iterable[str] = LABELS,
) -> dict[MatchMode, Scores]:
    """Scores of predictions (document id -> spans) against a loaded data set, under both
    matching rules. A document with no entry in ``predictions`` counts as predicting nothing;
    an id that names no document is an error."""
    known = {doc.id for doc in documents}
    unknown = sorted(set(predictions) - known)
    if unknown:
        raise ValueError(f"predictions for documents not in the data set: {', '.join(unknown)}")
    labels = tuple(labels)
    gold = [doc.entities for doc in documents]
    predicted = [predictions.get(doc.id, ()) for doc in documents]
    return {mode: score_corpus(gold, predicted, mode, labels) for mode in MATCH_MODES}
