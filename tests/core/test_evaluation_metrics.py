"""Span scoring for the shared evaluation format: exact and overlap matching, per label and
micro-averaged, checked on worked examples and by properties over random spans."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policeai.core.evaluation.dataset import LABELS, EvalDocument, GoldEntity
from policeai.core.evaluation.metrics import (
    MATCH_MODES,
    Counts,
    document_counts,
    match_spans,
    score_corpus,
    score_documents,
)


def span(label: str, start: int, end: int) -> GoldEntity:
    return GoldEntity(label, start, end, "x" * (end - start))


def test_counts_give_precision_recall_and_f1() -> None:
    counts = Counts(tp=3, fp=1, fn=2)
    assert counts.precision == pytest.approx(0.75)
    assert counts.recall == pytest.approx(0.6)
    assert counts.f1 == pytest.approx(2 * 3 / (2 * 3 + 1 + 2))
    assert counts + Counts(1, 1, 1) == Counts(4, 2, 3)
    assert Counts().precision == Counts().recall == Counts().f1 == 0.0


def test_exact_match_needs_same_label_start_and_end() -> None:
    gold = [span("PERSON", 0, 10), span("VRM", 20, 27)]
    predicted = [span("PERSON", 0, 10), span("VRM", 20, 28), span("PHONE", 30, 40)]
    assert match_spans(gold, predicted, "exact") == [(0, 0)]
    counts = document_counts(gold, predicted, "exact")
    assert counts["PERSON"] == Counts(1, 0, 0)
    assert counts["VRM"] == Counts(0, 1, 1)
    assert counts["PHONE"] == Counts(0, 1, 0)
    assert counts["EMAIL"] == Counts()


def test_overlap_match_counts_a_span_a_word_short() -> None:
    gold = [span("ADDRESS", 10, 40)]
    predicted = [span("ADDRESS", 10, 30)]
    assert match_spans(gold, predicted, "overlap") == [(0, 0)]
    assert document_counts(gold, predicted, "exact")["ADDRESS"] == Counts(0, 1, 1)


def test_overlap_match_needs_the_same_label() -> None:
    assert match_spans([span("LOCATION", 0, 10)], [span("ADDRESS", 0, 10)], "overlap") == []


def test_overlap_matches_each_span_once_largest_overlap_first() -> None:
    gold = [span("DATETIME", 0, 10), span("DATETIME", 12, 30)]
    # One prediction across both gold spans: it overlaps the second more, so it takes it.
    predicted = [span("DATETIME", 5, 25)]
    assert match_spans(gold, predicted, "overlap") == [(1, 0)]
    counts = document_counts(gold, predicted, "overlap")["DATETIME"]
    assert counts == Counts(tp=1, fp=0, fn=1)


def test_a_duplicate_prediction_is_a_false_positive() -> None:
    gold = [span("EMAIL", 0, 15)]
    predicted = [span("EMAIL", 0, 15), span("EMAIL", 0, 15)]
    for mode in MATCH_MODES:
        assert document_counts(gold, predicted, mode)["EMAIL"] == Counts(1, 1, 0)


def test_an_exact_pair_wins_a_tie_of_overlap() -> None:
    gold = [span("PERSON", 0, 4)]
    predicted = [span("PERSON", 0, 10), span("PERSON", 0, 4)]
    assert match_spans(gold, predicted, "overlap") == [(0, 1)]


def test_unknown_matching_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown matching rule 'fuzzy'"):
        match_spans([], [], "fuzzy")  # type: ignore[arg-type]


def test_corpus_scores_are_micro_averaged() -> None:
    gold = [[span("PERSON", 0, 5)], [span("PERSON", 0, 5), span("VRM", 10, 17)]]
    predicted = [[span("PERSON", 0, 5)], [span("VRM", 10, 17), span("PHONE", 20, 30)]]
    scores = score_corpus(gold, predicted, "exact")
    assert scores.labels["PERSON"] == Counts(1, 0, 1)
    assert scores.labels["VRM"] == Counts(1, 0, 0)
    assert scores.labels["PHONE"] == Counts(0, 1, 0)
    assert scores.overall == Counts(2, 1, 1)
    assert set(LABELS) <= set(scores.labels)
    data = scores.as_dict()
    assert data["mode"] == "exact"
    assert data["overall"]["f1"] == pytest.approx(scores.overall.f1)


def test_corpus_needs_one_prediction_list_per_document() -> None:
    with pytest.raises(ValueError, match="2 gold documents but 1 predicted"):
        score_corpus([[], []], [[]], "exact")


def _doc(doc_id: str, *entities: GoldEntity) -> EvalDocument:
    return EvalDocument(
        id=doc_id,
        text="x" * 50,
        report_time=datetime(2024, 3, 9, 22, 14, tzinfo=UTC),
        entities=list(entities),
    )


def test_score_documents_gives_both_rules_and_counts_missing_predictions_as_none() -> None:
    docs = [_doc("a", span("PERSON", 0, 10)), _doc("b", span("VRM", 0, 7))]
    scores = score_documents(docs, {"a": [span("PERSON", 0, 8)]})
    assert scores["exact"].overall == Counts(0, 1, 2)
    assert scores["overlap"].overall == Counts(1, 0, 1)


def test_score_documents_refuses_predictions_for_unknown_documents() -> None:
    with pytest.raises(ValueError, match="not in the data set: zz"):
        score_documents([_doc("a")], {"zz": []})


# -- properties ------------------------------------------------------------------------------

LABEL = st.sampled_from(["PERSON", "VRM", "DATETIME"])


@st.composite
def spans(draw: st.DrawFn, *, disjoint: bool) -> list[GoldEntity]:
    """Random spans in a 200-character text; ``disjoint`` gives gold-like spans (no two of
    one label overlap), otherwise anything goes."""
    found: list[GoldEntity] = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, 190))
        end = draw(st.integers(start + 1, min(200, start + 30)))
        candidate = span(draw(LABEL), start, end)
        clash = any(
            s.label == candidate.label and s.start < candidate.end and candidate.start < s.end
            for s in found
        )
        if disjoint and clash:
            continue
        found.append(candidate)
    return found


@settings(max_examples=200, deadline=None)
@given(gold=spans(disjoint=True))
def test_predicting_the_gold_spans_scores_one(gold: list[GoldEntity]) -> None:
    for mode in MATCH_MODES:
        overall = score_corpus([gold], [list(gold)], mode).overall
        assert overall == Counts(len(gold), 0, 0)
        if gold:
            assert overall.precision == overall.recall == overall.f1 == 1.0


@settings(max_examples=200, deadline=None)
@given(gold=spans(disjoint=True))
def test_predicting_nothing_gives_recall_zero(gold: list[GoldEntity]) -> None:
    for mode in MATCH_MODES:
        overall = score_corpus([gold], [[]], mode).overall
        assert overall.recall == 0.0
        assert overall.fn == len(gold)
        assert overall.tp == overall.fp == 0


@settings(max_examples=300, deadline=None)
@given(gold=spans(disjoint=True), predicted=spans(disjoint=False))
def test_exact_counts_never_exceed_overlap_counts(
    gold: list[GoldEntity], predicted: list[GoldEntity]
) -> None:
    exact = score_corpus([gold], [predicted], "exact")
    overlap = score_corpus([gold], [predicted], "overlap")
    assert exact.overall.tp <= overlap.overall.tp
    for label in exact.labels:
        assert exact.labels[label].tp <= overlap.labels[label].tp


@settings(max_examples=300, deadline=None)
@given(gold=spans(disjoint=True), predicted=spans(disjoint=False))
def test_each_span_is_matched_at_most_once(
    gold: list[GoldEntity], predicted: list[GoldEntity]
) -> None:
    for mode in MATCH_MODES:
        pairs = match_spans(gold, predicted, mode)
        assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
        for i, j in pairs:
            assert gold[i].label == predicted[j].label
        counts = score_corpus([gold], [predicted], mode).overall
        assert counts.tp + counts.fn == len(gold)
        assert counts.tp + counts.fp == len(predicted)
        assert 0.0 <= counts.f1 <= 1.0
