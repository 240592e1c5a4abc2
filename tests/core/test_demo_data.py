"""Checks on the fictional Demoshire Constabulary demo cases shipped with policeai.core.

The demo data must look like real case records while being provably fictional: phone numbers
only from Ofcom's drama ranges, the reserved QQ National Insurance prefix, example.* email
domains, and the invented "DS" postcode area. It must also carry a few deliberate series (the
same person, vehicle or phone across several cases) so analysts have links to find.
"""

import json
import re
from collections import defaultdict
from datetime import date
from importlib.resources import files
from typing import Any

import pytest

OFFENCE_CODES = {
    "8N",
    "105A",
    "5D",
    "8Q",
    "8L",
    "28E",
    "30C",
    "34A",
    "34B",
    "39",
    "44",
    "45",
    "46",
    "48",
    "49",
    "58A",
    "58C",
    "56B",
    "92A",
    "10D",
    "9A",
}
CASE_FIELDS = {
    "narrative": str,
    "location": str,
    "reported_days_ago": int,
    "reported_hour": int,
    "statements": list,
    "entities": list,
}
STATEMENT_KINDS = {"statement", "document"}
PERSON_ROLES = {"victim", "suspect", "witness", "reporter", "other"}
OBJECT_ROLES = {"suspect", "victim", "other"}
OBJECT_SUBTYPES = {"vehicle", "phone", "weapon", "property"}
ENTITY_ROLES = {
    "person": PERSON_ROLES,
    "object": OBJECT_ROLES,
    "location": {"scene", "other"},
    "event": {"other"},
}
IDENTIFIER_KEYS = {"dob", "phone", "postcode", "email", "nino", "vrm"}

# Ofcom numbers reserved for drama: mobiles 07700 900000-900999 and three landline blocks.
DRAMA_PHONE = re.compile(r"0(?:7700900|1134960|1614960|2079460)\d{3}")
# A UK-looking phone number inside free text: +44 or a leading 0, then 9-10 more digits.
PHONE_IN_TEXT = re.compile(r"(?:\+44\s?(?:\(0\)\s?)?|\b0)\d(?:[\s-]?\d){8,9}\b")
# Fictional "DS" area; inward code letters exclude C, I, K, M, O and V as real ones do.
POSTCODE = re.compile(r"DS[0-9]{1,2} ?[0-9][ABD-HJLNP-UW-Z]{2}")
NINO = re.compile(r"QQ ?\d{2} ?\d{2} ?\d{2} ?[A-D]")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@example\.(?:com|org)")
VRM = re.compile(r"[A-Za-z0-9 ]+")


def _load() -> list[dict[str, Any]]:
    resource = files("policeai.core.demo") / "cases.json"
    return json.loads(resource.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    return _load()


def normalise_phone(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    if raw.strip().startswith("+44") or digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    return digits


def normalise_vrm(raw: str) -> str:
    return raw.replace(" ", "").upper()


def _entities(cases: list[dict[str, Any]]):
    for index, case in enumerate(cases):
        for entity in case["entities"]:
            yield index, entity


def _identifier_values(cases: list[dict[str, Any]], key: str):
    for index, entity in _entities(cases):
        if key in entity["identifiers"]:
            yield index, entity, entity["identifiers"][key]


def _cases_by(pairs) -> dict[Any, set[int]]:
    grouped: dict[Any, set[int]] = defaultdict(set)
    for key, index in pairs:
        grouped[key].add(index)
    return grouped


def test_at_least_sixty_cases(cases):
    assert isinstance(cases, list)
    assert len(cases) >= 60


def test_case_fields_have_the_right_types(cases):
    for index, case in enumerate(cases):
        assert isinstance(case, dict), index
        expected = {*CASE_FIELDS, "offence_code", "outcome", "closed"}
        assert set(case) == expected, (index, set(case) ^ expected)
        for field, kind in CASE_FIELDS.items():
            assert isinstance(case[field], kind), (index, field)
        assert case["narrative"].strip(), index
        assert case["location"].strip(), index
        assert not isinstance(case["reported_days_ago"], bool), index
        assert 0 <= case["reported_days_ago"] <= 120, index
        assert not isinstance(case["reported_hour"], bool), index
        assert 0 <= case["reported_hour"] <= 23, index
        assert case["offence_code"] is None or isinstance(case["offence_code"], str), index
        assert case["outcome"] is None or type(case["outcome"]) is int, index
        assert isinstance(case["closed"], bool), index


def test_offence_codes_come_from_the_counting_rules_list(cases):
    codes = [case["offence_code"] for case in cases]
    assert {code for code in codes if code is not None} <= OFFENCE_CODES
    unclassified = codes.count(None)
    assert 1 <= unclassified <= 8
    # The volume crimes dominate, as they do in real recorded crime.
    assert codes.count("46") >= 4
    assert codes.count("28E") >= 4


def test_outcomes_are_home_office_types_and_closed_implies_outcome(cases):
    for index, case in enumerate(cases):
        outcome = case["outcome"]
        assert outcome is None or 1 <= outcome <= 22, (index, outcome)
        if case["closed"]:
            assert outcome is not None, index
    finalised = sum(case["outcome"] is not None for case in cases)
    assert len(cases) // 3 <= finalised <= 2 * len(cases) // 3


def test_outcomes_fit_whether_a_suspect_is_named(cases):
    needs_named_suspect = {1, 2, 3, 4, 6, 8, 15, 16, 22}
    no_suspect = {14, 18}
    for index, case in enumerate(cases):
        suspects = [
            entity
            for entity in case["entities"]
            if entity["type"] == "person" and entity["role"] == "suspect"
        ]
        if case["outcome"] in no_suspect:
            assert not suspects, index
        if case["outcome"] in needs_named_suspect:
            assert suspects, index


def test_every_case_has_statements(cases):
    for index, case in enumerate(cases):
        assert 1 <= len(case["statements"]) <= 3, index
        for statement in case["statements"]:
            assert set(statement) == {"kind", "author", "text"}, index
            assert statement["kind"] in STATEMENT_KINDS, index
            assert isinstance(statement["author"], str), index
            assert statement["author"].strip(), index
            assert isinstance(statement["text"], str), index
            assert len(statement["text"]) >= 40, index
    kinds = {s["kind"] for case in cases for s in case["statements"]}
    assert kinds == STATEMENT_KINDS


def test_every_case_has_entities_of_allowed_types_and_roles(cases):
    for index, case in enumerate(cases):
        assert 2 <= len(case["entities"]) <= 6, index
    for index, entity in _entities(cases):
        assert entity["type"] in ENTITY_ROLES, (index, entity)
        assert entity["role"] in ENTITY_ROLES[entity["type"]], (index, entity)
        assert isinstance(entity["name"], str), index
        assert entity["name"].strip(), index
        if entity["type"] == "object":
            assert entity["subtype"] in OBJECT_SUBTYPES, (index, entity)
        else:
            assert "subtype" not in entity, (index, entity)
        identifiers = entity["identifiers"]
        assert isinstance(identifiers, dict), index
        assert set(identifiers) <= IDENTIFIER_KEYS, (index, identifiers)
        assert all(isinstance(value, str) and value for value in identifiers.values()), index
        if entity.get("subtype") == "vehicle":
            assert "vrm" in identifiers, (index, entity)


def test_phone_identifiers_are_in_ofcom_drama_ranges(cases):
    phones = list(_identifier_values(cases, "phone"))
    assert phones
    for index, _entity, phone in phones:
        assert DRAMA_PHONE.fullmatch(normalise_phone(phone)), (index, phone)


def test_phone_numbers_in_free_text_are_in_ofcom_drama_ranges(cases):
    found = 0
    for index, case in enumerate(cases):
        texts = [case["narrative"], *(s["text"] for s in case["statements"])]
        for text in texts:
            for match in PHONE_IN_TEXT.finditer(text):
                found += 1
                assert DRAMA_PHONE.fullmatch(normalise_phone(match.group())), (
                    index,
                    match.group(),
                )
    assert found > 0


def test_phone_normalisation_handles_the_written_styles():
    expected = "07700900123"
    for written in ("07700900123", "07700 900 123", "+44 7700 900123", "+44 (0)7700 900123"):
        assert normalise_phone(written) == expected


def test_postcodes_are_in_the_fictional_ds_area(cases):
    postcodes = list(_identifier_values(cases, "postcode"))
    assert postcodes
    for index, _entity, postcode in postcodes:
        assert POSTCODE.fullmatch(postcode.upper()), (index, postcode)
    assert any(postcode != postcode.upper() for _i, _e, postcode in postcodes)


def test_dates_of_birth_are_iso_and_in_range(cases):
    for index, _entity, dob in _identifier_values(cases, "dob"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", dob), (index, dob)
        born = date.fromisoformat(dob)
        assert date(1940, 1, 1) <= born <= date(2009, 12, 31), (index, dob)


def test_national_insurance_numbers_use_the_reserved_prefix(cases):
    ninos = list(_identifier_values(cases, "nino"))
    assert ninos
    for index, _entity, nino in ninos:
        assert NINO.fullmatch(nino), (index, nino)


def test_emails_use_example_domains(cases):
    emails = list(_identifier_values(cases, "email"))
    assert emails
    for index, _entity, email in emails:
        assert EMAIL.fullmatch(email), (index, email)


def test_vrms_contain_only_letters_digits_and_spaces(cases):
    vrms = list(_identifier_values(cases, "vrm"))
    assert vrms
    for index, _entity, vrm in vrms:
        assert VRM.fullmatch(vrm), (index, vrm)


def test_people_recur_across_cases(cases):
    people = _cases_by(
        ((entity["name"], entity["identifiers"]["dob"]), index)
        for index, entity, _dob in _identifier_values(cases, "dob")
        if entity["type"] == "person"
    )
    series = {person for person, indices in people.items() if len(indices) >= 3}
    assert len(series) >= 3, series
    # A person in a series is a suspect in at least one of those cases.
    suspects = {
        (entity["name"], entity["identifiers"].get("dob"))
        for _index, entity in _entities(cases)
        if entity["type"] == "person" and entity["role"] == "suspect"
    }
    assert len(series & suspects) >= 2


def test_a_vehicle_recurs_across_cases(cases):
    vehicles = _cases_by(
        (normalise_vrm(vrm), index) for index, _entity, vrm in _identifier_values(cases, "vrm")
    )
    shared = {vrm for vrm, indices in vehicles.items() if len(indices) >= 3}
    assert shared
    # The shared mark is written in more than one style, as it would be by different officers.
    for vrm in shared:
        spellings = {
            raw
            for _index, _entity, raw in _identifier_values(cases, "vrm")
            if normalise_vrm(raw) == vrm
        }
        assert len(spellings) >= 2, vrm


def test_a_phone_recurs_across_cases(cases):
    phones = _cases_by(
        (normalise_phone(phone), index)
        for index, _entity, phone in _identifier_values(cases, "phone")
    )
    shared = {phone for phone, indices in phones.items() if len(indices) >= 3}
    assert shared
