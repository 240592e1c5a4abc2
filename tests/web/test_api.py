"""An officer records a crime through the JSON API; others see only what they may."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from policeai.core.platform import Platform
from policeai.core.settings import Settings
from policeai.web.app import create_app

PASSWORD = "correct horse battery"
OFFICER = ("pc.jones", "demo", "officer")
SUPERVISOR = ("sgt.marsh", "demo", "supervisor")
OTHER_FORCE = ("pc.smith", "other", "officer")


def basic(username: str, password: str = PASSWORD) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def as_officer(purpose: str | None = "investigating a burglary") -> dict[str, str]:
    return {**basic("pc.jones"), **({"X-Purpose": purpose} if purpose else {})}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient[Any]]:
    data_dir: Path = tmp_path_factory.mktemp("web")
    settings = Settings.from_env(
        {"POLICEAI_DATA_DIR": str(data_dir), "POLICEAI_SECRET_KEY": "test-secret"}
    )
    platform = Platform(settings)
    for username, force, role in (OFFICER, SUPERVISOR, OTHER_FORCE):
        platform.users.add(
            username=username,
            force=force,
            role=role,
            display_name=username.title(),
            password=PASSWORD,
        )
    with TestClient(app=create_app(platform)) as test_client:
        yield test_client


@pytest.fixture
def platform(client: TestClient[Any]) -> Platform:
    return client.app.state.platform


def open_case(client: TestClient[Any], **overrides: Any) -> dict[str, Any]:
    body = {
        "narrative": "Rear window forced; laptop and jewellery taken while the family was out.",
        "location": "14 Orchard Way, Demoton",
        "reported_at": "2026-01-10T09:30:00Z",
        **overrides,
    }
    response = client.post("/api/cases", json=body, headers=as_officer())
    assert response.status_code == 201, response.text
    return response.json()


def test_the_api_asks_who_you_are(client: TestClient[Any]) -> None:
    for headers in (
        {},
        basic("pc.jones", "wrong password!"),
        basic("nobody"),
        {"Authorization": "Basic not-base64!"},
        {"Authorization": "Bearer x"},
    ):
        response = client.get("/api/cases", headers=headers)

        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Basic")
        assert response.json()["error"]


def test_an_officer_records_a_crime_from_report_to_closure(
    client: TestClient[Any], platform: Platform
) -> None:
    opened = open_case(client)
    assert opened["reference"].startswith("DEMO/")
    url = f"/api/cases/{opened['case_id']}"

    steps = [
        (
            "statements",
            {"text": "I came home at six and the window was open.", "author": "Mary Cole (victim)"},
        ),
        (
            "entities",
            {
                "entity_type": "person",
                "role": "victim",
                "name": "Mary Cole",
                "identifiers": {"phone": "07700 900123", "dob": "14/03/1987"},
            },
        ),
        (
            "entities",
            {
                "entity_type": "object",
                "subtype": "vehicle",
                "role": "other",
                "name": "Blue van seen nearby",
                "identifiers": {"vrm": "ds19 kxe"},
            },
        ),
        ("classification", {"offence_code": "28E"}),
        ("outcome", {"outcome": 18, "note": "no suspect identified"}),
        ("close", {"reason": "no lines of enquiry left"}),
    ]
    for step, body in steps:
        response = client.post(f"{url}/{step}", json=body, headers=as_officer())
        assert response.status_code in {200, 201}, (step, response.text)
    assert response.json()["version"] == 7

    case = client.get(url, headers=as_officer()).json()
    assert case["status"] == "closed"
    assert case["offence"]["code"] == "28E"
    assert case["outcome"]["code"] == 18
    assert case["statements"][0]["author"] == "Mary Cole (victim)"
    person = next(e for e in case["entities"] if e["entity_type"] == "person")
    assert person["identifiers"] == {"phone": "+447700900123", "dob": "1987-03-14"}

    history = client.get(f"{url}/history", headers=as_officer()).json()
    assert [event["event"] for event in history] == [
        "CaseOpened",
        "StatementAdded",
        "EntityRecorded",
        "EntityRecorded",
        "CrimeClassified",
        "OutcomeRecorded",
        "CaseClosed",
    ]
    assert {event["actor"] for event in history} == {"pc.jones"}
    assert {event["purpose"] for event in history} == {"investigating a burglary"}

    platform.wait_for_projections()
    listed = client.get(
        "/api/cases", params={"status": "closed", "q": "jewellery"}, headers=as_officer()
    ).json()
    assert opened["reference"] in [c["reference"] for c in listed["cases"]]
    hits = client.get("/api/entities", params={"key": "vrm:DS19KXE"}, headers=as_officer())
    assert [hit["reference"] for hit in hits.json()] == [opened["reference"]]


def test_another_force_sees_nothing_of_the_case(
    client: TestClient[Any], platform: Platform
) -> None:
    opened = open_case(client)
    url = f"/api/cases/{opened['case_id']}"
    other = {**basic("pc.smith"), "X-Purpose": "curiosity"}

    assert client.get(url, headers=other).status_code == 404
    assert client.get(f"{url}/history", headers=other).status_code == 404
    response = client.post(f"{url}/statements", json={"text": "x", "author": "y"}, headers=other)
    assert response.status_code == 404
    assert response.json() == {"error": f"no case {opened['case_id']}"}
    platform.wait_for_projections()
    listed = client.get("/api/cases", headers=other).json()
    assert opened["reference"] not in [c["reference"] for c in listed["cases"]]


def test_personal_data_is_shown_only_to_someone_who_says_why(client: TestClient[Any]) -> None:
    opened = open_case(client)
    url = f"/api/cases/{opened['case_id']}"

    for path in (url, f"{url}/history", "/api/entities?key=vrm:DS19KXE"):
        response = client.get(path, headers=as_officer(purpose=None))

        assert response.status_code == 400
        assert "X-Purpose" in response.json()["error"]


def test_only_a_supervisor_reads_who_looked_at_a_case(client: TestClient[Any]) -> None:
    opened = open_case(client)
    url = f"/api/cases/{opened['case_id']}"
    client.get(url, headers=as_officer("checking the victim's details"))

    refused = client.get(f"{url}/access-log", headers=as_officer())
    log = client.get(f"{url}/access-log", headers={**basic("sgt.marsh"), "X-Purpose": "review"})

    assert refused.status_code == 403
    assert "supervisor" in refused.json()["error"]
    assert log.status_code == 200
    consultation = next(row for row in log.json() if row["action"] == "consultation")
    assert consultation["user"] == "pc.jones"
    assert consultation["purpose"] == "checking the victim's details"


def test_a_change_made_on_a_stale_copy_is_refused(client: TestClient[Any]) -> None:
    opened = open_case(client)
    url = f"/api/cases/{opened['case_id']}/statements"
    body = {"text": "Second account.", "author": "PC Jones"}

    fresh = client.post(url, json=body, headers={**as_officer(), "If-Match": '"1"'})
    stale = client.post(url, json=body, headers={**as_officer(), "If-Match": "1"})

    assert fresh.status_code == 201
    assert fresh.json()["version"] == 2
    assert stale.status_code == 409
    assert "reload the case" in stale.json()["error"]


@pytest.mark.parametrize(
    ("step", "body", "status", "words"),
    [
        ("classification", {"offence_code": "XYZ"}, 400, "XYZ"),
        ("classification", {}, 400, "Validation failed"),
        ("outcome", {"outcome": 18}, 409, "classify"),
        ("outcome", {"outcome": 99}, 400, "Validation failed"),
        ("close", {}, 409, "outcome"),
        (
            "entities",
            {
                "entity_type": "person",
                "role": "victim",
                "name": "A",
                "identifiers": {"postcode": "nowhere"},
            },
            400,
            "postcode",
        ),
        ("entities", {"entity_type": "person", "role": "hero", "name": "A"}, 400, "hero"),
        ("statements", {"text": "   ", "author": "A"}, 400, "text"),
    ],
)
def test_a_mistake_gets_a_message_not_a_crash(
    client: TestClient[Any], step: str, body: dict[str, Any], status: int, words: str
) -> None:
    opened = open_case(client)

    response = client.post(
        f"/api/cases/{opened['case_id']}/{step}", json=body, headers=as_officer()
    )

    assert response.status_code == status, response.text
    assert words in response.json()["error"] + str(response.json().get("details", ""))


def test_malformed_requests_get_a_message_not_a_crash(client: TestClient[Any]) -> None:
    opened = open_case(client)
    url = f"/api/cases/{opened['case_id']}"
    json_headers = {**as_officer(), "Content-Type": "application/json"}

    responses = [
        client.post(f"{url}/statements", content=b"{not json", headers=json_headers),
        client.get("/api/cases/not-a-uuid", headers=as_officer()),
        client.get(f"/api/cases/{'0' * 8}-0000-0000-0000-{'0' * 12}", headers=as_officer()),
        client.post(
            "/api/cases",
            json={"narrative": "x", "location": "y", "reported_at": "2026-01-10T09:30:00"},
            headers=as_officer(),
        ),
        client.post(
            "/api/cases",
            json={"narrative": "x", "location": "y", "reported_at": "2099-01-01T00:00:00Z"},
            headers=as_officer(),
        ),
        client.get("/api/cases?limit=0", headers=as_officer()),
        client.post(f"{url}/close", json={}, headers={**as_officer(), "If-Match": "soon"}),
    ]

    for response in responses:
        assert 400 <= response.status_code < 500, response.text
        assert response.json()["error"]


def test_an_unexpected_failure_is_logged_not_shown(
    client: TestClient[Any], platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_filters: Any) -> list[dict[str, Any]]:
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(platform.views, "list_cases", broken)

    response = client.get("/api/cases", headers=as_officer())

    assert response.status_code == 500
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert response.json()["error"]


def test_the_home_page_and_health_say_what_runs_without_personal_data(
    client: TestClient[Any],
) -> None:
    open_case(client, narrative="Mr Zebedee Quinn reported a stolen bicycle.")

    home = client.get("/")
    health = client.get("/health")

    assert home.status_code == 200
    assert "Police.AI" in home.text
    assert 'href="/schema"' in home.text
    assert "https://" not in home.text
    assert health.json()["status"] == "ok"
    assert health.json()["cases"] >= 0
    assert "Zebedee" not in health.text + home.text


def test_the_api_describes_itself(client: TestClient[Any]) -> None:
    schema = client.get("/schema/openapi.json").json()
    reference = client.get("/schema")

    operations = {
        op["operationId"]
        for path in schema["paths"].values()
        for op in path.values()
        if isinstance(op, dict) and "operationId" in op
    }
    assert {"listCases", "openCase", "getCase", "closeCase", "casesForEntity"} <= operations
    assert reference.status_code == 200
    assert "listCases" in reference.text or "/api/cases" in reference.text
    assert "<script" not in reference.text
