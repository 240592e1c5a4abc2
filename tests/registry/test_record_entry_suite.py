"""Police.AI measures a record-entry tool on a labelled reference set: micro-F1 under overlap
matching and the recall of each label the standard names, with honest intervals,
disaggregated by narrative style and label; a release's suite runs on the held-out set."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from policeai.core.context import Actor, acting_as
from policeai.core.evaluation.dataset import (
    DEV_SET_PATH,
    EvalDocument,
    GoldEntity,
    dump_dataset,
    load_dataset,
)
from policeai.core.plugins.host import PluginHost
from policeai.plugins.record_entry.card import ATRS, MODEL_CARD
from policeai.registry.certification import (
    STANDARDS,
    ReliabilityReport,
    standard_shortfalls,
    validate_report,
    wilson_interval,
)
from policeai.registry.entries import Registry
from policeai.registry.suites import SUITES, run_release_suite
from policeai.registry.suites.record_entry import (
    DATASET,
    TEST_SET_PATH,
    Outcome,
    ReferenceDataError,
    build_report,
    measure,
    narrative_style,
    run_record_entry_suite,
)

TOOL = "record-entry"
CERTIFIER = Actor("dr.carver", "policeai", "certification", role="certifier")
NOW = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)
REPORTED = datetime(2025, 3, 9, 22, 14, tzinfo=UTC)
STANDARD_LABELS = ("VRM", "POSTCODE", "PHONE", "EMAIL", "NINO", "PERSON", "DOB")


def document(doc_id: str, text: str, *entities: tuple[str, str]) -> EvalDocument:
    gold = []
    for label, value in entities:
        start = text.index(value)
        gold.append(GoldEntity(label=label, start=start, end=start + len(value), text=value))
    return EvalDocument(id=doc_id, text=text, report_time=REPORTED, entities=gold)


SMALL = [
    document(
        "ref-001-call",
        "CALLER MRS GLENDA OAKWORTH DOB 02/05/1961 REPORTS BLACK AUDI YK21 HBT STOLEN FROM 22 "
        "CHAPEL LANE LS28 5EX LAST NIGHT CALL BACK 07700 900412 NINO QQ 12 34 56 C",
        ("PERSON", "MRS GLENDA OAKWORTH"),
        ("DOB", "02/05/1961"),
        ("VRM", "YK21 HBT"),
        ("ADDRESS", "22 CHAPEL LANE"),
        ("POSTCODE", "LS28 5EX"),
        ("DATETIME", "LAST NIGHT"),
        ("PHONE", "07700 900412"),
        ("NINO", "QQ 12 34 56 C"),
    ),
    document(
        "ref-002-statement",
        "My name is Tobias Wren. Email tobias.wren@example.org. A man with a baseball bat ran "
        "towards Roundhay Park.",
        ("PERSON", "Tobias Wren"),
        ("EMAIL", "tobias.wren@example.org"),
        ("WEAPON", "baseball bat"),
        ("LOCATION", "Roundhay Park"),
    ),
    document(
        "ref-003-report",
        "ip susan clarke 12/04/1990 reports purse stolen, approx £45 cash. ip tel 0113 496 0218.",
        ("PERSON", "susan clarke"),
        ("DOB", "12/04/1990"),
        ("PROPERTY_VALUE", "approx £45"),
        ("PHONE", "0113 496 0218"),
    ),
]


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


@pytest.fixture(scope="module")
def small_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("suite") / "small.jsonl"
    dump_dataset(SMALL, path)
    return path


@pytest.fixture(scope="module")
def report(host: PluginHost, small_path: Path) -> ReliabilityReport:
    return run_record_entry_suite(host, path=small_path, now=NOW)


def test_the_suite_is_registered_for_the_capability() -> None:
    assert SUITES["record_entry"] is run_record_entry_suite
    assert TEST_SET_PATH.name == "test.jsonl"
    assert TEST_SET_PATH.parent == DEV_SET_PATH.parent


def test_the_report_names_the_reference_file_by_its_hash(
    report: ReliabilityReport, small_path: Path
) -> None:
    assert report.suite == "record-entry-v1"
    assert report.dataset == "small"
    assert report.dataset_sha256 == hashlib.sha256(small_path.read_bytes()).hexdigest()
    assert report.run_at == NOW
    validate_report(msgspec.to_builtins(report))


def test_the_headline_f1_states_its_matching_rule(report: ReliabilityReport) -> None:
    f1 = report.metric("f1")
    assert f1 is not None
    assert f1.required
    assert f1.threshold == 0.75
    assert "f1 is the micro-averaged F1 over all labels under overlap matching" in report.notes
    exact = report.metric("f1_exact")
    assert exact is not None
    assert not exact.required
    assert exact.value <= f1.value


def test_every_standard_metric_is_measured_and_held_to_the_standard(
    report: ReliabilityReport,
) -> None:
    assert standard_shortfalls(report, ["record_entry"]) == []
    names = {m.name for m in report.metrics}
    for standard in STANDARDS["record_entry"]:
        assert standard.metric in names
        measured = report.metric(standard.metric)
        assert measured is not None
        assert measured.required
        assert measured.threshold == standard.threshold
    assert {f"recall:{label}" for label in STANDARD_LABELS} <= names
    for m in report.metrics:
        assert m.lower <= m.value <= m.upper


def test_recall_intervals_are_wilson_intervals(report: ReliabilityReport) -> None:
    # Two PHONE spans in the set, both found.
    phone = report.metric("recall:PHONE")
    assert phone is not None
    assert phone.value == 1.0
    assert (phone.lower, phone.upper) == pytest.approx(wilson_interval(2, 2))


def test_results_are_disaggregated_by_narrative_style_and_label(
    report: ReliabilityReport,
) -> None:
    styles = {g.group: g for g in report.groups if g.factor == "narrative style"}
    assert set(styles) == {"999 call", "statement", "officer report"}
    assert all(g.n == 1 for g in styles.values())
    labels = {g.group: g for g in report.groups if g.factor == "label"}
    assert labels["PHONE"].n == 2
    assert labels["PERSON"].n == 3
    for group in report.groups:
        assert not any(m.required for m in group.metrics)
        assert "f1" in {m.name for m in group.metrics}


def test_narrative_style_comes_from_the_id_or_the_writing() -> None:
    assert narrative_style(SMALL[0]) == "999 call"
    assert narrative_style(SMALL[2]) == "officer report"
    unnamed = document("x1", "I saw it happen.")
    assert narrative_style(unnamed) == "statement"
    assert narrative_style(document("x2", "CALLER REPORTS A FIGHT")) == "999 call"
    assert narrative_style(document("x3", "ip reports a fight")) == "officer report"


def test_a_tool_that_fails_on_a_document_proposes_nothing_there(host: PluginHost) -> None:
    outcomes = measure(SMALL, host, TOOL)
    assert all(o.error is None for o in outcomes)
    broken = [*outcomes[:2], Outcome(SMALL[2], (), "ValueError: broken")]
    report = build_report(broken, dataset_sha256="0" * 64, now=NOW)
    person = report.metric("recall:PERSON")
    assert person is not None
    assert person.value <= 2 / 3
    assert "error on 1 document" in report.notes


def test_a_missing_or_invalid_reference_file_is_a_clear_error(
    host: PluginHost, tmp_path: Path
) -> None:
    with pytest.raises(ReferenceDataError, match="is missing"):
        run_record_entry_suite(host, path=tmp_path / "none.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"not valid: .*bad\.jsonl:1"):
        run_record_entry_suite(host, path=bad)
    lacking = tmp_path / "lacking.jsonl"
    dump_dataset([SMALL[1]], lacking)
    with pytest.raises(ReferenceDataError, match="no VRM span"):
        run_record_entry_suite(host, path=lacking)


@pytest.mark.slow
def test_the_development_set_passes_the_standard(host: PluginHost) -> None:
    report = run_record_entry_suite(host, path=DEV_SET_PATH, now=NOW)
    assert report.passed, report.failures()
    assert len({g.group for g in report.groups if g.factor == "narrative style"}) == 3


@pytest.mark.slow
def test_a_release_is_tested_on_the_held_out_set(host: PluginHost) -> None:
    app = Registry({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    manifest = msgspec.to_builtins(host.get(TOOL).manifest)
    with acting_as(CERTIFIER):
        entry_id = app.register_entry(TOOL, ATRS)
        release_id = app.submit_release(
            entry_id,
            version=manifest["version"],
            wheel_filename=f"policeai_record_entry-{manifest['version']}-py3-none-any.whl",
            wheel_sha256="c" * 64,
            manifest=manifest,
            model_card=MODEL_CARD,
        )
        release = run_release_suite(app, release_id, host=host, now=NOW)
    recorded = release["reports"][-1]["report"]
    assert recorded["suite"] == "record-entry-v1"
    assert recorded["dataset"] == DATASET
    assert recorded["dataset_sha256"] == hashlib.sha256(TEST_SET_PATH.read_bytes()).hexdigest()
    documents = load_dataset(TEST_SET_PATH)
    style_sizes = sum(g["n"] for g in recorded["groups"] if g["factor"] == "narrative style")
    assert style_sizes == len(documents)
