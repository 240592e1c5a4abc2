"""Every investigation ends in one of the Home Office outcome types 0-22; a case is closed only
with a final one (anything but 0, "no outcome yet")."""

from __future__ import annotations

import pytest

from policeai.core.cases.outcomes import (
    FINAL_OUTCOMES,
    NO_OUTCOME_YET,
    OUTCOMES,
    Outcome,
    UnknownOutcomeError,
    get_outcome,
)
from policeai.core.errors import PoliceAIError


def test_there_are_twenty_three_outcome_types_numbered_0_to_22() -> None:
    assert sorted(OUTCOMES) == list(range(23))
    for code, outcome in OUTCOMES.items():
        assert outcome.code == code
        assert outcome.title
        assert outcome.title == outcome.title.strip()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (0, "No outcome yet"),
        (1, "Charged/summonsed"),
        (2, "youth"),
        (3, "adult"),
        (4, "Taken into consideration"),
        (5, "Offender died"),
        (6, "Penalty notice for disorder"),
        (7, "Cannabis/khat warning"),
        (8, "Community resolution"),
        (9, "CPS"),
        (10, "police decision"),
        (11, "age of criminal responsibility"),
        (12, "too ill to prosecute"),
        (13, "victim or key witness dead or too ill"),
        (14, "suspect not identified"),
        (15, "victim supports action"),
        (16, "victim does not support"),
        (17, "time limit expired"),
        (18, "no suspect identified"),
        (19, "National Fraud Intelligence Bureau"),
        (20, "another body"),
        (21, "Further investigation not in the public interest"),
        (22, "Diversionary, educational or intervention activity"),
    ],
)
def test_each_outcome_type_says_what_it_means(code: int, words: str) -> None:
    assert words in get_outcome(code).title


def test_the_first_and_last_titles_are_exact() -> None:
    assert get_outcome(0) == Outcome(code=0, title="No outcome yet")
    assert get_outcome(22) == Outcome(
        code=22, title="Diversionary, educational or intervention activity"
    )


@pytest.mark.parametrize(("typed", "code"), [("14", 14), (" 1 ", 1), ("0", 0), ("022", 22)])
def test_an_outcome_may_be_given_as_text(typed: str, code: int) -> None:
    assert get_outcome(typed) is OUTCOMES[code]


@pytest.mark.parametrize("typed", [-1, 23, 100, "23", "", "fourteen", "14a", "1.0", "١٤", True])
def test_an_unknown_outcome_is_refused_naming_the_valid_range(typed: int | str) -> None:
    with pytest.raises(UnknownOutcomeError, match="0-22") as caught:
        get_outcome(typed)
    assert repr(typed) in str(caught.value)


def test_an_unknown_outcome_is_a_platform_error_a_user_may_see() -> None:
    assert issubclass(UnknownOutcomeError, PoliceAIError)


def test_a_case_may_be_closed_with_any_outcome_but_no_outcome_yet() -> None:
    assert NO_OUTCOME_YET == 0
    assert frozenset(range(1, 23)) == FINAL_OUTCOMES
    assert 0 not in FINAL_OUTCOMES
    assert not get_outcome(0).final
    assert all(get_outcome(code).final for code in FINAL_OUTCOMES)


def test_an_outcome_reads_as_its_number_and_title() -> None:
    assert str(get_outcome(8)) == "Outcome 8: Community resolution"
