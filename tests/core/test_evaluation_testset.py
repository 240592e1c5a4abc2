"""The held-out test set: loads, covers every label and category, and is distinct from dev."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from policeai.core.evaluation.dataset import (
    DEV_SET_PATH,
    LABELS,
    OFFENCE_CATEGORIES,
    EvalDocument,
    dump_dataset,
    load_dataset,
)

TEST_SET_PATH = DEV_SET_PATH.with_name("test.jsonl")

#: Ofcom's numbers reserved for drama, as digit prefixes (after +44 becomes 0).
DRAMA_PREFIXES = (
    "07700900",
    "01134960",
    "01144960",
    "01154960",
    "01164960",
    "01174960",
    "01184960",
    "01214960",
    "01514960",
    "01614960",
    "01914980",
    "02079460",
    "02920180",
    "01632960",
)

#: The fewest instances of each label the set must hold.
MINIMUM_COUNTS = {
    "PERSON": 60,
    "DOB": 15,
    "ADDRESS": 20,
    "POSTCODE": 20,
    "VRM": 20,
    "PHONE": 20,
    "EMAIL": 12,
    "NINO": 12,
    "DATETIME": 40,
    "LOCATION": 40,
    "WEAPON": 15,
    "PROPERTY_VALUE": 20,
}

NINO = re.compile(r"(?![DFIQUV])[A-Z](?![DFIQUVO])[A-Z] ?\d\d ?\d\d ?\d\d ?[A-D]")
NINO_BAD_PREFIXES = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}
POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}")
VRM_STYLES = {
    "current": re.compile(r"[A-Z]{2}\d\d ?[A-HJ-PR-Y]{3}"),
    "prefix": re.compile(r"[A-HJ-NPR-Y]\d{1,3} ?[A-Z]{3}"),
    "suffix": re.compile(r"[A-Z]{3} ?\d{1,3}[A-HJ-NPR-Y]"),
}

#: Word runs this long shared with a dev document mean the two sets are not independent.
SHARED_RUN = 12


@pytest.fixture(scope="module")
def test_set() -> list[EvalDocument]:
    return load_dataset(TEST_SET_PATH)


@pytest.fixture(scope="module")
def dev() -> list[EvalDocument]:
    return load_dataset(DEV_SET_PATH)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w£']+", text.lower())


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + SHARED_RUN]) for i in range(len(words) - SHARED_RUN + 1)}


def test_test_set_size_and_ids(test_set: list[EvalDocument]) -> None:
    assert len(test_set) >= 45
    ids = [d.id for d in test_set]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"test-\d{3}-(call|statement|report)", i) for i in ids), ids


def test_test_set_label_counts(test_set: list[EvalDocument]) -> None:
    counts = Counter(e.label for doc in test_set for e in doc.entities)
    assert set(counts) == set(LABELS)
    short = {
        label: counts[label] for label, least in MINIMUM_COUNTS.items() if counts[label] < least
    }
    assert short == {}


def test_test_set_categories(test_set: list[EvalDocument]) -> None:
    counts = Counter(d.offence_category for d in test_set)
    assert set(counts) == set(OFFENCE_CATEGORIES)
    assert {c: n for c, n in counts.items() if n < 3} == {}


def test_test_set_offsets_are_exact_and_do_not_overlap(test_set: list[EvalDocument]) -> None:
    for doc in test_set:
        end = 0
        for e in sorted(doc.entities, key=lambda e: e.start):
            assert doc.text[e.start : e.end] == e.text, (doc.id, e)
            assert e.text == e.text.strip(), (doc.id, e)
            assert e.start >= end, (doc.id, e)
            end = e.end


def test_test_set_styles(test_set: list[EvalDocument]) -> None:
    styles = Counter(d.id.rsplit("-", 1)[1] for d in test_set)
    assert min(styles.values()) >= len(test_set) // 3
    for doc in test_set:
        if doc.id.endswith("call"):
            assert doc.text == doc.text.upper(), doc.id
        elif doc.id.endswith("report"):
            assert doc.text == doc.text.lower(), doc.id
        else:
            assert doc.text not in (doc.text.upper(), doc.text.lower()), doc.id
            assert re.search(r"\b(I|I'm|my)\b", doc.text), doc.id
    reports = [d for d in test_set if d.id.endswith("report")]
    abbreviations = {"ip", "pc", "dc", "rtc", "veh", "ic1", "s/o", "obs", "approx", "w/s", "oic"}
    used = {word for d in reports for word in re.findall(r"[a-z0-9/]+", d.text)}
    assert abbreviations - used == set()


def test_test_set_has_relative_times(test_set: list[EvalDocument]) -> None:
    times = {e.text.lower() for d in test_set for e in d.entities if e.label == "DATETIME"}
    for phrase in ("last night", "yesterday", "earlier today", "saturday", "ago", "overnight"):
        assert any(phrase in t for t in times), phrase


def test_test_set_covers_many_places(test_set: list[EvalDocument]) -> None:
    areas = {
        re.match(r"[A-Z]+", e.text.upper()).group()  # type: ignore[union-attr]
        for d in test_set
        for e in d.entities
        if e.label == "POSTCODE"
    }
    assert len(areas) >= 20
    assert {"CF", "SA", "LL", "SY"} & areas  # Wales as well as England


def test_test_set_report_times_are_aware(test_set: list[EvalDocument]) -> None:
    assert all(d.report_time.utcoffset() is not None for d in test_set)


def test_test_set_uses_only_fictional_contact_details(test_set: list[EvalDocument]) -> None:
    entities = [e for doc in test_set for e in doc.entities]
    vrm_styles: set[str] = set()
    eleven_digits = 0
    phones = 0
    for e in entities:
        upper = e.text.upper()
        if e.label == "PHONE":
            written = e.text.replace("(0)", "")
            digits = re.sub(r"\D", "", written)
            digits = "0" + digits[2:] if written.startswith("+44") else digits
            assert digits.startswith(DRAMA_PREFIXES), e
            assert 10 <= len(digits) <= 12, e
            phones += 1
            eleven_digits += len(digits) == 11
        elif e.label == "EMAIL":
            assert e.text.lower().endswith(("@example.com", "@example.co.uk", "@example.org")), e
        elif e.label == "NINO":
            assert NINO.fullmatch(upper), e
            assert upper[:2] not in NINO_BAD_PREFIXES, e
        elif e.label == "POSTCODE":
            assert POSTCODE.fullmatch(upper), e
        elif e.label == "VRM":
            style = next((s for s, p in VRM_STYLES.items() if p.fullmatch(upper)), None)
            assert style is not None, e
            vrm_styles.add(style)
    assert vrm_styles == set(VRM_STYLES)
    assert phones - eleven_digits <= 3  # only a few mistyped numbers


def test_test_set_is_distinct_from_dev(
    test_set: list[EvalDocument], dev: list[EvalDocument]
) -> None:
    dev_texts = {d.text for d in dev}
    dev_runs = set().union(*(_runs(d.text) for d in dev))
    for doc in test_set:
        assert doc.text not in dev_texts, doc.id
        shared = _runs(doc.text) & dev_runs
        assert not shared, (doc.id, " ".join(next(iter(shared))))


def test_test_set_round_trips(tmp_path: Path, test_set: list[EvalDocument]) -> None:
    path = tmp_path / "copy.jsonl"
    dump_dataset(test_set, path)
    assert path.read_bytes() == TEST_SET_PATH.read_bytes()
