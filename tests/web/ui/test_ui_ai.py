"""AI tools on a case page: the tools the force installed for the user's role, each with its
registry entry, certification and public record; running one with progress shown while it
runs; reviewing what it suggested field by field; and a supervisor's view of all AI use."""

from __future__ import annotations

import re
import time
from typing import Any

from litestar.testing import TestClient
from ui_helpers import (
    KEYWORD_TOOL,
    RECORD_TOOL,
    SLOW_TOOL,
    errors_in,
    form_post,
    open_case,
    run_tool,
    sign_in,
    version_in,
)

from policeai.core.platform import Platform

NARRATIVE = (
    "Mr Tom Baker rode off on my bicycle in a hurry; his mate drove DS19 KXE and "
    "phoned him on 07700 900123."
)


def item_actions(html: str) -> dict[str, str]:
    """Each pending suggestion's label -> its item's address."""
    found = {}
    for block in re.findall(r'<li id="item-[^"]+" class="suggestion-item">(.*?)</li>', html, re.S):
        label = re.search(r"<h4>(.*?)</h4>", block).group(1)
        action = re.search(r'action="([^"]+)/accept"', block).group(1)
        found[label] = action
    return found


def test_the_tools_panel_shows_each_tools_entry_certificate_and_public_record(
    client: TestClient[Any],
) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token)

    page = client.get(case_path).text
    panel = page[page.index('id="ai-tools"') : page.index('id="suggestions"')]

    assert "Keyword offence suggester" in panel
    assert "police-ai/keyword-offence-suggester" in panel
    assert "TEST-CERT-1" in panel
    assert '<span class="tag tag-certified">certified</span>' in panel
    assert 'href="/registry/keyword-offence-suggester"' in panel
    assert "Test record entry" in panel
    assert "Run Keyword offence suggester" in panel


def test_a_running_tool_shows_its_progress_then_its_suggestions(client: TestClient[Any]) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token)

    started = form_post(
        client,
        f"{case_path}/invocations",
        token,
        plugin_id=SLOW_TOOL,
        capability="offence_suggestion",
        classification="OFFICIAL",
    )
    location = started.headers["location"]
    invocation = location.split("invocation=")[1].split("#")[0]
    watching = client.get(location.split("#")[0])
    fragment = client.get(f"{case_path}/invocations/{invocation}", headers={"HX-Request": "true"})

    assert started.status_code == 303
    assert "The tool is running" in watching.text
    assert f'hx-get="{case_path}/invocations/{invocation}" hx-trigger="every 1s"' in watching.text
    assert fragment.status_code == 200
    assert "<progress" in fragment.text
    assert "<html" not in fragment.text  # only the fragment while it runs
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done = client.get(f"{case_path}/invocations/{invocation}", headers={"HX-Request": "true"})
        if done.headers.get("hx-retarget"):
            break
        time.sleep(0.2)
    assert done.headers["hx-retarget"] == "#main"
    assert done.headers["hx-reselect"] == "#main"
    assert "The tool has finished" in done.text
    assert "44 Theft of a pedal cycle" in done.text
    without_htmx = client.get(f"{case_path}/invocations/{invocation}", follow_redirects=False)
    assert without_htmx.status_code == 303


def test_running_a_tool_with_bad_choices_says_what_is_wrong(client: TestClient[Any]) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token)

    unknown = form_post(
        client, f"{case_path}/invocations", token, plugin_id="no-such-tool", capability="summarise"
    )
    wrong = form_post(
        client,
        f"{case_path}/invocations",
        token,
        plugin_id=KEYWORD_TOOL,
        capability="redaction",
        classification="SECRET",
    )

    assert unknown.status_code == 422
    assert "Choose a tool from the list" in unknown.text
    assert wrong.status_code == 422
    assert "Choose what the tool should do from the list" in errors_in(wrong.text)
    assert "Choose the data&#39;s classification from the list" in wrong.text


def test_an_officer_reviews_suggestions_field_by_field(
    client: TestClient[Any], platform: Platform
) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token, narrative=NARRATIVE)

    finished = run_tool(client, case_path, token, RECORD_TOOL, "record_entry")
    items = item_actions(finished)
    assert set(items) == {"PERSON: Mr Tom Baker", "VRM: DS19 KXE", "PHONE: 07700 900123"}
    assert "From the narrative: “" in finished
    assert "<mark>DS19 KXE</mark>" in finished  # where the tool found it
    assert "Nobody and nothing recorded yet." in finished  # nothing on the record yet

    version = version_in(finished)
    bad_phone = form_post(
        client,
        f"{items['PHONE: 07700 900123']}/accept",
        token,
        version=version,
        role="other",
        identifier_phone="12",
    )
    assert bad_phone.status_code == 422
    assert any(e.startswith("The phone number:") for e in errors_in(bad_phone.text))
    assert 'value="12"' in bad_phone.text  # the edit is kept

    accepted_phone = form_post(
        client,
        f"{items['PHONE: 07700 900123']}/accept",
        token,
        version=version,
        role="suspect",
        subtype="phone",
        identifier_phone="07700 900124",
    )
    assert accepted_phone.status_code == 303
    version = version_in(client.get(case_path).text)
    accepted_person = form_post(
        client,
        f"{items['PERSON: Mr Tom Baker']}/accept",
        token,
        version=version,
        role="suspect",
        name="Tom Baker",
    )
    assert accepted_person.status_code == 303
    version = version_in(client.get(case_path).text)
    no_reason = form_post(client, f"{items['VRM: DS19 KXE']}/reject", token, version=version)
    assert no_reason.status_code == 422
    assert "Enter why you reject it" in errors_in(no_reason.text)
    rejected = form_post(
        client,
        f"{items['VRM: DS19 KXE']}/reject",
        token,
        version=version,
        reason="the victim's own car",
    )
    assert rejected.status_code == 303
    again = form_post(
        client,
        f"{items['VRM: DS19 KXE']}/accept",
        token,
        version=version_in(client.get(case_path).text),
        role="other",
        subtype="vehicle",
        identifier_vrm="DS19 KXE",
    )
    assert again.status_code == 422
    assert "already rejected by pc.jones" in again.text

    page = client.get(case_path).text
    entities = page[page.index('id="entities"') : page.index('id="ai-tools"')]
    timeline = page[page.index('id="timeline"') :]
    assert "+447700900124" in entities  # as the officer corrected it
    assert "Tom Baker" in entities
    assert "DS19KXE" not in entities  # rejected: never on the record
    assert "Accepted with edits by PC 101 Ann Jones (pc.jones) from invocation" in entities
    assert "test/fake-record-entry" in entities
    assert "Accepted the suggestion PHONE: 07700 900123 with edits" in timeline
    assert "Rejected the suggestion VRM: DS19 KXE: the victim&#39;s own car" in timeline
    assert "By PC 101 Ann Jones (pc.jones)" in timeline
    invocation = re.search(r"Invocation ([0-9a-f]{8}) of test/fake-record-entry", timeline)
    assert invocation, "the timeline names the invocation and its registry entry"
    assert 'href="/registry/fake-record-entry"' in timeline


def test_a_supervisor_sees_all_ai_use_on_the_forces_cases(client: TestClient[Any]) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token, narrative="My bike was taken from the station racks.")
    run_tool(client, case_path, token, KEYWORD_TOOL, "offence_suggestion")
    reference = re.search(r"Case (DEMO/\d{4}/\d+)", client.get(case_path).text).group(1)
    supervisor = sign_in(client, "sgt.marsh")

    asked = client.get("/supervision/ai-use")
    stated = form_post(
        client, "/supervision/ai-use/purpose", supervisor, purpose="Supervising the investigation"
    )
    client.app.state.platform.wait_for_projections(timeout=30)
    page = client.get("/supervision/ai-use")

    assert "Why are you reviewing AI use?" in asked.text
    assert stated.status_code == 303
    assert page.status_code == 200
    assert reference in page.text
    assert "police-ai/keyword-offence-suggester" in page.text
    assert "PC 101 Ann Jones (pc.jones)" in page.text
    assert "Investigating this crime" in page.text
    form_post(client, f"{case_path}/purpose", supervisor, purpose="Supervising the investigation")
    case_page = client.get(case_path).text
    assert "AI use on this case" in case_page
