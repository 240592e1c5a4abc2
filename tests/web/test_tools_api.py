"""An officer runs a certified AI tool on a case through the JSON API and decides what of it
goes on the record; the force admin manages the force's tools; nobody else may."""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import time
import types
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from policeai.core.catalogue.view import CatalogueRelease
from policeai.core.errors import PoliceAIError
from policeai.core.platform import Platform
from policeai.core.settings import Settings
from policeai.web.app import create_app, start_job_runner

PASSWORD = "correct horse battery"
TOOL = "keyword-offence-suggester"
ENTRY = "police-ai/keyword-offence-suggester"
CERTIFICATE = "LOCAL-DEMO-0001"
USERS = (
    ("pc.jones", "demo", "officer"),
    ("sgt.marsh", "demo", "supervisor"),
    ("an.lee", "demo", "analyst"),
    ("tom.admin", "demo", "force_admin"),
    ("pc.smith", "other", "officer"),
)
NARRATIVE = "My bicycle was stolen from the rack outside the station."


def headers(username: str, purpose: str | None = "investigating a bicycle theft") -> dict[str, str]:
    token = base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}", **({"X-Purpose": purpose} if purpose else {})}


OFFICER = headers("pc.jones")
SUPERVISOR = headers("sgt.marsh")
ANALYST = headers("an.lee")
ADMIN = headers("tom.admin", None)
OTHER_FORCE = headers("pc.smith")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient[Any]]:
    data_dir: Path = tmp_path_factory.mktemp("tools-api")
    settings = Settings.from_env(
        {
            "POLICEAI_DATA_DIR": str(data_dir),
            "POLICEAI_SECRET_KEY": "test-secret",
            "POLICEAI_INVOCATION_CACHE_SECONDS": "0",
        }
    )
    platform = Platform(settings)
    for username, force, role in USERS:
        platform.users.add(
            username=username,
            force=force,
            role=role,
            display_name=username.title(),
            password=PASSWORD,
        )
    version = platform.host.get(TOOL).manifest.version
    platform.catalogue.put(
        CatalogueRelease(
            TOOL, version, ENTRY, CERTIFICATE, "certified", datetime.now(UTC) + timedelta(days=365)
        )
    )
    platform.installations.install(
        force="demo",
        plugin_id=TOOL,
        version=version,
        roles=["officer", "supervisor"],
        installed_by="tom.admin",
        quota_per_day=500,
    )
    with TestClient(app=create_app(platform)) as test_client:
        yield test_client


@pytest.fixture
def platform(client: TestClient[Any]) -> Platform:
    return client.app.state.platform


def open_case(client: TestClient[Any]) -> str:
    body = {
        "narrative": NARRATIVE,
        "location": "Station Road",
        "reported_at": "2026-01-10T09:30:00Z",
    }
    response = client.post("/api/cases", json=body, headers=OFFICER)
    assert response.status_code == 201, response.text
    return response.json()["case_id"]


def invoke(client: TestClient[Any], case_id: str, who: dict[str, str] = OFFICER) -> Any:
    body = {
        "plugin_id": TOOL,
        "capability": "offence_suggestion",
        "input": {"narrative": NARRATIVE},
    }
    return client.post(f"/api/cases/{case_id}/invocations", json=body, headers=who)


def wait_until_finished(client: TestClient[Any], invocation_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        response = client.get(f"/api/invocations/{invocation_id}", headers=OFFICER)
        assert response.status_code == 200, response.text
        status = response.json()
        if status["status"] in {"completed", "failed"} or time.monotonic() > deadline:
            return status
        time.sleep(0.05)


def run_tool(client: TestClient[Any], case_id: str) -> dict[str, Any]:
    response = invoke(client, case_id)
    assert response.status_code == 202, response.text
    status = wait_until_finished(client, response.json()["invocation_id"])
    assert status["status"] == "completed", status
    return status


def test_an_officer_sees_the_tools_installed_for_their_role(client: TestClient[Any]) -> None:
    response = client.get("/api/tools", headers=OFFICER)

    assert response.status_code == 200, response.text
    (tool,) = response.json()
    assert tool["plugin_id"] == TOOL
    assert tool["name"] == "Keyword offence suggester"
    assert tool["capabilities"] == ["offence_suggestion"]
    assert (tool["registry_entry_id"], tool["certificate_id"]) == (ENTRY, CERTIFICATE)
    assert (tool["status"], tool["standing"], tool["available"]) == ("certified", "certified", True)
    assert tool["human_review_required"] is True
    assert tool["quota_per_day"] == 500
    # The analyst's role is not among those the force allowed.
    assert client.get("/api/tools", headers=ANALYST).json() == []


def test_an_officer_runs_a_tool_and_decides_what_goes_on_the_record(
    client: TestClient[Any], platform: Platform
) -> None:
    case_id = open_case(client)
    response = invoke(client, case_id)
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert accepted["status"] in {"requested", "completed"}
    assert (accepted["registry_entry_id"], accepted["certificate_id"]) == (ENTRY, CERTIFICATE)
    invocation_id = accepted["invocation_id"]
    status = wait_until_finished(client, invocation_id)
    assert status["status"] == "completed", status
    assert status["case_id"] == case_id
    assert status["error"] is None

    case = client.get(f"/api/cases/{case_id}", headers=OFFICER).json()
    assert case["offence"] is None  # a suggestion is not on the record
    (suggestion,) = case["suggestions"]
    assert suggestion["invocation"]["invocation_id"] == invocation_id
    first, second = suggestion["items"][:2]
    assert first["value"] == {"code": "44"}
    item_url = f"/api/cases/{case_id}/suggestions/{suggestion['suggestion_id']}/items"

    stale = {**OFFICER, "If-Match": str(case["version"] - 1)}
    response = client.post(f"{item_url}/{first['item_id']}/accept", json={}, headers=stale)
    assert response.status_code == 409, response.text
    current = {**OFFICER, "If-Match": str(case["version"])}
    response = client.post(f"{item_url}/{first['item_id']}/accept", headers=current)
    assert response.status_code == 200, response.text
    assert response.json()["version"] > case["version"]
    response = client.post(
        f"{item_url}/{second['item_id']}/reject",
        json={"reason": "nothing suggests a general theft"},
        headers=OFFICER,
    )
    assert response.status_code == 200, response.text

    case = client.get(f"/api/cases/{case_id}", headers=OFFICER).json()
    assert case["offence"]["code"] == "44"
    decisions = [item["decision"] for item in case["suggestions"][0]["items"][:2]]
    assert [(d["outcome"], d["by"]) for d in decisions] == [
        ("accepted", "pc.jones"),
        ("rejected", "pc.jones"),
    ]
    history = client.get(f"/api/cases/{case_id}/history", headers=OFFICER).json()
    classified = next(event for event in history if event["event"] == "CrimeClassified")
    assert classified["provenance"]["source"] == "accepted"
    assert classified["provenance"]["accepted_by"] == "pc.jones"
    assert classified["provenance"]["invocation_id"] == invocation_id
    assert classified["provenance"]["registry_entry_id"] == ENTRY

    platform.wait_for_projections()
    use = client.get(f"/api/cases/{case_id}/invocations", headers=OFFICER)
    assert use.status_code == 200, use.text
    (row,) = use.json()["invocations"]
    assert (row["invocation_id"], row["status"], row["requested_by"]) == (
        invocation_id,
        "completed",
        "pc.jones",
    )
    assert [(d["item_id"], d["decision"]) for d in use.json()["decisions"][:2]] == [
        (first["item_id"], "accepted"),
        (second["item_id"], "rejected"),
    ]

    export = client.get(f"/api/cases/{case_id}/ai-use", headers=OFFICER)
    assert export.status_code == 200, export.text
    sha256 = hashlib.sha256(export.content).hexdigest()
    assert export.headers["x-content-sha256"] == sha256
    digest = base64.b64encode(bytes.fromhex(sha256)).decode()
    assert export.headers["digest"] == f"sha-256={digest}"
    record = export.json()
    assert json.dumps(record, sort_keys=True, separators=(",", ":")).encode() == export.content
    assert record["case"]["case_id"] == case_id
    assert [i["invocation_id"] for i in record["invocations"]] == [invocation_id]
    items = record["suggestions"][0]["items"]
    assert items[0]["decision"]["outcome"] == "accepted"
    assert items[1]["decision"]["reason"] == "nothing suggests a general theft"
    disclosure = platform.access_log.for_case(case_id, "demo")[-1]
    assert (disclosure["action"], disclosure["user"]) == ("disclosure", "pc.jones")


def test_personal_data_about_tool_use_needs_a_purpose(client: TestClient[Any]) -> None:
    case_id = open_case(client)
    officer_without_purpose = headers("pc.jones", None)
    for url in (f"/api/cases/{case_id}/invocations", f"/api/cases/{case_id}/ai-use"):
        response = client.get(url, headers=officer_without_purpose)
        assert response.status_code == 400, response.text
        assert "X-Purpose" in response.json()["error"]


def test_only_the_roles_the_force_allowed_may_run_a_tool(client: TestClient[Any]) -> None:
    case_id = open_case(client)

    response = invoke(client, case_id, ANALYST)

    assert response.status_code == 403, response.text
    assert "analyst role may not use" in response.json()["error"]


def test_another_force_sees_neither_the_case_nor_the_invocation(
    client: TestClient[Any], platform: Platform
) -> None:
    case_id = open_case(client)
    status = run_tool(client, case_id)

    refused = invoke(client, case_id, OTHER_FORCE)
    assert refused.status_code == 403  # the other force has not installed the tool
    assert "not installed for force other" in refused.json()["error"]
    version = platform.host.get(TOOL).manifest.version
    platform.installations.install(
        force="other", plugin_id=TOOL, version=version, roles=["officer"], installed_by="admin"
    )
    try:
        assert invoke(client, case_id, OTHER_FORCE).status_code == 404
    finally:
        platform.installations.uninstall("other", TOOL)
    response = client.get(f"/api/invocations/{status['invocation_id']}", headers=OTHER_FORCE)
    assert response.status_code == 404
    assert client.get(f"/api/cases/{case_id}/ai-use", headers=OTHER_FORCE).status_code == 404


def test_a_supervisor_reviews_a_tools_use_across_the_force(
    client: TestClient[Any], platform: Platform
) -> None:
    status = run_tool(client, open_case(client))
    platform.wait_for_projections()

    response = client.get(f"/api/registry-entries/{ENTRY}/invocations", headers=SUPERVISOR)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["registry_entry_id"] == ENTRY
    assert status["invocation_id"] in {row["invocation_id"] for row in body["invocations"]}
    assert {row["registry_entry_id"] for row in body["invocations"]} == {ENTRY}
    unknown = client.get("/api/registry-entries/nothing/invocations", headers=SUPERVISOR)
    assert unknown.json() == {"registry_entry_id": "nothing", "invocations": [], "decisions": []}
    for who in (OFFICER, ANALYST, ADMIN):
        response = client.get(f"/api/registry-entries/{ENTRY}/invocations", headers=who)
        assert response.status_code == 403
        assert "only a supervisor" in response.json()["error"]


def test_a_force_admin_installs_and_uninstalls_a_tool_and_sees_its_usage(
    client: TestClient[Any], platform: Platform
) -> None:
    run_tool(client, open_case(client))
    platform.wait_for_projections()
    version = platform.host.get(TOOL).manifest.version

    (entry,) = client.get("/api/admin/catalogue", headers=ADMIN).json()
    assert (entry["plugin_id"], entry["version"], entry["standing"]) == (TOOL, version, "certified")
    assert (entry["installed_version"], entry["runs_here"]) == (version, True)
    usage = client.get("/api/admin/usage", headers=ADMIN).json()
    assert {"plugin_id": TOOL, "status": "completed", "count": usage[0]["count"]} in usage
    assert usage[0]["count"] >= 1

    response = client.delete(f"/api/admin/installations/{TOOL}", headers=ADMIN)
    assert response.status_code == 204, response.text
    assert client.get("/api/tools", headers=OFFICER).json() == []
    refused = invoke(client, open_case(client))
    assert refused.status_code == 403
    assert "not installed" in refused.json()["error"]
    assert client.delete(f"/api/admin/installations/{TOOL}", headers=ADMIN).status_code == 404

    body = {
        "plugin_id": TOOL,
        "version": version,
        "roles": ["officer", "supervisor"],
        "quota_per_day": 500,
        "quota_per_month": 10_000,
    }
    response = client.post("/api/admin/installations", json=body, headers=ADMIN)
    assert response.status_code == 201, response.text
    installed = response.json()
    assert (installed["force"], installed["installed_by"]) == ("demo", "tom.admin")
    assert (installed["quota_per_day"], installed["quota_per_month"]) == (500, 10_000)
    assert [tool["plugin_id"] for tool in client.get("/api/tools", headers=OFFICER).json()] == [
        TOOL
    ]

    uncertified = client.post(
        "/api/admin/installations", json={**body, "version": "9.9.9"}, headers=ADMIN
    )
    assert uncertified.status_code == 409
    assert "uncatalogued" in uncertified.json()["error"]
    wrong_role = client.post(
        "/api/admin/installations", json={**body, "roles": ["wizard"]}, headers=ADMIN
    )
    assert wrong_role.status_code == 400
    assert "unknown roles" in wrong_role.json()["error"]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/api/admin/catalogue"),
        ("GET", "/api/admin/usage"),
        ("POST", "/api/admin/installations"),
        ("DELETE", f"/api/admin/installations/{TOOL}"),
    ],
)
def test_an_officer_cannot_reach_the_admin_endpoints(
    client: TestClient[Any], method: str, url: str
) -> None:
    body = {"plugin_id": TOOL, "version": "1.0.0", "roles": ["analyst"]}
    response = client.request(method, url, headers=OFFICER, json=body if method == "POST" else None)

    assert response.status_code == 403, response.text
    assert "force administrator" in response.json()["error"]
    assert client.get("/api/tools", headers=OFFICER).json()[0]["plugin_id"] == TOOL


def test_bad_requests_get_a_json_error_never_a_server_error(client: TestClient[Any]) -> None:
    case_id = open_case(client)
    run_tool(client, case_id)
    case = client.get(f"/api/cases/{case_id}", headers=OFFICER).json()
    suggestion_id = case["suggestions"][0]["suggestion_id"]
    items = f"/api/cases/{case_id}/suggestions/{suggestion_id}/items"
    invocations = f"/api/cases/{case_id}/invocations"
    good = {"plugin_id": TOOL, "capability": "offence_suggestion", "input": {"narrative": "x"}}
    cases = [
        ("POST", invocations, {}, 400),
        ("POST", invocations, {**good, "capability": "telepathy"}, 400),
        ("POST", invocations, {**good, "input": {"narrative": 42}}, 400),
        ("POST", invocations, {**good, "input": {"narrative": ""}}, 400),
        ("POST", invocations, {**good, "input": [1, 2]}, 400),
        ("POST", invocations, {**good, "surprise": True}, 400),
        ("POST", invocations, {**good, "plugin_id": "nonexistent"}, 403),
        ("POST", invocations, {**good, "classification": "SECRET"}, 403),
        ("POST", invocations, "not json", 400),
        ("POST", f"/api/cases/{'0' * 8}-0000-0000-0000-{'0' * 12}/invocations", good, 404),
        ("GET", f"/api/invocations/{'0' * 8}-0000-0000-0000-{'0' * 12}", None, 404),
        ("GET", "/api/invocations/not-a-uuid", None, 404),
        ("POST", f"{items}/1/reject", {}, 400),
        ("POST", f"{items}/1/reject", {"reason": "   "}, 400),
        ("POST", f"{items}/1/accept", {"edits": {"colour": "red"}}, 400),
        ("POST", f"{items}/1/accept", {"edits": "all of it"}, 400),
        ("POST", f"{items}/99/accept", {}, 404),
        ("POST", f"/api/cases/{case_id}/suggestions/nope/items/1/reject", {"reason": "no"}, 404),
        ("POST", "/api/admin/installations", {"plugin_id": TOOL}, 403),
    ]
    for method, url, body, expected in cases:
        if isinstance(body, str):
            response = client.request(
                method, url, content=body, headers={**OFFICER, "Content-Type": "application/json"}
            )
        else:
            response = client.request(method, url, json=body, headers=OFFICER)
        assert response.status_code == expected, (url, body, response.text)
        assert response.json()["error"], (url, body)

    bad_admin_bodies: list[Any] = [
        {},
        {"plugin_id": TOOL, "version": "1.0.0", "roles": []},
        {"plugin_id": TOOL, "version": "1.0.0", "roles": ["officer"], "quota_per_day": -1},
        [TOOL],
    ]
    for body in bad_admin_bodies:
        response = client.post("/api/admin/installations", json=body, headers=ADMIN)
        assert response.status_code == 400, (body, response.text)
        assert response.json()["error"]


class FakePlatform:
    def __init__(self, redis_url: str) -> None:
        self.settings = types.SimpleNamespace(redis_url=redis_url)
        self.runners: list[Any] = []

    def start_jobs(self, runner: Any = None) -> None:
        self.runners.append(runner)


class FakeArqRunner:
    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url


def test_jobs_run_in_process_unless_redis_is_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    in_process = FakePlatform("")
    start_job_runner(in_process)  # type: ignore[arg-type]
    assert in_process.runners == [None]

    fake_module = types.ModuleType("policeai.worker.runner")
    fake_module.ArqRunner = FakeArqRunner  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "policeai.worker.runner", fake_module)
    on_redis = FakePlatform("redis://127.0.0.1:6379/0")
    start_job_runner(on_redis)  # type: ignore[arg-type]
    (runner,) = on_redis.runners
    assert isinstance(runner, FakeArqRunner)
    assert runner.redis_url == "redis://127.0.0.1:6379/0"

    monkeypatch.setitem(sys.modules, "policeai.worker.runner", None)
    with pytest.raises(PoliceAIError, match="POLICEAI_REDIS_URL is set"):
        start_job_runner(FakePlatform("redis://127.0.0.1:6379/0"))  # type: ignore[arg-type]
