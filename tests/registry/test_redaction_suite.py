"""Police.AI measures a redaction tool on labelled narratives sent as cases: recall of personal
data with an honest interval, by narrative style and label, the precision, and whether the same
value keeps one pseudonym across a case's documents."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from policeai.core.evaluation.dataset import EvalDocument, GoldEntity, dump_dataset
from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.types import (
    RedactedDocument,
    Redaction,
    RedactionRequest,
    RedactionResult,
    Span,
)
from policeai.registry.certification import (
    ReliabilityReport,
    standard_shortfalls,
    validate_report,
    wilson_interval,
)
from policeai.registry.suites import SUITES
from policeai.registry.suites.redaction import (
    FACTORS,
    TEST_SET_PATH,
    CaseOutcome,
    ReferenceDataError,
    build_report,
    consistency,
    measure,
    narrative_style,
    run_redaction_suite,
)

NOW = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)
REPORT_TIME = datetime(2025, 3, 9, 22, 14, tzinfo=UTC)


def document(doc_id: str, text: str, *entities: tuple[str, str]) -> EvalDocument:
    gold = []
    for label, value in entities:
        start = text.index(value)
        gold.append(GoldEntity(label=label, start=start, end=start + len(value), text=value))
    return EvalDocument(id=doc_id, text=text, report_time=REPORT_TIME, entities=gold)


DOCS = [
    document(
        "s-001-call",
        "CALLER MR ROYSTON HEBBLETHWAITE REPORTS SILVER CORSA YK21 HBT ON HIS DRIVE AT 9 "
        "ALDER CLOSE LS28 5EX CALL BACK 07700 900412",
        ("PERSON", "MR ROYSTON HEBBLETHWAITE"),
        ("VRM", "YK21 HBT"),
        ("ADDRESS", "9 ALDER CLOSE"),
        ("POSTCODE", "LS28 5EX"),
        ("PHONE", "07700 900412"),
    ),
    document(
        "s-002-statement",
        "My name is Tobias Wren and I was born on 14/02/1979. My email is "
        "tobias.wren@example.org and my phone is 0113 496 0555.",
        ("PERSON", "Tobias Wren"),
        ("DOB", "14/02/1979"),
        ("EMAIL", "tobias.wren@example.org"),
        ("PHONE", "0113 496 0555"),
    ),
    document(
        "s-003-report",
        "ip nadia szczepanska reports her ex conor mulvey 07700 900997 sent threats. "
        "nino qq 44 18 90 b.",
        ("PERSON", "nadia szczepanska"),
        ("PERSON", "conor mulvey"),
        ("PHONE", "07700 900997"),
        ("NINO", "qq 44 18 90 b"),
    ),
    document(
        "s-004-call",
        "CALLER ROYSTON HEBBLETHWAITE AGAIN ON 07700 900412 SAYS VAN YK21 HBT IS BACK",
        ("PERSON", "ROYSTON HEBBLETHWAITE"),
        ("PHONE", "07700 900412"),
        ("VRM", "YK21 HBT"),
    ),
]


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


@pytest.fixture(scope="module")
def small_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("suite") / "small.jsonl"
    dump_dataset(DOCS, path)
    return path


@pytest.fixture(scope="module")
def report(host: PluginHost, small_set: Path) -> ReliabilityReport:
    return run_redaction_suite(host, path=small_set, now=NOW)


def test_the_suite_is_the_redaction_capabilitys() -> None:
    assert SUITES["redaction"] is run_redaction_suite
    assert TEST_SET_PATH.name == "test.jsonl"  # the held-out set, not the development set


def test_the_report_names_the_file_by_its_hash_and_is_valid(
    report: ReliabilityReport, small_set: Path
) -> None:
    assert report.dataset == "small.jsonl"
    assert report.dataset_sha256 == hashlib.sha256(small_set.read_bytes()).hexdigest()
    assert report.run_at == NOW
    assert validate_report(msgspec.to_builtins(report)) == report


def test_recall_of_personal_data_is_the_required_figure_with_a_wilson_interval(
    report: ReliabilityReport,
) -> None:
    recall = report.metric("recall:personal_data")

    assert recall is not None
    assert recall.required
    assert recall.threshold == 0.95
    assert recall.value == 1.0  # the tool hides all 16 spans of this small set
    assert (recall.lower, recall.upper) == pytest.approx(wilson_interval(16, 16))
    assert recall.passed
    assert standard_shortfalls(report, ["redaction"]) == []
    others = [m for m in report.metrics if m.name != "recall:personal_data"]
    assert others
    assert not any(m.required for m in others)
    for name in ("recall:uk_identifiers", "recall:PERSON", "precision", "pseudonym_consistency"):
        assert report.metric(name) is not None, name


def test_results_are_disaggregated_by_narrative_style_and_label(
    report: ReliabilityReport,
) -> None:
    assert report.factors() == set(FACTORS)
    styles = {g.group: g.n for g in report.groups if g.factor == "narrative style"}
    labels = {g.group: g.n for g in report.groups if g.factor == "label"}
    assert styles == {"999 call": 2, "statement": 1, "officer report": 1}
    assert labels == {
        "PERSON": 5,
        "DOB": 1,
        "ADDRESS": 1,
        "POSTCODE": 1,
        "PHONE": 4,
        "EMAIL": 1,
        "NINO": 1,
        "VRM": 2,
    }
    assert narrative_style("dev-001-call") == "999 call"
    assert narrative_style("whatever") == "other"


def test_the_same_value_keeps_one_pseudonym_across_a_case(report: ReliabilityReport) -> None:
    consistency = report.metric("pseudonym_consistency")

    assert consistency is not None
    assert consistency.value == 1.0


def per_document_numbering(request: RedactionRequest) -> RedactionResult:
    """A tool that hides every value but restarts its numbering in each document."""
    documents = []
    for doc in request.documents:
        text, redactions = doc.text, []
        for value in ("07700 900412", "07700 900997", "0113 496 0555"):
            if value in text:
                start = text.index(value)
                number = len(redactions) + 1
                redactions.append(
                    Redaction(
                        label="PHONE",
                        source=Span(doc_id=doc.doc_id, start=start, end=start + len(value)),
                        replacement=f"[PHONE-{number}]",
                    )
                )
        documents.append(RedactedDocument(doc_id=doc.doc_id, text=text, redactions=redactions))
    return RedactionResult(documents=documents)


def test_a_tool_that_numbers_each_document_afresh_is_not_consistent() -> None:
    outcomes = measure(DOCS, per_document_numbering, size=4)

    report = build_report(outcomes, dataset_sha256="0" * 64, now=NOW)

    consistency = report.metric("pseudonym_consistency")
    assert consistency is not None
    assert consistency.value < 1.0  # two different phones both became [PHONE-1]
    phones = next(g for g in report.groups if g.factor == "label" and g.group == "PHONE")
    assert phones.metrics[0].value == 1.0
    assert report.metric("recall:PERSON").value == 0.0  # type: ignore[union-attr]


def test_a_tool_that_fails_scores_every_document_of_the_case_as_missed() -> None:
    def broken(request: RedactionRequest) -> RedactionResult:
        if any(d.doc_id == "s-004-call" for d in request.documents):
            raise RuntimeError("the model crashed")
        return per_document_numbering(request)

    outcomes = measure(DOCS, broken, size=2)

    report = build_report(outcomes, dataset_sha256="0" * 64, now=NOW)
    assert [o.error for o in outcomes] == [None, "RuntimeError: the model crashed"]
    calls = next(g for g in report.groups if g.group == "999 call")
    # The first call's phone is redacted; the second call's case failed: 1 of 5 + 3 spans.
    assert calls.metrics[0].value == pytest.approx(1 / 8)
    assert "raised an error on 1 case(s)" in report.notes


def test_missing_reference_data_is_a_clear_error(host: PluginHost, tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="is missing"):
        run_redaction_suite(host, path=tmp_path / "none.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"bad\.jsonl:1: invalid JSON"):
        run_redaction_suite(host, path=bad)


def test_a_lone_surname_is_judged_the_same_person_as_the_full_name() -> None:
    doc = document(
        "c-001-report",
        "ip john smith says smith was out; jane doe saw it",
        ("PERSON", "john smith"),
        ("PERSON", "smith"),
        ("PERSON", "jane doe"),
    )
    text = doc.text
    lone = text.index("smith was")
    results = [
        (text.index("john smith"), text.index("john smith") + 10, "[PERSON-1]"),
        (lone, lone + 5, "[PERSON-1]"),
        (text.index("jane doe"), text.index("jane doe") + 8, "[PERSON-2]"),
    ]
    outcome = CaseOutcome([doc], doc, {doc.id: results, doc.id + "#copy": results})
    assert consistency(outcome) == (6, 6)

    # Two people given one pseudonym: no mention of either is kept apart from the other.
    merged = [(s, e, "[PERSON-1]") for s, e, _ in results]
    outcome = CaseOutcome([doc], doc, {doc.id: merged, doc.id + "#copy": merged})
    assert consistency(outcome) == (0, 6)
