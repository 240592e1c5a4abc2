"""A Police.AI certifier works the console: registers a system with its ATRS record, takes a
release, runs its reliability suite, and certifies, rejects, suspends, reinstates or revokes
it, each with a reason on the record. A release without a passing report is never certified,
and nobody but a certifier may use the console."""

from __future__ import annotations

import base64
import copy
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
import pytest
from litestar.testing import TestClient

from policeai.core.context import Actor, acting_as
from policeai.core.platform import Platform
from policeai.core.settings import Settings
from policeai.registry.certification import Group, ReliabilityReport, proportion_metric
from policeai.registry.demo import demo_atrs, demo_model_card
from policeai.web.app import create_app
from policeai.web.registry_service import app_registry

PASSWORD = "correct horse battery"
TOOL = "keyword-offence-suggester"
VENDOR_TOOL = "acme-offence-classifier"


def headers(username: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


CERTIFIER = headers("dr.carver")
OFFICER = headers("pc.jones")
ADMIN = headers("tom.admin")
IN_A_YEAR = (datetime.now(UTC) + timedelta(days=365)).isoformat()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient[Any]]:
    data_dir: Path = tmp_path_factory.mktemp("console")
    settings = Settings.from_env(
        {"POLICEAI_DATA_DIR": str(data_dir), "POLICEAI_SECRET_KEY": "test-secret"}
    )
    platform = Platform(settings)
    for username, role in (
        ("dr.carver", "certifier"),
        ("pc.jones", "officer"),
        ("tom.admin", "force_admin"),
    ):
        platform.users.add(
            username=username, force="demo", role=role, display_name=username, password=PASSWORD
        )
    with TestClient(app=create_app(platform)) as test_client:
        yield test_client


def manifest_of(client: TestClient[Any], plugin_id: str) -> dict[str, Any]:
    platform: Platform = client.app.state.platform
    return msgspec.to_builtins(platform.host.get(plugin_id).manifest)


def register_and_submit(
    client: TestClient[Any], slug: str, atrs: dict[str, Any], manifest: dict[str, Any]
) -> dict[str, Any]:
    registered = client.post(
        "/api/console/entries", json={"slug": slug, "atrs": atrs}, headers=CERTIFIER
    )
    assert registered.status_code == 201, registered.text
    assert registered.json()["slug"] == slug
    version = manifest["version"]
    submitted = client.post(
        f"/api/console/entries/{slug}/releases",
        json={
            "version": version,
            "wheel_filename": f"{slug.replace('-', '_')}-{version}-py3-none-any.whl",
            "wheel_sha256": hashlib.sha256(slug.encode()).hexdigest(),
            "manifest": manifest,
            "model_card": demo_model_card(),
        },
        headers=CERTIFIER,
    )
    assert submitted.status_code == 201, submitted.text
    return submitted.json()


def act(
    client: TestClient[Any],
    release_id: str,
    action: str,
    body: dict[str, Any] | None = None,
    **extra: str,
) -> Any:
    return client.post(
        f"/api/console/releases/{release_id}/{action}", json=body, headers={**CERTIFIER, **extra}
    )


def test_a_release_is_tested_by_its_suite_and_not_certified_when_it_fails(
    client: TestClient[Any],
) -> None:
    release = register_and_submit(client, TOOL, demo_atrs(), manifest_of(client, TOOL))
    release_id = release["release_id"]
    assert (release["status"], release["reports"]) == ("submitted", [])

    untested = act(client, release_id, "certify", {"expires_at": IN_A_YEAR, "reason": "ok"})
    assert untested.status_code == 409, untested.text
    assert "no passing reliability report" in untested.json()["error"]

    tested = act(client, release_id, "run-suite")
    assert tested.status_code == 200, tested.text
    tested_release = tested.json()
    assert tested_release["status"] == "tested"
    (report,) = tested_release["reports"]
    assert report["passed"] is False
    top3 = next(m for m in report["report"]["metrics"] if m["name"] == "top3_accuracy")
    assert top3["lower"] <= top3["value"] <= top3["upper"]
    assert tested_release["history"][-1]["certifier"] == "dr.carver"
    assert "fails" in tested_release["history"][-1]["reason"]

    refused = act(client, release_id, "certify", {"expires_at": IN_A_YEAR, "reason": "ok"})
    assert refused.status_code == 409, refused.text
    assert "the latest fails: top3_accuracy" in refused.json()["error"]

    rejected = act(client, release_id, "reject", {"reason": "top-3 accuracy below 80%"})
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["status"] == "rejected"

    shown = client.get(f"/api/console/releases/{release_id}", headers=CERTIFIER)
    assert shown.status_code == 200, shown.text
    steps = [(s["event"], s["certifier"], s["reason"]) for s in shown.json()["history"]]
    assert steps[-1] == ("Rejected", "dr.carver", "top-3 accuracy below 80%")
    assert {row["rule_id"] for row in shown.json()["ledger"]} >= {"reliability-report-passing"}


def test_a_certifier_certifies_suspends_reinstates_and_revokes(client: TestClient[Any]) -> None:
    atrs = copy.deepcopy(demo_atrs())
    atrs["tier1"]["name"] = "Acme offence classifier"
    atrs["tier2"]["owner_and_responsibility"]["supplier"] = {
        "name": "Acme Analytics Ltd",
        "companies_house_number": "12345678",
        "role": "Builds the classifier",
        "procurement_procedure": "Open competition",
        "data_access_terms": "None",
    }
    manifest = {
        **manifest_of(client, TOOL),
        "id": VENDOR_TOOL,
        "version": "2.1.0",
        "model_version": "2.1.0",
        "publisher": {
            "name": "Acme Analytics Ltd",
            "kind": "supplier",
            "companies_house_number": "12345678",
        },
    }
    release_id = register_and_submit(client, VENDOR_TOOL, atrs, manifest)["release_id"]
    # Its suite cannot run here (the vendor's tool is not installed on this server) ...
    not_here = act(client, release_id, "run-suite")
    assert not_here.status_code == 409
    assert "not installed on this machine" in not_here.json()["error"]
    # ... so Police.AI's test lab records the report it measured.
    with acting_as(Actor("lab", "policeai", "reliability testing", role="certifier")):
        app_registry(client.app.state).record_test(UUID(release_id), passing_report())

    exempt = act(
        client,
        release_id,
        "exempt",
        {"rule_id": "impact-assessments-published", "reason": "the DPIA is published next week"},
    )
    assert exempt.status_code == 200, exempt.text
    ledger = {row["rule_id"]: row for row in exempt.json()["ledger"]}
    assert ledger["impact-assessments-published"]["status"] == "exempt"
    assert "dr.carver" in ledger["impact-assessments-published"]["detail"]

    version = exempt.json()["record_version"]
    stale = act(
        client,
        release_id,
        "certify",
        {"expires_at": IN_A_YEAR, "reason": "meets the standard"},
        **{"If-Match": str(version - 1)},
    )
    assert stale.status_code == 409, stale.text
    certified = act(
        client,
        release_id,
        "certify",
        {"expires_at": IN_A_YEAR, "reason": "meets the standard"},
        **{"If-Match": str(version)},
    )
    assert certified.status_code == 200, certified.text
    assert certified.json()["status"] == "certified"
    assert certified.json()["certificate"]["certificate_id"].startswith("PAI-")

    for action, status in (
        ("suspend", "suspended"),
        ("reinstate", "certified"),
        ("revoke", "revoked"),
    ):
        response = act(client, release_id, action, {"reason": f"{action}: see the notice"})
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status
    again = act(client, release_id, "reinstate", {"reason": "please"})
    assert again.status_code == 409
    assert "revoked" in again.json()["error"]
    blank = act(client, release_id, "revoke", {"reason": "  "})
    assert blank.status_code in {400, 409}

    events = [
        s["event"]
        for s in client.get(f"/api/console/releases/{release_id}", headers=CERTIFIER).json()[
            "history"
        ]
    ]
    assert events == [
        "ReleaseSubmitted",
        "ReliabilityTested",
        "RuleExempted",
        "Certified",
        "Suspended",
        "Reinstated",
        "Revoked",
    ]
    public = client.get(f"/api/public/registry/{VENDOR_TOOL}").json()
    assert public["releases"][0]["standing"] == "revoked"


@pytest.mark.parametrize("who", [OFFICER, ADMIN])
def test_nobody_but_a_certifier_may_use_the_console(
    client: TestClient[Any], who: dict[str, str]
) -> None:
    registered = client.post(
        "/api/console/entries", json={"slug": "sneaky-tool", "atrs": demo_atrs()}, headers=who
    )
    assert registered.status_code == 403, registered.text
    assert registered.json()["error"] == "only a Police.AI certifier may use the console"
    release_id = "00000000-0000-0000-0000-000000000000"
    for method, url in (
        ("GET", f"/api/console/releases/{release_id}"),
        ("POST", f"/api/console/releases/{release_id}/run-suite"),
    ):
        assert client.request(method, url, headers=who).status_code == 403
    response = client.post(
        f"/api/console/releases/{release_id}/certify",
        json={"expires_at": IN_A_YEAR, "reason": "trust me"},
        headers=who,
    )
    assert response.status_code == 403


def test_the_console_needs_a_sign_in(client: TestClient[Any]) -> None:
    response = client.post("/api/console/entries", json={"slug": "x", "atrs": {}})

    assert response.status_code == 401
    assert "WWW-Authenticate" in response.headers


def test_bad_input_is_refused_with_the_field_named(client: TestClient[Any]) -> None:
    atrs = demo_atrs()
    del atrs["tier1"]["contact_email"]
    response = client.post(
        "/api/console/entries", json={"slug": "incomplete-tool", "atrs": atrs}, headers=CERTIFIER
    )
    assert response.status_code == 400
    assert "contact_email" in response.json()["error"]
    unknown = client.get(
        "/api/console/releases/00000000-0000-0000-0000-000000000000", headers=CERTIFIER
    )
    assert unknown.status_code == 404


def passing_report() -> ReliabilityReport:
    groups = [
        Group(
            factor=factor,
            group=group,
            n=100,
            metrics=[proportion_metric("top3_accuracy", hits, 100, threshold=0.8, required=False)],
        )
        for factor in ("offence group", "narrative length")
        for group, hits in (("a", 88), ("b", 84))
    ]
    return ReliabilityReport(
        suite="offence-suggestion-v1",
        dataset="acme-holdout-v2",
        dataset_sha256=hashlib.sha256(b"acme holdout").hexdigest(),
        run_at=datetime.now(UTC),
        metrics=[proportion_metric("top3_accuracy", 172, 200, threshold=0.8)],
        groups=groups,
    )
