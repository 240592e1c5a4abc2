"""Redaction is scored by character coverage: a name counts as hidden only when every
non-space character of it is redacted; over-redaction shows in the precision."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from policeai.core.evaluation.dataset import EvalDocument, GoldEntity
from policeai.core.evaluation.redaction import (
    UK_IDENTIFIER_LABELS,
    score_document,
    score_redactions,
)

TEXT = "CALLER MRS JOAN WHITFIELD ON 07700 900412 AT 14 ASHGROVE TERRACE LAST NIGHT"


def entity(label: str, value: str) -> GoldEntity:
    start = TEXT.index(value)
    return GoldEntity(label=label, start=start, end=start + len(value), text=value)


DOC = EvalDocument(
    id="t-001-call",
    text=TEXT,
    report_time=datetime(2024, 1, 1, tzinfo=UTC),
    entities=[
        entity("PERSON", "MRS JOAN WHITFIELD"),
        entity("PHONE", "07700 900412"),
        entity("ADDRESS", "14 ASHGROVE TERRACE"),
        entity("DATETIME", "LAST NIGHT"),
    ],
)


def span(value: str) -> tuple[int, int]:
    start = TEXT.index(value)
    return start, start + len(value)


def test_a_span_is_redacted_only_when_every_non_space_character_is_covered() -> None:
    # The name in two pieces (the space between is not needed); the phone only in part.
    redactions = [span("MRS JOAN"), span("WHITFIELD"), span("07700")]

    score = score_document(DOC, redactions)

    outcomes = {o.label: o for o in score.outcomes}
    assert set(outcomes) == {"PERSON", "PHONE", "ADDRESS"}  # DATETIME is not personal data
    assert outcomes["PERSON"].redacted
    assert not outcomes["PHONE"].redacted
    assert outcomes["PHONE"].touched
    assert not outcomes["ADDRESS"].touched
    assert (score.count().hits, score.count().total) == (1, 3)
    assert (score.count(loose=True).hits, score.count(loose=True).total) == (2, 3)
    assert score.count(UK_IDENTIFIER_LABELS).value == 0.0
    assert [o.text for o in score.missed] == ["07700 900412", "14 ASHGROVE TERRACE"]


def test_precision_is_the_share_of_redacted_characters_that_are_personal_data() -> None:
    redactions = [span("MRS JOAN WHITFIELD"), span("LAST NIGHT")]

    score = score_document(DOC, redactions)

    assert score.redacted_characters == 16 + 9  # spaces are not counted
    assert score.redacted_inside_personal_data == 16
    assert score.precision == pytest.approx(16 / 25)


def test_documents_without_redactions_count_as_nothing_hidden() -> None:
    score = score_redactions([DOC], {})

    assert score.count().value == 0.0
    assert score.precision is None
    assert score.documents == 1


def test_a_redaction_outside_the_text_is_refused() -> None:
    with pytest.raises(ValueError, match="not within the text"):
        score_document(DOC, [(0, len(TEXT) + 1)])
