"""Read models: the case list, full-text search, the POLE index and linked cases.

They are projections with tracking: rebuilt from the event log, and idempotent when an
event is delivered again after a crash.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from eventsourcing.persistence import Tracking

from policeai.core.cases.projection import CaseProjection

NOW = datetime.now(UTC)


@pytest.fixture
def three_cases(platform, officer) -> dict[str, str]:
    cases = platform.cases
    burglary = cases.open_case(
        narrative="Burglary: rear window smashed, jewellery box taken from the bedroom.",
        reported_at=NOW - timedelta(days=3),
        location="4 Mill Lane, Ashford Vale",
    )["case_id"]
    cases.classify(burglary, "28E")
    cases.add_statement(
        burglary,
        text="I saw a silver Ford Focus parked outside with the engine running.",
        author="Ravi Patel",
    )
    cases.record_entity(
        burglary,
        entity_type="object",
        subtype="vehicle",
        role="suspect",
        name="Silver Ford Focus",
        identifiers={"vrm": "DS19 KXE"},
    )
    cases.record_entity(
        burglary,
        entity_type="person",
        role="witness",
        name="Ravi Patel",
        identifiers={"phone": "07700 900321"},
    )

    shoplifting = cases.open_case(
        narrative="Shoplifting at the Co-op: razor blades concealed in a rucksack.",
        reported_at=NOW - timedelta(days=1),
        location="Co-op, Station Road",
    )["case_id"]
    cases.classify(shoplifting, "46")
    cases.assign_officer(shoplifting, "pc.ali")
    cases.record_entity(
        shoplifting,
        entity_type="object",
        subtype="vehicle",
        role="suspect",
        name="Ford Focus",
        identifiers={"vrm": "ds19kxe"},
    )
    cases.record_outcome(shoplifting, 1)
    cases.close_case(shoplifting)

    damage = cases.open_case(
        narrative="Wing mirror kicked off a parked car overnight.",
        reported_at=NOW - timedelta(hours=5),
        location="Church Street",
    )["case_id"]
    platform.wait_for_projections()
    return {"burglary": burglary, "shoplifting": shoplifting, "damage": damage}


def refs(rows) -> list[str]:
    return [row["case_id"] for row in rows]


def test_the_case_list_filters_as_officers_expect(platform, three_cases):
    views = platform.views
    c = three_cases
    assert refs(views.list_cases(force="demo")) == [c["damage"], c["shoplifting"], c["burglary"]]
    assert refs(views.list_cases(force="demo", status="closed")) == [c["shoplifting"]]
    assert refs(views.list_cases(force="demo", offence="28e")) == [c["burglary"]]
    assert refs(views.list_cases(force="demo", officer="pc.ali")) == [c["shoplifting"]]
    assert refs(
        views.list_cases(force="demo", reported_from=NOW - timedelta(days=2), reported_to=NOW)
    ) == [c["damage"], c["shoplifting"]]
    assert views.list_cases(force="other") == []

    (burglary,) = views.list_cases(force="demo", offence="28E")
    assert burglary["statements_count"] == 1
    assert burglary["entities_count"] == 2
    assert burglary["offence_description"].startswith("Burglary")


def test_full_text_search_covers_narratives_and_statements(platform, three_cases):
    views = platform.views
    assert refs(views.list_cases(force="demo", search="jewellery")) == [three_cases["burglary"]]
    # A word only in a witness statement finds its case.
    assert refs(views.list_cases(force="demo", search="engine running")) == [
        three_cases["burglary"]
    ]
    assert views.list_cases(force="demo", search="helicopter") == []
    # Search syntax characters in user input are just text.
    assert views.list_cases(force="demo", search='"OR* NEAR( -') == []
    # A NUL character separates words (SQLite's FTS5 read it as the end of the query).
    assert refs(views.list_cases(force="demo", search="jewellery\x00box")) == [
        three_cases["burglary"]
    ]


def test_the_pole_index_finds_every_case_an_entity_appears_in(platform, three_cases):
    rows = platform.views.cases_for_entity(force="demo", key="vrm:DS19KXE")
    assert sorted(r["case_id"] for r in rows) == sorted(
        [three_cases["burglary"], three_cases["shoplifting"]]
    )
    assert {r["role"] for r in rows} == {"suspect"}
    witness = platform.views.cases_for_entity(force="demo", key="phone:+447700900321")
    assert [r["role"] for r in witness] == ["witness"]


def test_linked_cases_share_an_entity_and_say_which(platform, three_cases):
    links = platform.views.linked_cases(force="demo", case_id=three_cases["burglary"])
    assert [(link["case_id"], link["key"]) for link in links] == [
        (three_cases["shoplifting"], "vrm:DS19KXE")
    ]


def test_the_timeline_lists_every_event_with_who_did_it(platform, three_cases):
    timeline = platform.views.timeline(three_cases["shoplifting"])
    assert [row["event"] for row in timeline] == [
        "CaseOpened",
        "CrimeClassified",
        "OfficerAssigned",
        "EntityRecorded",
        "OutcomeRecorded",
        "CaseClosed",
    ]
    assert {row["actor"] for row in timeline} == {"pc.jones"}


def snapshot_of_views(platform) -> dict:
    return {
        "cases": platform.views.list_cases(force="demo", limit=500),
        "timeline": {
            c: platform.views.timeline(c)
            for c in sorted(
                r["case_id"] for r in platform.views.list_cases(force="demo", limit=500)
            )
        },
        "vrm": platform.views.cases_for_entity(force="demo", key="vrm:DS19KXE"),
    }


def test_a_rebuild_from_the_event_log_gives_the_same_read_models(platform, three_cases):
    before = snapshot_of_views(platform)
    platform.rebuild_projections()
    assert snapshot_of_views(platform) == before


def test_events_delivered_again_after_a_crash_are_not_counted_twice(platform, three_cases):
    before = snapshot_of_views(platform)
    platform.stop_projections()
    projection = CaseProjection(view=platform.views)

    # Replay the whole log into the same views, as a runner restarted from an old
    # position would: every event is already tracked, so nothing changes.
    for notification in platform.cases.recorder.select_notifications(start=1, limit=10_000):
        domain_event = platform.cases.mapper.to_domain_event(notification)
        projection.process_event(domain_event, Tracking("cases", notification.id))

    assert snapshot_of_views(platform) == before
    assert platform.views.max_tracking_id("cases") == platform.cases.recorder.max_notification_id()


def test_the_projection_catches_up_with_events_written_while_it_was_stopped(platform, three_cases):
    platform.stop_projections()
    platform.cases.add_statement(three_cases["damage"], text="CCTV requested", author="PC Jones")
    platform.start_projections()
    platform.wait_for_projections()
    (damage,) = platform.views.list_cases(force="demo", search="CCTV")
    assert damage["statements_count"] == 1


def test_times_read_back_from_the_read_models_are_the_same_instants_in_utc(platform, officer):
    from datetime import timezone

    bst = timezone(timedelta(hours=1))
    reported = datetime(2026, 7, 1, 9, 30, tzinfo=bst)
    case_id = platform.cases.open_case(
        narrative="Bicycle taken from a rack", reported_at=reported, location="Station"
    )["case_id"]
    platform.wait_for_projections()
    (row,) = platform.views.list_cases(force="demo")
    assert row["case_id"] == case_id
    assert row["reported_at"] == reported
    assert row["reported_at"].utcoffset() == timedelta(0)
