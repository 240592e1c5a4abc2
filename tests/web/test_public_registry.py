"""Anyone, without signing in, reads the public registry: every AI system in use, its ATRS
record, its releases' certification and history, its reliability results drawn as charts, its
safeguards, which forces installed it and how much they use it; as pages and as JSON."""

from __future__ import annotations

import base64
import copy
import hashlib
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table

from policeai.core.catalogue.view import CatalogueRelease
from policeai.core.context import Actor, acting_as
from policeai.core.platform import Platform
from policeai.core.settings import Settings
from policeai.registry.certification import Group, ReliabilityReport, proportion_metric
from policeai.registry.demo import demo_atrs, demo_model_card, load_registry_demo
from policeai.registry.entries import Registry
from policeai.web.app import create_app
from policeai.web.registry_service import app_registry

PASSWORD = "correct horse battery"
TOOL = "keyword-offence-suggester"
VENDOR_TOOL = "acme-offence-classifier"
CERTIFIER = Actor("dr.carver", "policeai", "certification", role="certifier")
OFFICER = {
    "Authorization": "Basic " + base64.b64encode(f"pc.jones:{PASSWORD}".encode()).decode(),
    "X-Purpose": "recording a bicycle theft",
}


def vendor_atrs() -> dict[str, Any]:
    atrs = copy.deepcopy(demo_atrs())
    atrs["tier1"]["name"] = "Acme <Offence> Classifier"
    atrs["tier1"]["description"] = "A vendor's offence classifier <script>alert(1)</script>."
    atrs["tier2"]["owner_and_responsibility"]["supplier"] = {
        "name": "Acme Analytics Ltd",
        "companies_house_number": "12345678",
        "role": "Builds and maintains the classifier",
        "procurement_procedure": "Open competition",
        "data_access_terms": "No access to live force data",
    }
    return atrs


def vendor_manifest() -> dict[str, Any]:
    return {
        "id": VENDOR_TOOL,
        "version": "2.1.0",
        "name": "Acme offence classifier",
        "publisher": {
            "name": "Acme Analytics Ltd",
            "kind": "supplier",
            "companies_house_number": "12345678",
        },
        "capabilities": ["offence_suggestion"],
        "data_categories": ["personal"],
        "max_classification": "OFFICIAL",
        "model_name": "acme-clf",
        "model_version": "2.1.0",
        "intended_use": "Suggest offence classifications for the recording officer.",
        "known_limitations": "Trained on urban forces' narratives; rural crime is less accurate.",
        "human_review_required": True,
    }


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


def certify_vendor_tool(registry: Registry) -> None:
    with acting_as(CERTIFIER):
        entry_id = registry.register_entry(VENDOR_TOOL, vendor_atrs())
        release_id = registry.submit_release(
            entry_id,
            version="2.1.0",
            wheel_filename="acme_offence_classifier-2.1.0-py3-none-any.whl",
            wheel_sha256=hashlib.sha256(b"acme wheel").hexdigest(),
            manifest=vendor_manifest(),
            model_card=demo_model_card(),
        )
        registry.record_test(release_id, passing_report())
        registry.certify(
            release_id, datetime.now(UTC) + timedelta(days=365), "meets every standard"
        )


def report_usage(platform: Platform, entry_id: str) -> None:
    """What a force's usage report leaves in ``usage_monthly`` on the registry's side."""
    table = Table(
        "usage_monthly",
        MetaData(),
        Column("force", String(50), nullable=False),
        Column("registry_entry_id", String(64), nullable=False),
        Column("month", String(7), nullable=False),
        Column("invocations", Integer, nullable=False),
        Column("completed", Integer, nullable=False),
        Column("failed", Integer, nullable=False),
        Column("accepted", Integer, nullable=False),
        Column("rejected", Integer, nullable=False),
        Column("updated_at", DateTime(timezone=True)),
    )
    table.create(platform.engine, checkfirst=True)
    with platform.engine.begin() as conn:
        conn.execute(
            table.insert(),
            [
                {
                    "force": "northshire",
                    "registry_entry_id": entry_id,
                    "month": month,
                    "invocations": invocations,
                    "completed": invocations - 1,
                    "failed": 1,
                    "accepted": accepted,
                    "rejected": rejected,
                    "updated_at": datetime.now(UTC),
                }
                for month, invocations, accepted, rejected in (
                    ("2026-01", 120, 90, 30),
                    ("2026-02", 80, 40, 40),
                )
            ],
        )


def use_the_tool_once(client: TestClient[Any], platform: Platform) -> None:
    """An officer runs the keyword tool on a case, accepts one suggestion, rejects one."""
    opened = client.post(
        "/api/cases",
        json={
            "narrative": "My bicycle was stolen from the rack outside the station.",
            "location": "Station Road",
            "reported_at": "2026-01-10T09:30:00Z",
        },
        headers=OFFICER,
    )
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["case_id"]
    body = {
        "plugin_id": TOOL,
        "capability": "offence_suggestion",
        "input": {"narrative": "My bicycle was stolen from the rack outside the station."},
    }
    invoked = client.post(f"/api/cases/{case_id}/invocations", json=body, headers=OFFICER)
    assert invoked.status_code == 202, invoked.text
    deadline = time.monotonic() + 60
    while client.get(f"/api/invocations/{invoked.json()['invocation_id']}", headers=OFFICER).json()[
        "status"
    ] not in {"completed", "failed"}:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    case = client.get(f"/api/cases/{case_id}", headers=OFFICER).json()
    suggestion = case["suggestions"][0]
    url = f"/api/cases/{case_id}/suggestions/{suggestion['suggestion_id']}/items"
    first, second = suggestion["items"][:2]
    assert client.post(f"{url}/{first['item_id']}/accept", headers=OFFICER).status_code == 200
    rejected = client.post(
        f"{url}/{second['item_id']}/reject", json={"reason": "not a general theft"}, headers=OFFICER
    )
    assert rejected.status_code == 200, rejected.text
    platform.wait_for_projections()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient[Any]]:
    data_dir: Path = tmp_path_factory.mktemp("public-registry")
    settings = Settings.from_env(
        {
            "POLICEAI_DATA_DIR": str(data_dir),
            "POLICEAI_SECRET_KEY": "test-secret",
            "POLICEAI_INVOCATION_CACHE_SECONDS": "0",
        }
    )
    platform = Platform(settings)
    platform.users.add(
        username="pc.jones",
        force="demo",
        role="officer",
        display_name="PC Jones",
        password=PASSWORD,
    )
    with TestClient(app=create_app(platform)) as test_client:
        registry = app_registry(test_client.app.state)
        demo = load_registry_demo(registry, host=platform.host)
        certify_vendor_tool(registry)
        version = platform.host.get(TOOL).manifest.version
        platform.catalogue.put(
            CatalogueRelease(
                TOOL,
                version,
                str(demo.entry_id),
                "PAI-LOCAL-0001",
                "certified",
                datetime.now(UTC) + timedelta(days=30),
            )
        )
        platform.installations.install(
            force="demo",
            plugin_id=TOOL,
            version=version,
            roles=["officer"],
            installed_by="tom.admin",
        )
        platform.installations.install(
            force="northshire",
            plugin_id=VENDOR_TOOL,
            version="2.1.0",
            roles=["officer"],
            installed_by="ann.admin",
        )
        use_the_tool_once(test_client, platform)
        vendor = registry.get_entry_by_slug(VENDOR_TOOL)
        report_usage(platform, str(vendor["entry_id"]))
        yield test_client


def test_the_index_lists_every_system_without_sign_in(client: TestClient[Any]) -> None:
    response = client.get("/registry/")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<h1>AI systems in policing</h1>" in page
    assert "href='/registry/keyword-offence-suggester'" in page
    assert "Keyword offence suggester" in page
    assert "Acme &lt;Offence&gt; Classifier" in page  # escaped, never markup
    assert "<script>" not in page
    assert "Acme Analytics Ltd" in page
    assert "Police.AI" in page
    assert "status-tested'>tested<" in page
    assert "status-certified'>certified<" in page
    assert "northshire" in page
    assert "demo" in page


def test_an_entry_page_shows_the_atrs_record_and_charts(client: TestClient[Any]) -> None:
    response = client.get("/registry/keyword-offence-suggester")

    assert response.status_code == 200, response.text
    page = response.text
    atrs = demo_atrs()
    assert "<h1>Keyword offence suggester</h1>" in page
    assert "<h3>Tier 1</h3>" in page
    assert "<h3>Tier 2</h3>" in page
    assert "2.1 Owner and responsibility" in page
    assert "2.6 Risks, mitigations" in page
    owner = atrs["tier2"]["owner_and_responsibility"]["senior_responsible_owner"]
    assert owner in page
    assert atrs["tier1"]["website"] in page
    assert "/api/public/registry/keyword-offence-suggester/atrs.json" in page
    # Reliability results, drawn on the server.
    assert page.count("<svg") == 3  # top-3 and top-1 by group, and accuracy at rank k
    assert "role='img'" in page
    assert "standard ≥ 80.0%" in page
    assert "Theft offences (n=33)" in page
    assert "demoshire-narratives-v1" in page
    assert "status-fails'>fails<" in page
    # Certification history: who, when, why.
    assert "Certification history of release 1.0.0" in page
    assert "Reliability tested" in page
    assert "certifier" in page
    assert "offence-suggestion-v1 on demoshire-narratives-v1" in page
    # Safeguards, installations, usage.
    assert "Human review required" in page
    assert "OFFICIAL-SENSITIVE" in page
    assert "Matches keywords only" in page
    assert "Installations by force" in page
    assert "this platform&#x27;s own records" in page
    assert "50.0%" in page  # one suggestion accepted, one rejected


def test_the_entries_api_is_public(client: TestClient[Any]) -> None:
    response = client.get(
        "/api/public/registry/", headers={"Authorization": "Basic bm9ib2R5Om5vdGhpbmc="}
    )

    assert response.status_code == 200, response.text
    entries = {entry["slug"]: entry for entry in response.json()}
    assert set(entries) == {TOOL, VENDOR_TOOL}
    keyword = entries[TOOL]
    assert keyword["publisher"] == "Police.AI"
    assert keyword["forces"] == ["demo"]
    (release,) = keyword["releases"]
    assert (release["version"], release["standing"], release["certificate_id"]) == (
        "1.0.0",
        "tested",
        None,
    )
    assert release["latest_report_passed"] is False
    (vendor_release,) = entries[VENDOR_TOOL]["releases"]
    assert vendor_release["standing"] == "certified"
    assert vendor_release["certificate_id"].startswith("PAI-")
    assert entries[VENDOR_TOOL]["publisher"] == "Acme Analytics Ltd"


def test_an_entry_in_json_has_releases_history_safeguards_and_usage(
    client: TestClient[Any],
) -> None:
    response = client.get(f"/api/public/registry/{TOOL}")

    assert response.status_code == 200, response.text
    entry = response.json()
    assert entry["atrs"]["tier1"]["name"] == "Keyword offence suggester"
    assert entry["safeguards"]["human_review_required"] is True
    assert entry["safeguards"]["max_classification"] == "OFFICIAL-SENSITIVE"
    assert entry["safeguards"]["data_categories"] == ["personal"]
    (release,) = entry["releases"]
    assert [step["event"] for step in release["history"]] == [
        "ReleaseSubmitted",
        "ReliabilityTested",
    ]
    assert {step["by"] for step in release["history"]} == {"certifier"}
    assert all(step["reason"] and step["at"] for step in release["history"])
    (report,) = release["reports"]
    assert report["passed"] is False
    assert report["report"]["dataset"] == "demoshire-narratives-v1"
    assert {row["rule_id"]: row["status"] for row in release["ledger"]}[
        "reliability-report-passing"
    ] == "todo"
    (installation,) = entry["installations"]
    assert installation == {
        "force": "demo",
        "version": "1.0.0",
        "release_standing": "tested",
        "roles": ["officer"],
        "installed_at": installation["installed_at"],
    }
    assert "installed_by" not in installation  # no names of staff
    usage = entry["usage"]
    assert usage["source"] == "this platform's own records"
    (month,) = usage["months"]
    assert (month["force"], month["invocations"], month["completed"]) == ("demo", 1, 1)
    assert (month["accepted"], month["rejected"]) == (1, 1)
    assert (month["accepted_share"], month["rejected_share"]) == (0.5, 0.5)


def test_usage_reported_by_forces_is_shown_by_month(client: TestClient[Any]) -> None:
    entry = client.get(f"/api/public/registry/{VENDOR_TOOL}").json()

    assert entry["usage"]["source"] == "usage reports from forces"
    assert [
        (m["force"], m["month"], m["invocations"], m["accepted_share"], m["rejected_share"])
        for m in entry["usage"]["months"]
    ] == [("northshire", "2026-01", 120, 0.75, 0.25), ("northshire", "2026-02", 80, 0.5, 0.5)]
    (release,) = entry["releases"]
    assert release["certificate"]["certificate_id"] == release["certificate_id"]
    assert [step["event"] for step in release["history"]][-1] == "Certified"
    page = client.get(f"/registry/{VENDOR_TOOL}").text
    assert "usage reports from forces" in page
    assert "75.0%" in page
    assert "is <span class='status status-certified'>certified</span> until" in page


def test_the_atrs_record_exports_as_json(client: TestClient[Any]) -> None:
    response = client.get(f"/api/public/registry/{TOOL}/atrs.json")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "attachment" in response.headers["content-disposition"]
    assert f"{TOOL}-atrs.json" in response.headers["content-disposition"]
    record = response.json()
    assert record["standard"] == "Algorithmic Transparency Recording Standard"
    assert record["slug"] == TOOL
    atrs = demo_atrs()
    assert record["tier1"] == atrs["tier1"]
    assert record["tier2"]["decision_making"] == atrs["tier2"]["decision_making"]


@pytest.mark.parametrize(
    "path", ["/api/public/registry/no-such-tool", "/api/public/registry/no-such-tool/atrs.json"]
)
def test_an_unknown_slug_is_a_json_404(client: TestClient[Any], path: str) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert response.json() == {"error": "no registry entry has the slug 'no-such-tool'"}


def test_an_unknown_slug_is_an_html_404_page(client: TestClient[Any]) -> None:
    response = client.get("/registry/no-such-tool")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Not in the registry</h1>" in response.text
    assert "href='/registry/'" in response.text
