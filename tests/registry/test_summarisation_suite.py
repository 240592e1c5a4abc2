"""Police.AI measures a summariser on labelled narratives, alone and as multi-document cases:
every summary sentence must be exactly the span it cites, and how much of who, when and where a
summary keeps is reported with honest intervals, by request and narrative style."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from policeai.core.evaluation.dataset import EvalDocument, GoldEntity, dump_dataset
from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.types import Span, SummariseRequest, Summary, SummarySentence
from policeai.registry.certification import standard_shortfalls, validate_report, wilson_interval
from policeai.registry.suites import SUITES
from policeai.registry.suites.summarisation import (
    CASE,
    FACTORS,
    SINGLE,
    TEST_SET_PATH,
    ReferenceDataError,
    build_report,
    measure,
    narrative_style,
    requests,
    run_summarisation_suite,
)

NOW = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)
REPORT_TIME = datetime(2025, 3, 9, 22, 14, tzinfo=UTC)


def document(doc_id: str, text: str, category: str, *entities: tuple[str, str]) -> EvalDocument:
    gold = []
    for label, value in entities:
        start = text.index(value)
        gold.append(GoldEntity(label=label, start=start, end=start + len(value), text=value))
    return EvalDocument(
        id=doc_id, text=text, report_time=REPORT_TIME, entities=gold, offence_category=category
    )


DOCS = [
    document(
        "s-001-statement",
        "My name is Ann Shaw. Last night my car was broken into on Mill Lane. A bag was taken.",
        "vehicle crime",
        ("PERSON", "Ann Shaw"),
        ("DATETIME", "Last night"),
        ("LOCATION", "Mill Lane"),
    ),
    document(
        "s-002-call",
        "CALLER BOB LEE REPORTS VAN WINDOW SMASHED AT 4 HIGH STREET 10 MINS AGO",
        "vehicle crime",
        ("PERSON", "BOB LEE"),
        ("ADDRESS", "4 HIGH STREET"),
        ("DATETIME", "10 MINS AGO"),
    ),
    document(
        "s-003-report",
        "ip kay ward states bike stolen o/s library approx 1400hrs. lock cut.",
        "theft",
        ("PERSON", "kay ward"),
        ("DATETIME", "approx 1400hrs"),
    ),
]


def first_sentence(request: SummariseRequest) -> Summary:
    """A stand-in tool: the first sentence (up to the first full stop) of each document."""
    sentences = []
    for doc in request.documents:
        end = doc.text.find(".") + 1 or len(doc.text)
        sentences.append(
            SummarySentence(text=doc.text[:end], source=Span(doc_id=doc.doc_id, start=0, end=end))
        )
    return Summary(sentences=sentences)


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


def test_documents_are_summarised_alone_and_as_cases_of_one_category() -> None:
    found = requests(DOCS)
    assert [r.kind for r in found] == [SINGLE, SINGLE, SINGLE, CASE]
    case = found[-1]
    assert [d.id for d in case.docs] == ["s-001-statement", "s-002-call"]  # theft has one
    assert case.style == "mixed"
    assert found[2].style == narrative_style("s-003-report") == "officer report"


def test_attribution_and_coverage_are_counted_from_the_spans() -> None:
    report = build_report(measure(requests(DOCS), first_sentence), dataset_sha256="0" * 64, now=NOW)
    validate_report(msgspec.to_builtins(report))
    attribution = report.metric("source_attribution")
    assert attribution is not None
    assert (attribution.value, attribution.required, attribution.passed) == (1.0, True, True)
    who = report.metric("coverage:who")
    # Every name lies in a first sentence: Ann Shaw, BOB LEE (a one-sentence log) and kay
    # ward alone, and Ann Shaw and BOB LEE again in the case: 5 of 5.
    assert who is not None
    assert who.value == pytest.approx(5 / 5)
    when = report.metric("coverage:when")
    # "10 MINS AGO" and "approx 1400hrs" lie in first sentences, "Last night" does not.
    assert when is not None
    assert when.value == pytest.approx(3 / 5)
    assert (when.lower, when.upper) == pytest.approx(wilson_interval(3, 5))
    assert not when.required
    ratio = report.metric("compression_ratio")
    assert ratio is not None
    assert 0 < ratio.value < 1
    assert report.passed
    assert {g.factor for g in report.groups} == set(FACTORS)


def test_a_sentence_that_is_not_its_cited_span_fails_the_standard() -> None:
    def paraphrase(request: SummariseRequest) -> Summary:
        doc = request.documents[0]
        return Summary(
            sentences=[
                SummarySentence(
                    text="Ann's car was broken into.",
                    source=Span(doc_id=doc.doc_id, start=0, end=20),
                ),
                *first_sentence(request).sentences,
            ]
        )

    report = build_report(measure(requests(DOCS), paraphrase), dataset_sha256="0" * 64, now=NOW)
    attribution = report.metric("source_attribution")
    assert attribution is not None
    assert attribution.value < 1.0
    assert not report.passed
    assert standard_shortfalls(report, ["summarise"])


def test_a_failing_or_silent_tool_counts_against_attribution() -> None:
    def broken(request: SummariseRequest) -> Summary:
        raise RuntimeError("model missing")

    report = build_report(measure(requests(DOCS), broken), dataset_sha256="0" * 64, now=NOW)
    attribution = report.metric("source_attribution")
    assert attribution is not None
    assert attribution.value == 0.0
    assert "error on 4 request(s)" in report.notes
    silent = build_report(
        measure(requests(DOCS), lambda r: Summary(sentences=[])), dataset_sha256="0" * 64, now=NOW
    )
    assert not silent.passed


def test_the_summariser_meets_the_standard_on_the_test_set(host: PluginHost) -> None:
    report = run_summarisation_suite(host, now=NOW)
    validate_report(msgspec.to_builtins(report))
    assert report.dataset == "policeai-evaluation-test"
    assert report.dataset_sha256 == hashlib.sha256(TEST_SET_PATH.read_bytes()).hexdigest()
    attribution = report.metric("source_attribution")
    assert attribution is not None
    assert attribution.value == 1.0
    assert report.passed, report.failures()
    assert not standard_shortfalls(report, ["summarise"])
    for kind in ("who", "when", "where", "all"):
        metric = report.metric(f"coverage:{kind}")
        assert metric is not None
        assert metric.lower <= metric.value <= metric.upper
    assert report.factors() == set(FACTORS)


def test_another_data_set_can_be_named_by_its_path(host: PluginHost, tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    dump_dataset(DOCS, path)
    report = run_summarisation_suite(host, path=path, now=NOW)
    assert report.dataset == "mine.jsonl"
    assert report.passed


def test_a_missing_data_set_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="missing"):
        run_summarisation_suite(PluginHost(load_entry_points=False), path=tmp_path / "none.jsonl")


def test_the_suite_is_registered_for_the_summarise_capability() -> None:
    assert SUITES["summarise"] is run_summarisation_suite
