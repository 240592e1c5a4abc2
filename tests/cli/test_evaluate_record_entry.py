"""An evaluator measures the record-entry tool from the command line: precision, recall and F1
per label and overall under exact and overlap matching, a JSON report and the predictions."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policeai.cli.main import cli
from policeai.core.evaluation.dataset import (
    DEV_SET_PATH,
    LABELS,
    EvalDocument,
    GoldEntity,
    dump_dataset,
    load_dataset,
)

REPORT_TIME = datetime(2025, 3, 9, 22, 14, tzinfo=UTC)


def document(doc_id: str, text: str, *entities: tuple[str, str]) -> EvalDocument:
    gold = []
    for label, value in entities:
        start = text.index(value)
        gold.append(GoldEntity(label=label, start=start, end=start + len(value), text=value))
    return EvalDocument(id=doc_id, text=text, report_time=REPORT_TIME, entities=gold)


DOCS = [
    document(
        "tiny-001-call",
        "CALLER MRS GLENDA OAKWORTH REPORTS BLACK AUDI YK21 HBT STOLEN FROM 22 CHAPEL LANE "
        "LS28 5EX LAST NIGHT CALL BACK 07700 900412",
        ("PERSON", "MRS GLENDA OAKWORTH"),
        ("VRM", "YK21 HBT"),
        ("ADDRESS", "22 CHAPEL LANE"),
        ("POSTCODE", "LS28 5EX"),
        ("DATETIME", "LAST NIGHT"),
        ("PHONE", "07700 900412"),
    ),
    document(
        "tiny-002-statement",
        "My name is Tobias Wren, born 14/02/1979. Email tobias.wren@example.org; National "
        "Insurance number QQ 12 34 56 C. A man with a baseball bat ran towards Roundhay Park.",
        ("PERSON", "Tobias Wren"),
        ("DOB", "14/02/1979"),
        ("EMAIL", "tobias.wren@example.org"),
        ("NINO", "QQ 12 34 56 C"),
        ("WEAPON", "baseball bat"),
        # The gold span is longer than what the tool finds: an overlap, not an exact match.
        ("LOCATION", "towards Roundhay Park"),
    ),
]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["evaluate", "record-entry", *args])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tiny") / "tiny.jsonl"
    dump_dataset(DOCS, path)
    return path


@pytest.fixture(scope="module")
def tiny_run(tiny: Path) -> tuple[Result, dict, list[dict]]:
    out = tiny.parent
    result = run(
        str(tiny), "--json", str(out / "report.json"), "--predictions", str(out / "pred.jsonl")
    )
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    predictions = [
        json.loads(line) for line in (out / "pred.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    return result, report, predictions


def test_the_table_shows_each_label_and_the_overall_figures(tiny_run) -> None:
    result, report, _ = tiny_run
    output = result.output
    assert "record-entry 1.0.0 on" in output
    assert "exact" in output
    assert "overlap" in output
    for label in ("PERSON", "VRM", "POSTCODE", "PHONE", "EMAIL", "NINO", "LOCATION"):
        assert f"\n{label} " in output
    assert "overall (micro)" in output
    assert "uses overlap matching" in output
    assert report["documents"] == 2


def test_the_report_holds_both_matching_rules(tiny: Path, tiny_run) -> None:
    _, report, _ = tiny_run
    assert report["dataset_sha256"] == hashlib.sha256(tiny.read_bytes()).hexdigest()
    assert report["tool"] == "record-entry"
    assert report["standard_matching"] == "overlap"
    assert set(report["matching"]) == {"exact", "overlap"}
    exact, overlap = report["exact"], report["overlap"]
    assert set(exact["labels"]) == set(LABELS)
    assert exact["overall"]["gold"] == overlap["overall"]["gold"] == 12
    # The location is found but with a shorter span: it counts only under overlap matching.
    assert exact["labels"]["LOCATION"]["tp"] == 0
    assert overlap["labels"]["LOCATION"]["tp"] == 1
    assert exact["overall"]["tp"] <= overlap["overall"]["tp"]
    for rule in (exact, overlap):
        counts = rule["overall"]
        assert counts["tp"] + counts["fn"] == counts["gold"]
        assert counts["tp"] + counts["fp"] == counts["predicted"]
        assert 0 <= counts["f1"] <= 1
    # The identifiers are all found, exactly.
    for label in ("VRM", "POSTCODE", "PHONE", "EMAIL", "NINO", "DOB"):
        assert exact["labels"][label]["recall"] == 1.0, label


def test_the_predictions_are_spans_of_each_document(tiny_run) -> None:
    _, _, predictions = tiny_run
    assert [p["id"] for p in predictions] == [d.id for d in DOCS]
    for prediction, doc in zip(predictions, DOCS, strict=True):
        assert prediction["entities"]
        for entity in prediction["entities"]:
            assert set(entity) == {"label", "start", "end", "text"}
            assert doc.text[entity["start"] : entity["end"]] == entity["text"]
            assert entity["label"] in LABELS


def test_a_bad_data_set_is_refused_naming_line_and_field(tmp_path: Path) -> None:
    good = json.dumps(
        {
            "id": "x-1",
            "text": "John Smith",
            "report_time": "2024-03-09T22:14:00+00:00",
            "entities": [{"label": "PERSON", "start": 0, "end": 10, "text": "John Smith"}],
        }
    )
    bad = json.dumps(
        {
            "id": "x-2",
            "text": "John Smith",
            "report_time": "2024-03-09T22:14:00+00:00",
            "entities": [{"label": "NAME", "start": 0, "end": 10, "text": "John Smith"}],
        }
    )
    path = tmp_path / "bad.jsonl"
    path.write_text(f"{good}\n{bad}\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 1
    assert "the data set is not valid" in result.output
    assert ":2:" in result.output
    assert "entities[0]" in result.output
    assert "unknown label 'NAME'" in result.output
    assert "Traceback" not in result.output


def test_a_missing_file_and_an_unknown_tool_are_clear_errors(tiny: Path, tmp_path: Path) -> None:
    missing = run(str(tmp_path / "nowhere.jsonl"))
    assert missing.exit_code == 1
    assert "cannot read the data set" in missing.output
    unknown = run(str(tiny), "--tool", "no-such-tool")
    assert unknown.exit_code == 1
    assert "no plugin 'no-such-tool' is installed" in unknown.output


def test_a_tool_of_another_capability_is_refused(tiny: Path) -> None:
    result = run(str(tiny), "--tool", "keyword-offence-suggester")
    assert result.exit_code == 1
    assert "does not propose record fields" in result.output


@pytest.mark.slow
def test_the_development_set_meets_the_standard(tmp_path: Path) -> None:
    result = run(str(DEV_SET_PATH), "--json", str(tmp_path / "dev.json"))
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "dev.json").read_text(encoding="utf-8"))
    assert report["documents"] == len(load_dataset(DEV_SET_PATH))
    overlap = report["overlap"]
    assert overlap["overall"]["f1"] >= 0.75
    for label in ("VRM", "POSTCODE", "PHONE", "EMAIL", "NINO"):
        assert overlap["labels"][label]["recall"] >= 0.9, label
    for label in ("PERSON", "DOB"):
        assert overlap["labels"][label]["recall"] >= 0.8, label
