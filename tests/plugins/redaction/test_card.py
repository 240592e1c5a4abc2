"""The tool's ATRS record and model card are valid, shaped like every other tool's, and state
figures measured on the files they name."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from policeai.core.evaluation.dataset import DEV_SET_PATH
from policeai.plugins.redaction.card import (
    ATRS,
    DEV_SET_SHA256,
    MEASURED,
    MODEL_CARD,
    TEST_SET_SHA256,
)
from policeai.registry.demo import demo_atrs, demo_model_card
from policeai.registry.entries.atrs import validate_atrs, validate_model_card
from policeai.registry.suites.redaction import FACTORS, TEST_SET_PATH, run_redaction_suite


def shape(value: Any) -> Any:
    """The keys of nested records (lists by their first item), without the values."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [shape(value[0])]
    return type(value).__name__


def test_the_atrs_record_and_model_card_are_valid_and_shaped_like_the_demos() -> None:
    validate_atrs(ATRS)
    validate_model_card(MODEL_CARD)

    assert shape(ATRS) == shape(demo_atrs())
    assert MODEL_CARD.keys() == demo_model_card().keys()
    assert MODEL_CARD["factors"] == list(FACTORS)  # the suite reports by every factor named


@pytest.mark.slow
def test_the_figures_are_those_measured_on_the_files_named() -> None:
    assert hashlib.sha256(TEST_SET_PATH.read_bytes()).hexdigest() == TEST_SET_SHA256
    assert hashlib.sha256(DEV_SET_PATH.read_bytes()).hexdigest() == DEV_SET_SHA256

    report = run_redaction_suite()

    for name in (
        "recall:personal_data",
        "recall:uk_identifiers",
        "recall_any_overlap:personal_data",
        "precision",
        "pseudonym_consistency",
    ):
        metric = report.metric(name)
        assert metric is not None
        assert f"{metric.value:.1%}" in MEASURED, name
    recall = report.metric("recall:personal_data")
    assert recall is not None
    assert f"{recall.lower:.1%} to {recall.upper:.1%}" in MEASURED
    styles = {
        "999 call": "999 calls",
        "statement": "statements",
        "officer report": "officer reports",
    }
    for group in report.groups:
        value = group.metrics[0].value
        figure = "100%" if value == 1.0 else f"{value:.1%}"
        name = group.group if group.factor == "label" else styles[group.group]
        assert f"{name} {figure}" in MEASURED, name
