"""The evaluation format, its loader's checks and the shipped development set."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from policeai.core.evaluation.dataset import (
    DEV_SET_PATH,
    LABEL_DEFINITIONS,
    LABELS,
    OFFENCE_CATEGORIES,
    DatasetError,
    EvalDocument,
    GoldEntity,
    dump_dataset,
    load_dataset,
)

#: Ofcom's numbers reserved for drama, as digit prefixes (after +44 becomes 0).
DRAMA_PREFIXES = ("07700900", "01134960", "02079460")


@pytest.fixture(scope="module")
def dev() -> list[EvalDocument]:
    return load_dataset(DEV_SET_PATH)


def _good_line(**overrides: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "id": "t-1",
        "text": "John Smith was hit with a bat last night.",
        "report_time": "2024-03-09T22:14:00+00:00",
        "entities": [
            {"label": "PERSON", "start": 0, "end": 10, "text": "John Smith"},
            {"label": "WEAPON", "start": 26, "end": 29, "text": "bat"},
            {"label": "DATETIME", "start": 30, "end": 40, "text": "last night"},
        ],
        "offence_category": "violence",
    }
    doc.update(overrides)
    return doc


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_labels_are_the_documented_set() -> None:
    assert LABELS == (
        "PERSON",
        "DOB",
        "ADDRESS",
        "POSTCODE",
        "VRM",
        "PHONE",
        "EMAIL",
        "NINO",
        "DATETIME",
        "LOCATION",
        "WEAPON",
        "PROPERTY_VALUE",
    )
    assert all(LABEL_DEFINITIONS[label] for label in LABELS)


def test_dev_set_is_large_enough_and_every_label_is_used(dev: list[EvalDocument]) -> None:
    assert len(dev) >= 60
    counts = Counter(e.label for doc in dev for e in doc.entities)
    assert {label: counts[label] for label in LABELS if counts[label] < 5} == {}


def test_dev_set_offsets_are_exact(dev: list[EvalDocument]) -> None:
    for doc in dev:
        for e in doc.entities:
            assert doc.text[e.start : e.end] == e.text, (doc.id, e)
            assert e.text == e.text.strip(), (doc.id, e)


def test_dev_set_has_every_style(dev: list[EvalDocument]) -> None:
    upper = [d for d in dev if d.text == d.text.upper()]
    lower = [d for d in dev if d.text == d.text.lower()]
    mixed = [d for d in dev if d not in upper and d not in lower]
    assert len(upper) >= 15
    assert len(lower) >= 15
    assert len(mixed) >= 15
    assert any(re.search(r"\b(I|I'm|me)\b", d.text, re.IGNORECASE) for d in mixed)
    abbreviations = {"ip", "pc", "rtc", "veh", "s/o", "o/s", "poss", "approx"}
    used = {word for d in lower for word in re.findall(r"[a-z/]+", d.text)} & abbreviations
    assert used == abbreviations


def test_dev_set_metadata(dev: list[EvalDocument]) -> None:
    assert len({d.id for d in dev}) == len(dev)
    assert {d.offence_category for d in dev} == set(OFFENCE_CATEGORIES)
    assert all(d.report_time.utcoffset() is not None for d in dev)


def test_dev_set_uses_only_fictional_contact_details(dev: list[EvalDocument]) -> None:
    entities = [e for doc in dev for e in doc.entities]
    for e in entities:
        if e.label == "PHONE":
            digits = re.sub(r"\D", "", e.text)
            digits = "0" + digits[2:] if e.text.startswith("+44") else digits
            assert len(digits) == 11, e
            assert digits.startswith(DRAMA_PREFIXES), e
        elif e.label == "EMAIL":
            assert e.text.lower().endswith(("@example.com", "@example.org")), e
        elif e.label == "NINO":
            assert re.fullmatch(r"QQ ?\d\d ?\d\d ?\d\d ?[A-D]", e.text.upper()), e
        elif e.label == "POSTCODE":
            assert re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", e.text.upper()), e


def test_dump_and_load_round_trip(tmp_path: Path, dev: list[EvalDocument]) -> None:
    path = tmp_path / "copy.jsonl"
    dump_dataset(dev, path)
    assert load_dataset(path) == dev
    assert path.read_bytes() == DEV_SET_PATH.read_bytes()


def test_loads_a_good_line(tmp_path: Path) -> None:
    (doc,) = load_dataset(_write(tmp_path, json.dumps(_good_line()), ""))
    assert doc.report_time == datetime(2024, 3, 9, 22, 14, tzinfo=UTC)
    assert doc.entities[0] == GoldEntity("PERSON", 0, 10, "John Smith")


@pytest.mark.parametrize(
    ("entities", "fragment"),
    [
        ([{"label": "PERSON", "start": 0, "end": 9, "text": "John Smith"}], "does not match"),
        ([{"label": "NAME", "start": 0, "end": 10, "text": "John Smith"}], "unknown label"),
        ([{"label": "PERSON", "start": 30, "end": 99, "text": "last night."}], "within the text"),
        (
            [
                {"label": "PERSON", "start": 0, "end": 10, "text": "John Smith"},
                {"label": "PERSON", "start": 5, "end": 10, "text": "Smith"},
            ],
            "overlaps",
        ),
        ([{"label": "PERSON", "start": "0", "end": 10, "text": "John Smith"}], "entities[0].start"),
    ],
)
def test_rejects_a_bad_entity_with_its_line_number(
    tmp_path: Path, entities: list[dict[str, object]], fragment: str
) -> None:
    path = _write(
        tmp_path, json.dumps(_good_line()), json.dumps(_good_line(id="t-2", entities=entities))
    )
    with pytest.raises(DatasetError, match=r":2: ") as caught:
        load_dataset(path)
    assert fragment in str(caught.value)


def test_overlap_of_different_labels_is_allowed(tmp_path: Path) -> None:
    entities = [
        {"label": "LOCATION", "start": 26, "end": 40, "text": "bat last night"},
        {"label": "DATETIME", "start": 30, "end": 40, "text": "last night"},
    ]
    assert load_dataset(_write(tmp_path, json.dumps(_good_line(entities=entities))))


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('{"id": "t-2", "text": ', "invalid JSON"),
        (json.dumps(_good_line(id="t-1")), "repeats the id on line 1"),
        (json.dumps(_good_line(id="t-2", offence_category="arson")), "offence_category"),
        (json.dumps(_good_line(id="t-2", report_time="2024-03-09T22:14:00")), "report_time"),
        (json.dumps({k: v for k, v in _good_line(id="t-2").items() if k != "text"}), "text"),
    ],
)
def test_rejects_a_bad_line_with_its_line_number(tmp_path: Path, line: str, fragment: str) -> None:
    path = _write(tmp_path, json.dumps(_good_line()), "", line)
    with pytest.raises(DatasetError, match=r":3: ") as caught:
        load_dataset(path)
    assert fragment in str(caught.value)


def test_dump_rejects_an_invalid_document(tmp_path: Path) -> None:
    doc = EvalDocument(
        id="t-1",
        text="abc",
        report_time=datetime(2024, 1, 1, tzinfo=UTC),
        entities=[GoldEntity("VRM", 0, 2, "abc")],
        offence_category=None,
    )
    with pytest.raises(DatasetError, match="does not match"):
        dump_dataset([doc], tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()
