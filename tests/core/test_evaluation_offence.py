"""Offence suggestions are scored against the evaluation format's offence categories: every
Home Office code falls in one category or, said so, in none, and accuracy at a rank counts the
documents whose category is among that many suggestions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from policeai.core.cases.offences import OFFENCES, UnknownOffenceError
from policeai.core.evaluation.dataset import OFFENCE_CATEGORIES, EvalDocument
from policeai.core.evaluation.offence import (
    CODE_CATEGORIES,
    category_of,
    rank_of,
    score_offences,
)

REPORT_TIME = datetime(2025, 3, 9, 22, 14, tzinfo=UTC)


def doc(doc_id: str, category: str | None) -> EvalDocument:
    return EvalDocument(
        id=doc_id, text="text", report_time=REPORT_TIME, entities=[], offence_category=category
    )


def test_every_known_offence_code_has_a_category_or_none() -> None:
    assert set(CODE_CATEGORIES) == set(OFFENCES)
    assert {c for c in CODE_CATEGORIES.values() if c} == set(OFFENCE_CATEGORIES)


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("28E", "burglary"),
        ("30C", "burglary"),
        ("34B", "robbery"),
        ("34A", "robbery"),
        ("44", "theft"),
        ("46", "theft"),
        ("39", "theft"),
        ("45", "vehicle crime"),
        ("48", "vehicle crime"),
        ("58C", "criminal damage"),
        ("56B", "criminal damage"),
        ("8N", "violence"),
        ("20A", "violence"),
        ("8L", "harassment"),
        ("8Q", "harassment"),
        ("9A", "public order"),
        ("92A", "drugs"),
        ("10D", "weapons"),
        ("53C", "fraud"),
        ("54", None),
        ("79", None),
        ("28e", "burglary"),
        (" 10d ", "weapons"),
    ],
)
def test_a_code_falls_in_its_category(code: str, category: str | None) -> None:
    assert category_of(code) == category


def test_an_unknown_code_is_an_error() -> None:
    with pytest.raises(UnknownOffenceError, match="99Z"):
        category_of("99Z")


def test_the_rank_is_where_the_category_first_comes() -> None:
    assert rank_of("burglary", ["theft", "burglary", "burglary"]) == 2
    assert rank_of("burglary", ["theft", None]) is None
    assert rank_of("theft", []) is None


def test_accuracy_counts_the_category_within_each_rank() -> None:
    docs = [
        doc("a", "burglary"),
        doc("b", "burglary"),
        doc("c", "theft"),
        doc("d", "drugs"),
        doc("e", None),
    ]
    predicted = {
        "a": ["burglary", "theft", "criminal damage"],  # rank 1
        "b": ["theft", "criminal damage", "burglary"],  # rank 3
        "c": ["vehicle crime", None, "robbery", "theft"],  # rank 4: a miss at 3
        "d": [],  # no suggestion
    }
    scores = score_offences(docs, predicted)
    assert scores.ranks == (1, 3)
    assert scores.unlabelled == 1
    assert (scores.overall.n, scores.overall.hits[1], scores.overall.hits[3]) == (4, 1, 2)
    assert scores.overall.accuracy(3) == pytest.approx(0.5)
    assert list(scores.categories) == ["burglary", "theft", "drugs"]
    assert scores.categories["burglary"].hits == {1: 1, 3: 2}
    assert scores.categories["theft"].hits == {1: 0, 3: 0}
    assert scores.ranks_found == {"a": 1, "b": 3, "c": 4, "d": None}
    data = scores.as_dict()
    assert data["overall"] == {
        "n": 4,
        "top1_hits": 1,
        "top3_hits": 2,
        "top1_accuracy": 0.25,
        "top3_accuracy": 0.5,
    }
    assert set(data["categories"]) == {"burglary", "theft", "drugs"}


def test_other_ranks_can_be_asked_for() -> None:
    scores = score_offences(
        [doc("c", "theft")], {"c": ["robbery", "robbery", "robbery", "theft"]}, ranks=(5, 1)
    )
    assert scores.ranks == (1, 5)
    assert scores.overall.hits == {1: 0, 5: 1}


def test_a_labelled_document_without_suggestions_is_an_error() -> None:
    with pytest.raises(ValueError, match="'a'"):
        score_offences([doc("a", "theft")], {})


def test_ranks_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        score_offences([doc("a", "theft")], {"a": []}, ranks=(0,))
