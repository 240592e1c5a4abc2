"""An officer records a crime through the case pages: the list and its filters, opening a
case, stating a purpose, and each form's happy path and its errors beside the fields, with
nothing typed lost."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from litestar.testing import TestClient
from ui_helpers import errors_in, form_post, open_case, sign_in, token_in, version_in

from policeai.core.platform import Platform


def case_id_of(path: str) -> UUID:
    return UUID(path.rsplit("/", 1)[1])


def test_opening_a_case_remembers_why_and_logs_it(
    client: TestClient[Any], platform: Platform
) -> None:
    token = sign_in(client, "pc.jones")
    response = form_post(
        client,
        "/cases",
        token,
        narrative="Someone forced the shed door and took two bicycles.",
        location="12 Elm Close, Demoton",
        reported_at="2026-01-12T08:15",
        purpose="other",
        purpose_other="Recording a burglary reported at the front counter",
    )
    assert response.status_code == 303
    case_path = response.headers["location"]

    page = client.get(case_path)

    assert page.status_code == 200  # no purpose form: the purpose was given when opening
    assert re.search(r"Opened case DEMO/\d{4}/\d+\.", page.text)
    assert "Someone forced the shed door" in page.text
    assert "12 Elm Close, Demoton" in page.text
    assert "Mon 12 Jan 2026, 08:15" in page.text  # UK time, as typed
    assert "Recording a burglary reported at the front counter" in page.text
    log = platform.access_log.for_case(case_id_of(case_path), "demo")
    assert {row["purpose"] for row in log} == {"Recording a burglary reported at the front counter"}
    assert {row["user"] for row in log} == {"pc.jones"}


def test_the_open_case_form_shows_each_error_beside_its_field_and_keeps_what_was_typed(
    client: TestClient[Any],
) -> None:
    token = sign_in(client, "pc.jones")

    response = form_post(
        client,
        "/cases",
        token,
        narrative="A typed narrative that must not be lost.",
        location="",
        reported_at="2099-01-01T10:00",
        purpose="",
    )

    assert response.status_code == 422
    errors = errors_in(response.text)
    assert "Enter where it happened" in errors
    assert "The time it was reported cannot be in the future" in errors
    assert "Say why you need this information" in errors
    assert "A typed narrative that must not be lost." in response.text
    assert 'value="2099-01-01T10:00"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'href="#open-location"' in response.text  # the summary links to the field


def test_a_case_asks_for_a_purpose_first_and_records_it(
    client: TestClient[Any], platform: Platform
) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token)
    supervisor = sign_in(client, "sgt.marsh")

    first = client.get(case_path, follow_redirects=False)
    form = client.get(first.headers["location"])
    empty = form_post(client, f"{case_path}/purpose", supervisor, purpose="other")
    stated = form_post(
        client, f"{case_path}/purpose", supervisor, purpose="Supervising the investigation"
    )

    assert first.status_code == 303
    assert first.headers["location"] == f"{case_path}/purpose"
    assert "Why are you opening case DEMO/" in form.text
    assert "Mr Tom Baker" not in form.text  # no personal data before a purpose
    assert empty.status_code == 422
    assert "Enter why you need this information" in errors_in(empty.text)
    assert stated.headers["location"] == case_path
    assert client.get(case_path).status_code == 200
    log = platform.access_log.for_case(case_id_of(case_path), "demo")
    assert ("sgt.marsh", "Supervising the investigation") in {
        (row["user"], row["purpose"]) for row in log
    }


def test_an_officer_adds_a_statement(client: TestClient[Any]) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token)
    version = version_in(client.get(case_path).text)

    missing = form_post(
        client,
        f"{case_path}/statements",
        token,
        kind="statement",
        author="",
        text="",
        version=version,
    )
    added = form_post(
        client,
        f"{case_path}/statements",
        token,
        kind="statement",
        author="Mary Cole (victim)",
        text="I came home at six and the window was open.",
        version=version,
    )
    page = client.get(case_path)

    assert missing.status_code == 422
    assert "Enter who made or wrote it" in errors_in(missing.text)
    assert "Enter the statement's text" in errors_in(missing.text)
    assert '<details class="form-details" open>' in missing.text
    assert added.status_code == 303
    assert "Statement by Mary Cole (victim) added." in page.text
    assert "I came home at six and the window was open." in page.text
    assert "Added a statement by Mary Cole (victim)" in page.text  # in the timeline


def test_an_officer_records_entities_grouped_by_role(client: TestClient[Any]) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token)
    version = version_in(client.get(case_path).text)

    bad = form_post(
        client,
        f"{case_path}/entities",
        token,
        entity_type="person",
        role="victim",
        name="Mary Cole",
        identifier_phone="not a phone",
        identifier_dob="2999-01-01",
        version=version,
    )
    nothing = form_post(
        client,
        f"{case_path}/entities",
        token,
        entity_type="person",
        role="witness",
        version=version,
    )
    no_subtype = form_post(
        client, f"{case_path}/entities", token, entity_type="object", role="other", name="Van"
    )
    person = form_post(
        client,
        f"{case_path}/entities",
        token,
        entity_type="person",
        role="victim",
        name="Mary Cole",
        identifier_phone="07700 900123",
        version=version,
    )
    vehicle = form_post(
        client,
        f"{case_path}/entities",
        token,
        entity_type="object",
        subtype="vehicle",
        role="suspect",
        identifier_vrm="ds19 kxe",
    )
    page = client.get(case_path).text
    entities = page[page.index('id="entities"') :]

    assert bad.status_code == 422
    errors = errors_in(bad.text)
    assert any(e.startswith("The phone number:") for e in errors), errors
    assert any(e.startswith("The date of birth:") for e in errors), errors
    assert 'value="not a phone"' in bad.text
    assert nothing.status_code == 422
    assert "Enter a name or description, or at least one identifier" in errors_in(nothing.text)
    assert no_subtype.status_code == 422
    assert "Choose what kind of object it is" in errors_in(no_subtype.text)
    assert person.status_code == vehicle.status_code == 303
    assert "+447700900123" in entities  # normalised
    victims = entities.index("<h3>Victim</h3>")
    suspects = entities.index("<h3>Suspect</h3>")
    assert victims < entities.index("Mary Cole") < suspects < entities.index("DS19KXE")


def test_classification_outcome_and_closing_follow_the_rules(client: TestClient[Any]) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token)
    first = client.get(case_path).text
    assert "Crime Recording Decision" in first
    assert "It was due Sun 11 Jan 2026, 09:30" in first

    early = form_post(client, f"{case_path}/outcome", token, outcome="18", note="none")
    assert early.status_code == 422
    assert "has no offence classification yet" in early.text

    unknown = form_post(client, f"{case_path}/classification", token, code="XYZ")
    assert "Choose the offence from the list" in errors_in(unknown.text)
    classified = form_post(client, f"{case_path}/classification", token, code="44")
    assert classified.status_code == 303
    page = client.get(case_path).text
    assert "Classified as 44" in page
    assert "after the 24-hour deadline" in page

    not_final = form_post(client, f"{case_path}/outcome", token, outcome="0")
    assert not_final.status_code == 303
    cannot_close = form_post(client, f"{case_path}/close", token, reason="done")
    assert cannot_close.status_code == 422
    assert "cannot be closed without an outcome" in cannot_close.text
    assert ">done</textarea>" in cannot_close.text  # the reason typed is kept
    no_reason = form_post(client, f"{case_path}/close", token, reason="")
    assert "Enter why the case is closed" in errors_in(no_reason.text)

    assert form_post(client, f"{case_path}/outcome", token, outcome="18").status_code == 303
    closed = form_post(client, f"{case_path}/close", token, reason="no lines of enquiry")
    assert closed.status_code == 303
    final = client.get(case_path).text
    assert "Outcome 18: Investigation complete: no suspect identified" in final
    assert '<span class="tag tag-closed">closed</span>' in final
    assert "The case is closed: it cannot be changed." in final
    assert "Add a statement" not in final
    assert "Closed the case: no lines of enquiry" in final


def test_a_change_to_a_case_someone_else_changed_keeps_what_was_typed(
    client: TestClient[Any],
) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token)
    stale = version_in(client.get(case_path).text)
    form_post(client, f"{case_path}/classification", token, code="44", version=stale)

    response = form_post(
        client,
        f"{case_path}/statements",
        token,
        kind="statement",
        author="PC Jones",
        text="My careful notes from the scene.",
        version=stale,
    )

    assert response.status_code == 422
    assert "changed since you opened it" in response.text
    assert "My careful notes from the scene." in response.text
    assert version_in(response.text) != stale  # resubmitting now works
    again = form_post(
        client,
        f"{case_path}/statements",
        token,
        kind="statement",
        author="PC Jones",
        text="My careful notes from the scene.",
        version=version_in(response.text),
    )
    assert again.status_code == 303


def test_the_timeline_names_who_did_what_and_why(client: TestClient[Any]) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token)
    form_post(client, f"{case_path}/classification", token, code="44")

    page = client.get(case_path).text
    timeline = page[page.index('id="timeline"') :]

    assert timeline.index("Crime classified") < timeline.index("Case opened")  # newest first
    assert "By PC 101 Ann Jones (pc.jones). Purpose: Investigating this crime." in timeline
    assert "Typed by a person" in timeline


def test_linked_cases_say_what_they_share(client: TestClient[Any], platform: Platform) -> None:
    token = sign_in(client, "pc.jones")
    first = open_case(client, token, narrative="A van DS21 LNK was seen leaving the yard.")
    second = open_case(client, token, narrative="The same van DS21 LNK blocked the lane.")
    for path, role in ((first, "suspect"), (second, "other")):
        form_post(
            client,
            f"{path}/entities",
            token,
            entity_type="object",
            subtype="vehicle",
            role=role,
            identifier_vrm="DS21 LNK",
        )
    platform.wait_for_projections(timeout=30)  # the entity index is a read model

    page = client.get(first).text
    linked = page[page.index('id="linked"') :]

    assert f'href="{second}"' in linked
    assert "Shares the registration mark DS21LNK: suspect here, other there" in linked


def test_the_case_list_filters_and_searches(client: TestClient[Any], platform: Platform) -> None:
    token = sign_in(client, "pc.jones")
    path = open_case(client, token, narrative="A kayak vanished from the boathouse overnight.")
    form_post(client, f"{path}/classification", token, code="49")
    reference = re.search(r"Case (DEMO/\d{4}/\d+)", client.get(path).text).group(1)
    platform.wait_for_projections(timeout=30)  # the list and its search are read models

    found = client.get("/cases?q=kayak+boathouse")
    by_offence = client.get("/cases?offence=49&status=open")
    other_offence = client.get("/cases?offence=28E&q=kayak")
    htmx = client.get("/cases?q=kayak", headers={"HX-Request": "true"})
    bad = client.get("/cases?from=yesterday&status=lost&offence=NOPE")

    assert reference in found.text
    assert reference in by_offence.text
    assert reference not in other_offence.text
    assert "No cases match these filters." in other_offence.text
    assert reference in htmx.text
    assert 'id="results"' in htmx.text
    assert bad.status_code == 200
    errors = errors_in(bad.text)
    assert "Enter the first date as a date, for example 2026-01-31" in errors
    assert "Choose a status from the list" in errors
    assert "Choose an offence from the list" in errors
    assert 'value="yesterday"' in bad.text


def test_a_supervisor_sees_who_looked_at_a_case(client: TestClient[Any]) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token)
    client.get(case_path)
    supervisor = sign_in(client, "sgt.marsh")
    form_post(client, f"{case_path}/purpose", supervisor, purpose="Crime data integrity audit")
    client.get(case_path)

    log = client.get(f"{case_path}/access-log")

    assert log.status_code == 200
    assert "pc.jones" in log.text
    assert "Investigating this crime" in log.text
    assert "Crime data integrity audit" in log.text
    assert token_in(log.text)


def test_numbers_typed_in_other_scripts_are_refused_not_crashed_on(
    client: TestClient[Any],
) -> None:
    token = sign_in(client, "tom.admin")

    response = form_post(
        client,
        "/admin/tools/install",
        token,
        plugin_id="keyword-offence-suggester",
        version="1.0.0",
        roles=["officer"],
        quota_per_day="²",
        quota_per_month="9" * 40,
    )

    assert response.status_code == 422
    assert "The daily quota must be a whole number" in errors_in(response.text)
    assert "The monthly quota must be a whole number" in errors_in(response.text)
