"""An evaluator measures the redaction tool from the command line: recall of personal data
per label, overall and for UK identifiers, the precision, a JSON report and the predictions."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policeai.cli.main import cli
from policeai.core.evaluation.dataset import EvalDocument, GoldEntity, dump_dataset

REPORT_TIME = datetime(2025, 3, 9, 22, 14, tzinfo=UTC)


def document(doc_id: str, text: str, *entities: tuple[str, str]) -> EvalDocument:
    gold = []
    for label, value in entities:
        start = text.index(value)
        gold.append(GoldEntity(label=label, start=start, end=start + len(value), text=value))
    return EvalDocument(id=doc_id, text=text, report_time=REPORT_TIME, entities=gold)


DOCS = [
    document(
        "cli-001-call",
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
        "cli-002-statement",
        "My name is Tobias Wren, born 14/02/1979. Email tobias.wren@example.org; National "
        "Insurance number QQ 12 34 56 C. I saw the man run towards Roundhay Park.",
        ("PERSON", "Tobias Wren"),
        ("DOB", "14/02/1979"),
        ("EMAIL", "tobias.wren@example.org"),
        ("NINO", "QQ 12 34 56 C"),
        ("LOCATION", "Roundhay Park"),
    ),
]


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "small.jsonl"
    dump_dataset(DOCS, path)
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["evaluate", "redaction", *args])


def test_the_report_and_predictions_hold_what_the_tool_redacted(
    dataset: Path, tmp_path: Path
) -> None:
    report_path, predictions_path = tmp_path / "report.json", tmp_path / "pred.jsonl"

    result = run(str(dataset), "--json", str(report_path), "--predictions", str(predictions_path))

    assert result.exit_code == 0, result.output
    assert "personal data recall" in result.output
    assert "UK identifiers recall" in result.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    predictions = [json.loads(line) for line in predictions_path.read_text().splitlines()]
    assert report["tool"] == "redaction"
    assert report["dataset_sha256"] == hashlib.sha256(dataset.read_bytes()).hexdigest()
    assert report["documents"] == 2
    assert [p["id"] for p in predictions] == ["cli-001-call", "cli-002-statement"]

    # Recompute the figures from the predictions: every gold personal-data span whose
    # non-space characters are all inside a predicted span.
    hidden, total = 0, 0
    per_label: dict[str, list[int]] = {}
    for doc, prediction in zip(DOCS, predictions, strict=True):
        covered = set()
        for e in prediction["entities"]:
            assert doc.text[e["start"] : e["end"]] == e["text"]
            covered.update(range(e["start"], e["end"]))
        for gold in doc.entities:
            if gold.label in {"DATETIME", "LOCATION"}:
                continue
            chars = [i for i in range(gold.start, gold.end) if not doc.text[i].isspace()]
            redacted = all(i in covered for i in chars)
            hidden, total = hidden + redacted, total + 1
            counts = per_label.setdefault(gold.label, [0, 0])
            counts[0], counts[1] = counts[0] + redacted, counts[1] + 1
    recall = report["recall"]
    assert recall["personal_data"]["redacted"] == hidden
    assert recall["personal_data"]["total"] == total == 9
    assert recall["personal_data"]["value"] == pytest.approx(hidden / total)
    lower, upper = recall["personal_data"]["interval95"]
    assert lower <= recall["personal_data"]["value"] <= upper
    for label, (redacted, spans) in per_label.items():
        assert recall["per_label"][label]["redacted"] == redacted
        assert recall["per_label"][label]["total"] == spans
    assert recall["uk_identifiers"]["total"] == 5
    assert report["uk_identifiers_target"] == 0.95
    assert 0 < report["precision"]["value"] <= 1
    assert len(report["missed"]) == total - hidden


def test_a_bad_data_set_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "hello"\n', encoding="utf-8")

    result = run(str(path))

    assert result.exit_code == 1
    assert "the data set is not valid" in result.output
    assert "bad.jsonl:1: invalid JSON" in result.output


def test_a_missing_or_empty_data_set_is_refused(tmp_path: Path) -> None:
    missing = run(str(tmp_path / "nope.jsonl"))
    empty_path = tmp_path / "empty.jsonl"
    empty_path.write_text("\n", encoding="utf-8")
    empty = run(str(empty_path))

    assert missing.exit_code == 1
    assert "cannot read the data set" in missing.output
    assert empty.exit_code == 1
    assert "holds no documents" in empty.output


def test_the_tool_must_be_installed_and_redact(dataset: Path) -> None:
    unknown = run(str(dataset), "--tool", "no-such-tool")
    not_a_redactor = run(str(dataset), "--tool", "keyword-offence-suggester")

    assert unknown.exit_code == 1
    assert "no plugin 'no-such-tool' is installed" in unknown.output
    assert not_a_redactor.exit_code == 1
    assert "does not redact" in not_a_redactor.output
