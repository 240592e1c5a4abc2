"""The case lifecycle as an officer lives it, on SQLite and on PostgreSQL.

Every test here runs on both backends through the ``platform`` fixture (the PostgreSQL
variant is marked ``postgres``), as in the eventsourcing examples' system tests.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest

from policeai.core.aggregate import UnstorableTextError, nul_character_at
from policeai.core.cases.domainmodel import (
    CaseClosedError,
    CaseError,
    InvalidEntityError,
    NoOutcomeError,
    NotClassifiedError,
)
from policeai.core.cases.identifiers import InvalidIdentifierError
from policeai.core.cases.offences import UnknownOffenceError
from policeai.core.cases.outcomes import UnknownOutcomeError
from policeai.core.context import Actor, NoActorError, acting_as
from policeai.core.errors import ConflictError, NotFoundError

NOW = datetime.now(UTC)


def open_burglary(platform, hours_ago: float = 2) -> dict:
    return platform.cases.open_case(
        narrative="Rear door forced at 4 Mill Lane; a laptop and a bicycle were taken.",
        reported_at=NOW - timedelta(hours=hours_ago),
        location="4 Mill Lane, Ashford Vale",
    )


def test_opening_a_case_allocates_the_next_reference_for_the_force_and_year(platform, officer):
    first = open_burglary(platform)
    second = open_burglary(platform)

    year = datetime.now(UTC).year
    assert first["reference"] == f"DEMO/{year}/000001"
    assert second["reference"] == f"DEMO/{year}/000002"
    assert platform.cases.find_by_reference(second["reference"]) == second["case_id"]
    case = platform.cases.get_case(first["case_id"])
    assert case["status"] == "open"
    assert case["reporting_officer"] == "pc.jones"
    assert case["force"] == "demo"


def test_forces_number_their_cases_independently(platform, other_force_officer):
    with acting_as(Actor("pc.jones", "demo", "investigation")):
        ours = open_burglary(platform)
    with acting_as(other_force_officer):
        theirs = open_burglary(platform)
    assert ours["reference"].endswith("/000001")
    assert theirs["reference"].startswith("OTHER/")
    assert theirs["reference"].endswith("/000001")


def test_every_event_records_who_for_which_force_and_why(platform):
    with acting_as(Actor("pc.jones", "demo", "investigation")):
        case_id = open_burglary(platform)["case_id"]
    with acting_as(Actor("ds.khan", "demo", "case review", role="supervisor")):
        platform.cases.classify(case_id, "28E")
        history = platform.cases.history(case_id)

    assert [(e["event"], e["actor"], e["force"], e["purpose"]) for e in history] == [
        ("CaseOpened", "pc.jones", "demo", "investigation"),
        ("CrimeClassified", "ds.khan", "demo", "case review"),
    ]
    assert all(e["at"].tzinfo is not None for e in history)
    assert history[1]["provenance"] == {"source": "typed"}


def test_nothing_changes_without_someone_named_as_acting(platform):
    with pytest.raises(NoActorError, match="no actor is set"):
        open_burglary(platform)


def test_classification_names_the_offence_and_the_crime_recording_decision_deadline(
    platform, officer
):
    case_id = open_burglary(platform, hours_ago=2)["case_id"]
    before = platform.cases.get_case(case_id)
    assert before["crd_due"] == before["reported_at"] + timedelta(hours=24)
    assert before["crd_overdue"] is False

    platform.cases.classify(case_id, " 28e ")

    after = platform.cases.get_case(case_id)
    assert after["offence"]["code"] == "28E"
    assert "Burglary" in after["offence"]["description"]
    assert after["classified_at"] is not None


def test_an_unclassified_case_past_24_hours_shows_as_overdue(platform, officer):
    case_id = open_burglary(platform, hours_ago=25)["case_id"]
    assert platform.cases.get_case(case_id)["crd_overdue"] is True
    platform.cases.classify(case_id, "28E")
    assert platform.cases.get_case(case_id)["crd_overdue"] is False


def test_an_unknown_offence_code_is_refused_and_nothing_is_recorded(platform, officer):
    case_id = open_burglary(platform)["case_id"]
    with pytest.raises(UnknownOffenceError, match="99Z"):
        platform.cases.classify(case_id, "99Z")
    assert platform.cases.case_version(case_id) == 1


def test_a_statement_keeps_its_author_and_the_sha256_of_its_text(platform, officer):
    case_id = open_burglary(platform)["case_id"]
    text = "I got home at 10pm and found the back door open.\nMy laptop was gone."

    statement_id = platform.cases.add_statement(case_id, text=text, author="Jane Okafor")

    (statement,) = platform.cases.get_case(case_id)["statements"]
    assert statement["statement_id"] == statement_id
    assert statement["author"] == "Jane Okafor"
    assert statement["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert statement["text"] == text


def test_entities_are_recorded_with_normalised_identifiers(platform, officer):
    case_id = open_burglary(platform)["case_id"]
    platform.cases.record_entity(
        case_id,
        entity_type="person",
        role="victim",
        name="Jane Okafor",
        identifiers={"dob": "14/03/1987", "phone": "07700 900123", "postcode": "ds4  7qt"},
    )
    platform.cases.record_entity(
        case_id,
        entity_type="object",
        subtype="vehicle",
        role="suspect",
        name="Silver Ford Focus",
        identifiers={"vrm": "ds19 kxe"},
    )

    people, vehicles = platform.cases.get_case(case_id)["entities"]
    assert people["identifiers"] == {
        "dob": "1987-03-14",
        "phone": "+447700900123",
        "postcode": "DS4 7QT",
    }
    assert vehicles["identifiers"] == {"vrm": "DS19KXE"}
    assert vehicles["flags"] == []


def test_an_unusual_registration_mark_is_flagged_never_refused(platform, officer):
    case_id = open_burglary(platform)["case_id"]
    platform.cases.record_entity(
        case_id,
        entity_type="object",
        subtype="vehicle",
        role="other",
        name="Foreign-plated van",
        identifiers={"vrm": "wx 1234 zzzz"},
    )
    (van,) = platform.cases.get_case(case_id)["entities"]
    assert van["identifiers"]["vrm"] == "WX1234ZZZZ"
    assert van["flags"]
    assert "unusual" in van["flags"][0]


@pytest.mark.parametrize(
    ("entity", "error"),
    [
        ({"entity_type": "alien", "role": "victim", "name": "X"}, InvalidEntityError),
        ({"entity_type": "person", "role": "bystander", "name": "X"}, InvalidEntityError),
        ({"entity_type": "object", "role": "other", "name": "box"}, InvalidEntityError),
        (
            {"entity_type": "person", "role": "victim", "name": "X", "identifiers": {"shoe": "9"}},
            InvalidEntityError,
        ),
        (
            {
                "entity_type": "person",
                "role": "victim",
                "name": "X",
                "identifiers": {"dob": "31/02/1990"},
            },
            InvalidIdentifierError,
        ),
        (
            {
                "entity_type": "person",
                "role": "victim",
                "name": "X",
                "identifiers": {"postcode": "NOT A CODE"},
            },
            InvalidIdentifierError,
        ),
    ],
)
def test_bad_entities_get_a_clear_error_and_leave_the_case_unchanged(
    platform, officer, entity, error
):
    case_id = open_burglary(platform)["case_id"]
    with pytest.raises(error) as excinfo:
        platform.cases.record_entity(case_id, **entity)
    assert str(excinfo.value)
    assert platform.cases.case_version(case_id) == 1


def test_an_outcome_needs_a_classification_first(platform, officer):
    case_id = open_burglary(platform)["case_id"]
    with pytest.raises(NotClassifiedError, match="classify the crime"):
        platform.cases.record_outcome(case_id, 18)


def test_an_unknown_outcome_code_is_refused(platform, officer):
    case_id = open_burglary(platform)["case_id"]
    platform.cases.classify(case_id, "28E")
    with pytest.raises(UnknownOutcomeError, match="0-22"):
        platform.cases.record_outcome(case_id, 23)


def test_a_case_closes_only_with_a_final_outcome(platform, officer):
    case_id = open_burglary(platform)["case_id"]
    platform.cases.classify(case_id, "28E")
    with pytest.raises(NoOutcomeError, match="outcome"):
        platform.cases.close_case(case_id)
    platform.cases.record_outcome(case_id, 0)
    with pytest.raises(NoOutcomeError):
        platform.cases.close_case(case_id)

    platform.cases.record_outcome(case_id, 18, note="No CCTV, no forensic opportunities")
    platform.cases.close_case(case_id, "filed")

    case = platform.cases.get_case(case_id)
    assert case["status"] == "closed"
    assert case["outcome"]["code"] == 18


def test_a_closed_case_cannot_be_edited_until_it_is_reopened(platform, officer):
    case_id = open_burglary(platform)["case_id"]
    platform.cases.classify(case_id, "28E")
    platform.cases.record_outcome(case_id, 18)
    platform.cases.close_case(case_id)

    with pytest.raises(CaseClosedError, match="closed"):
        platform.cases.add_statement(case_id, text="late info", author="PC Jones")
    with pytest.raises(CaseError, match="say why"):
        platform.cases.reopen_case(case_id, " ")

    platform.cases.reopen_case(case_id, "suspect identified from CCTV")
    platform.cases.add_statement(case_id, text="CCTV shows the suspect", author="PC Jones")
    assert platform.cases.get_case(case_id)["status"] == "open"


def test_an_officer_of_another_force_cannot_see_or_change_the_case(
    platform, officer, other_force_officer
):
    case_id = open_burglary(platform)["case_id"]
    with acting_as(other_force_officer):
        with pytest.raises(NotFoundError):
            platform.cases.get_case(case_id)
        with pytest.raises(NotFoundError):
            platform.cases.classify(case_id, "28E")
    assert platform.cases.case_version(case_id) == 1


def test_a_change_made_on_a_stale_version_is_refused_and_loses_nothing(platform, officer):
    case_id = open_burglary(platform)["case_id"]
    seen_by_both = platform.cases.case_version(case_id)

    platform.cases.add_statement(
        case_id, text="First officer's note", author="PC Jones", expected_version=seen_by_both
    )
    with pytest.raises(ConflictError, match="reload"):
        platform.cases.add_statement(
            case_id, text="Second officer's note", author="PC Ali", expected_version=seen_by_both
        )

    texts = [s["text"] for s in platform.cases.get_case(case_id)["statements"]]
    assert texts == ["First officer's note"]


def test_assigning_an_officer_and_erasing_an_entity(platform, officer):
    case_id = open_burglary(platform)["case_id"]
    platform.cases.assign_officer(case_id, "pc.ali")
    entity_id = platform.cases.record_entity(
        case_id,
        entity_type="person",
        role="witness",
        name="Sam Lee",
        identifiers={"phone": "07700900555"},
    )
    platform.cases.erase_entity(case_id, entity_id, "witness withdrew consent; not needed")

    case = platform.cases.get_case(case_id)
    assert case["assigned_officer"] == "pc.ali"
    assert case["entities"] == []


def test_a_case_with_many_events_is_snapshotted_and_loads_the_same(platform, officer):
    case_id = open_burglary(platform)["case_id"]
    for i in range(250):
        platform.cases.add_statement(case_id, text=f"update {i}", author="PC Jones")

    snapshots = list(platform.cases.snapshots.get(case_id))
    assert [s.originator_version for s in snapshots] == [100, 200]
    case = platform.cases.get_case(case_id)
    assert case["version"] == 251
    assert len(case["statements"]) == 250
    assert case["statements"][-1]["text"] == "update 249"


def test_references_have_the_force_year_sequence_shape(platform, officer):
    reference = open_burglary(platform)["reference"]
    assert re.fullmatch(r"DEMO/\d{4}/\d{6}", reference)


def test_an_entity_with_no_name_and_only_blank_identifiers_is_refused(platform, officer):
    case_id = open_burglary(platform)["case_id"]
    with pytest.raises(InvalidEntityError, match="a name or at least one identifier"):
        platform.cases.record_entity(
            case_id,
            entity_type="object",
            subtype="vehicle",
            role="other",
            identifiers={"vrm": "  "},
        )
    assert platform.cases.case_version(case_id) == 1


def test_text_with_a_nul_character_is_refused_and_the_read_models_carry_on(platform, officer):
    # PostgreSQL's text cannot hold U+0000: recorded, such an event stopped the projection
    # for good (every later case was never listed).
    with pytest.raises(UnstorableTextError, match="narrative"):
        platform.cases.open_case(
            narrative="Door forced\x00", reported_at=NOW, location="4 Mill Lane"
        )
    case_id = open_burglary(platform)["case_id"]
    with pytest.raises(UnstorableTextError, match="name"):
        platform.cases.record_entity(
            case_id, entity_type="person", role="witness", name="Ravi\x00Patel"
        )
    assert nul_character_at({"a": [1, {"b": "x\x00"}]}, "$") == "$.a[1].b"
    assert platform.cases.case_version(case_id) == 1
    platform.wait_for_projections(timeout=10)
    assert [row["case_id"] for row in platform.views.list_cases(force="demo")] == [case_id]
