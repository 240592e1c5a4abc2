"""DPA 2018 s.62: every consultation, alteration, disclosure and erasure is logged with
who, when and why, and can be found per case and per person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from policeai.core.context import Actor, acting_as

PERSON_KEY = "person:jane okafor|1987-03-14"


def test_the_access_log_answers_per_case_and_per_person(platform):
    with acting_as(Actor("pc.jones", "demo", "investigation", role="officer")):
        case_id = platform.cases.open_case(
            narrative="Harassment by text message",
            reported_at=datetime.now(UTC) - timedelta(hours=3),
            location="Online",
        )["case_id"]
        victim = platform.cases.record_entity(
            case_id,
            entity_type="person",
            role="victim",
            name="Jane  Okafor",
            identifiers={"dob": "1987-03-14", "phone": "07700 900123"},
        )
    with acting_as(Actor("ds.khan", "demo", "supervisory review", role="supervisor")):
        platform.cases.get_case(case_id)
    with acting_as(Actor("pc.jones", "demo", "CPS file build", role="officer")):
        platform.cases.disclose(case_id, recipient="Crown Prosecution Service", reason="charging")
    with acting_as(Actor("dpo.smith", "demo", "subject erasure request", role="supervisor")):
        platform.cases.erase_entity(case_id, victim, "erasure request upheld")
    platform.wait_for_projections()

    record = platform.access_log.for_case(case_id, "demo")
    actions = [(r["action"], r["user"], r["purpose"]) for r in record]
    assert ("consultation", "ds.khan", "supervisory review") in actions
    assert ("disclosure", "pc.jones", "CPS file build") in actions
    assert ("erasure", "dpo.smith", "subject erasure request") in actions
    assert actions.count(("alteration", "pc.jones", "investigation")) == 2
    assert all(r["at"] is not None for r in record)
    disclosure = next(r for r in record if r["action"] == "disclosure")
    assert "Crown Prosecution Service" in disclosure["detail"]

    about_jane = platform.access_log.for_subject(PERSON_KEY, "demo")
    assert [r["action"] for r in about_jane] == [
        "alteration",  # her details were recorded
        "consultation",
        "disclosure",
        "erasure",
    ]
    by_phone = platform.access_log.for_subject("phone:+447700900123", "demo")
    assert [r["id"] for r in by_phone] == [r["id"] for r in about_jane]
    # The log itself holds no identifiers in clear.
    assert "07700" not in str(record)
    assert "Okafor" not in str(record)
    # Another force cannot read this force's log.
    assert platform.access_log.for_case(case_id, "other") == []


def test_a_consultation_after_erasure_no_longer_touches_the_erased_person(platform, officer):
    case_id = platform.cases.open_case(
        narrative="Theft of a bicycle",
        reported_at=datetime.now(UTC) - timedelta(hours=3),
        location="Station Road",
    )["case_id"]
    witness = platform.cases.record_entity(
        case_id, entity_type="person", role="witness", name="Sam Lee"
    )
    platform.cases.erase_entity(case_id, witness, "not relevant")
    platform.cases.get_case(case_id)
    platform.wait_for_projections()

    rows = platform.access_log.for_subject("person:sam lee", "demo")
    assert [r["action"] for r in rows] == ["alteration", "erasure"]


def test_finding_a_persons_cases_through_the_index_is_logged(platform, officer):
    case_id = platform.cases.open_case(
        narrative="Phone snatched from a table",
        reported_at=datetime.now(UTC) - timedelta(hours=3),
        location="Cafe, High Street",
    )["case_id"]
    platform.cases.record_entity(
        case_id,
        entity_type="person",
        role="victim",
        name="Ana Silva",
        identifiers={"phone": "07700 900999"},
    )
    platform.wait_for_projections()

    platform.views.cases_for_entity(force="demo", key="phone:+447700900999")

    rows = platform.access_log.for_subject("phone:+447700900999", "demo")
    assert [r["action"] for r in rows] == ["alteration", "consultation"]
    assert rows[-1]["detail"] == "found through the entity index"
