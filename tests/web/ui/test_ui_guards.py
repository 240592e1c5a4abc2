"""Every page is guarded: signed-out visitors are sent to sign in, the wrong role gets a 403
page saying why, and a user of another force never sees this force's cases."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient
from ui_helpers import KEYWORD_TOOL, form_post, open_case, run_tool, sign_in, token_in

from policeai.core.platform import Platform

SIGNED_IN_PAGES = [
    "/cases",
    "/cases/new",
    "/cases/00000000-0000-4000-8000-000000000000",
    "/cases/00000000-0000-4000-8000-000000000000/purpose",
    "/cases/00000000-0000-4000-8000-000000000000/access-log",
    "/supervision/ai-use",
    "/admin/tools",
    "/console",
    "/console/entries/keyword-offence-suggester",
]
SIGNED_IN_FORMS = [
    "/cases",
    "/cases/00000000-0000-4000-8000-000000000000/statements",
    "/cases/00000000-0000-4000-8000-000000000000/invocations",
    "/admin/tools/install",
    "/admin/catalogue/sync",
    "/console/entries",
    "/supervision/ai-use/purpose",
]


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_a_signed_out_visitor_is_sent_to_sign_in(client: TestClient[Any], path: str) -> None:
    client.cookies.clear()

    response = client.get(path, follow_redirects=False)
    htmx = client.get(path, headers={"HX-Request": "true"}, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=/")
    assert htmx.headers["hx-redirect"] == "/sign-in"


@pytest.mark.parametrize("path", SIGNED_IN_FORMS)
def test_a_signed_out_form_post_changes_nothing(client: TestClient[Any], path: str) -> None:
    client.cookies.clear()
    token = token_in(client.get("/sign-in").text)

    response = form_post(client, path, token, reason="x", text="x")

    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in"


@pytest.mark.parametrize(
    ("username", "path", "expected"),
    [
        ("pc.jones", "/admin/tools", "for force administrators only"),
        ("pc.jones", "/console", "for Police.AI certifiers only"),
        ("pc.jones", "/supervision/ai-use", "for supervisors only"),
        ("an.lee", "/cases/new", "for officers and supervisors only"),
        ("an.lee", "/admin/tools", "You are signed in as an analyst"),
        ("tom.admin", "/cases", "for officers, supervisors and analysts only"),
        ("tom.admin", "/console", "You are signed in as a force administrator"),
        ("dr.carver", "/cases", "You are signed in as a Police.AI certifier"),
        ("dr.carver", "/admin/tools", "for force administrators only"),
        ("sgt.marsh", "/admin/tools", "You are signed in as a supervisor"),
    ],
)
def test_the_wrong_role_gets_a_page_saying_why(
    client: TestClient[Any], username: str, path: str, expected: str
) -> None:
    sign_in(client, username)

    response = client.get(path)

    assert response.status_code == 403
    assert "Not allowed" in response.text
    assert expected in response.text


def test_an_analyst_reads_cases_but_cannot_change_them(client: TestClient[Any]) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(client, token)
    analyst_token = sign_in(client, "an.lee")
    form_post(client, f"{case_path}/purpose", analyst_token, purpose="Intelligence analysis")

    page = client.get(case_path)
    refused = form_post(
        client, f"{case_path}/statements", analyst_token, text="x", author="y", kind="statement"
    )

    assert page.status_code == 200
    assert "Add a statement" not in page.text
    assert refused.status_code == 403


def test_another_forces_officer_sees_nothing_of_this_forces_case(
    client: TestClient[Any], platform: Platform
) -> None:
    token = sign_in(client, "pc.jones")
    case_path = open_case(
        client, token, narrative="Mr Zebedee Quinn had his bicycle stolen from the racks."
    )
    finished = run_tool(client, case_path, token, KEYWORD_TOOL, "offence_suggestion")
    invocation = finished.split("invocation ")[1][:8]
    reference = client.get(case_path).text.split("<h1>Case ")[1].split(" ")[0]
    item = case_path + "/suggestions/x/items/1"

    other = sign_in(client, "pc.smith")
    responses = [
        client.get(case_path),
        client.get(f"{case_path}/purpose"),
        form_post(client, f"{case_path}/purpose", other, purpose="Investigating this crime"),
        client.get(case_path, follow_redirects=True),
        form_post(client, f"{case_path}/statements", other, text="x", author="y", kind="statement"),
        form_post(client, f"{item}/accept", other),
        client.get("/cases?q=Zebedee"),
    ]

    for response in responses[:4]:
        final = response
        assert final.status_code in {303, 404}, final.text
        assert "Zebedee" not in final.text
        assert reference not in final.text
    assert responses[1].status_code == 404
    assert responses[2].status_code == 404
    assert responses[3].status_code == 404
    assert "not in your force" in responses[3].text
    # Without a purpose for the case (which they cannot state), changes go nowhere.
    assert responses[4].status_code == 303
    assert client.get(responses[4].headers["location"]).status_code == 404
    assert responses[5].status_code == 303
    assert "No cases match these filters." in responses[6].text
    assert reference not in responses[6].text
    assert invocation not in responses[6].text
    # The case is as its own force left it.
    assert platform.views.statements(UUID(case_path.rsplit("/", 1)[1])) == []


def test_pages_forbid_framing_and_scripts_from_elsewhere(client: TestClient[Any]) -> None:
    sign_in(client, "pc.jones")

    response = client.get("/cases")

    assert response.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
    assert "https://" not in response.text
    assert '<script src="/static/vendor/htmx-2.0.11.min.js" defer></script>' in response.text
    assert client.get("/static/vendor/htmx-2.0.11.min.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200
