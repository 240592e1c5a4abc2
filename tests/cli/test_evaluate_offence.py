"""An evaluator measures an offence suggester from the command line: top-1 and top-3 accuracy
against each document's offence category, with intervals, a JSON report and the predictions."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policeai.cli.main import cli
from policeai.core.evaluation.dataset import EvalDocument, dump_dataset
from policeai.core.evaluation.offence import CODE_CATEGORIES
from policeai.registry.certification.reliability import wilson_interval

REPORT_TIME = datetime(2025, 3, 9, 22, 14, tzinfo=UTC)


def document(doc_id: str, text: str, category: str | None) -> EvalDocument:
    return EvalDocument(
        id=doc_id, text=text, report_time=REPORT_TIME, entities=[], offence_category=category
    )


DOCS = [
    document(
        "cli-001-statement",
        "Someone broke into my house through the back window and stole my laptop.",
        "burglary",
    ),
    document(
        "cli-002-call",
        "MALE THREATENED YOUTH WITH KNIFE AND TOOK HIS PHONE AND WALLET NOW RUNNING TOWARDS PARK",
        "robbery",
    ),
    document(
        "cli-003-report",
        "ip reports all 4 tyres slashed on his car while parked o/s home overnight.",
        "criminal damage",
    ),
    document("cli-004-report", "caller asked for the opening hours of the front counter.", None),
]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("offence") / "small.jsonl"
    dump_dataset(DOCS, path)
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["evaluate", "offence", *args])


@pytest.fixture(scope="module")
def measured(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path, Path]:
    out = tmp_path_factory.mktemp("out")
    report, predictions = out / "report.json", out / "predictions.jsonl"
    result = run(str(dataset), "--json", str(report), "--predictions", str(predictions))
    return result, report, predictions


def test_the_figures_are_printed_overall_and_per_category(
    measured: tuple[Result, Path, Path],
) -> None:
    result, _, _ = measured
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("offence-suggester 1.0.0 on ")
    assert "4 documents, 3 with an offence category" in lines[0]
    assert "top-1 (95% interval)" in lines[1]
    assert "top-3 (95% interval)" in lines[1]
    rows = {line.split()[0]: line for line in lines[2:] if line[:1].isalpha()}
    assert {"burglary", "robbery", "overall"} <= set(rows)
    assert "1 document(s) without an offence category not scored" in result.output


def test_the_json_report_holds_each_figure_with_its_interval(
    measured: tuple[Result, Path, Path], dataset: Path
) -> None:
    _, report_path, _ = measured
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["tool"] == "offence-suggester"
    assert report["dataset_sha256"] == hashlib.sha256(dataset.read_bytes()).hexdigest()
    assert (report["documents"], report["unlabelled"], report["ranks"]) == (4, 1, [1, 3])
    overall = report["overall"]
    assert overall["n"] == 3
    assert overall["top3_accuracy"] == overall["top3_hits"] / 3
    assert overall["top3_interval"] == pytest.approx(list(wilson_interval(overall["top3_hits"], 3)))
    assert overall["top1_hits"] <= overall["top3_hits"]
    assert set(report["categories"]) == {"burglary", "robbery", "criminal damage"}
    assert report["category_of_code"] == dict(CODE_CATEGORIES)


def test_the_predictions_name_each_suggestion_and_its_category(
    measured: tuple[Result, Path, Path],
) -> None:
    _, report_path, predictions_path = measured
    lines = [json.loads(line) for line in predictions_path.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [doc.id for doc in DOCS]
    hits = 0
    for line, doc in zip(lines, DOCS, strict=True):
        assert len(line["suggestions"]) <= 3
        for suggestion in line["suggestions"]:
            assert set(suggestion) == {"code", "group", "category", "score"}
            assert suggestion["category"] == CODE_CATEGORIES[suggestion["code"]]
        categories = [s["category"] for s in line["suggestions"]]
        hits += doc.offence_category is not None and doc.offence_category in categories
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["overall"]["top3_hits"] == hits


def test_another_tool_can_be_measured(dataset: Path) -> None:
    result = run(str(dataset), "--tool", "keyword-offence-suggester")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("keyword-offence-suggester ")


def test_a_tool_that_does_not_suggest_offences_is_refused(dataset: Path) -> None:
    result = run(str(dataset), "--tool", "summariser")
    assert result.exit_code == 1
    assert "does not suggest offences" in result.output


def test_an_invalid_data_set_is_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "t"}\n', encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 1
    assert "the data set is not valid" in result.output
    assert "bad.jsonl:1" in result.output


def test_a_data_set_without_categories_has_nothing_to_score(tmp_path: Path) -> None:
    path = tmp_path / "none.jsonl"
    dump_dataset([DOCS[-1]], path)
    result = run(str(path))
    assert result.exit_code == 1
    assert "no document with an offence_category" in result.output


def test_the_command_is_listed_under_evaluate() -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--help"])
    assert result.exit_code == 0
    assert "offence" in result.output
