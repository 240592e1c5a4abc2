"""The force administrator's tool pages and the Police.AI certifier's console pages."""

from __future__ import annotations

import hashlib
import json
import re
from html import unescape
from typing import Any

import msgspec
from litestar.testing import TestClient
from ui_helpers import KEYWORD_TOOL, RECORD_TOOL, errors_in, form_post, open_case, sign_in

from policeai.core.platform import Platform
from policeai.registry.demo import demo_atrs, demo_model_card


def test_a_force_admin_sees_the_catalogue_installed_tools_and_usage(
    client: TestClient[Any],
) -> None:
    sign_in(client, "tom.admin")

    page = client.get("/admin/tools")

    assert page.status_code == 200
    installed = page.text[page.text.index('id="installed"') : page.text.index('id="catalogue"')]
    catalogue = page.text[page.text.index('id="catalogue"') : page.text.index('id="usage"')]
    assert "Keyword offence suggester" in installed
    assert "TEST-CERT-1" in installed
    assert "police-ai/keyword-offence-suggester" in catalogue
    assert "Not synced from the Police.AI registry yet" in catalogue
    assert 'id="usage"' in page.text


def test_a_force_admin_enables_a_tool_for_roles_with_quotas(
    client: TestClient[Any], platform: Platform
) -> None:
    token = sign_in(client, "tom.admin")
    version = platform.host.get(RECORD_TOOL).manifest.version
    try:
        no_roles = form_post(
            client, "/admin/tools/install", token, plugin_id=RECORD_TOOL, version=version
        )
        bad_quota = form_post(
            client,
            "/admin/tools/install",
            token,
            plugin_id=RECORD_TOOL,
            version=version,
            roles=["officer"],
            quota_per_day="-1",
            quota_per_month="lots",
        )
        saved = form_post(
            client,
            "/admin/tools/install",
            token,
            plugin_id=RECORD_TOOL,
            version=version,
            roles=["officer", "analyst"],
            quota_per_day="40",
        )

        assert no_roles.status_code == 422
        assert "Choose at least one role that may use the tool" in no_roles.text
        assert bad_quota.status_code == 422
        assert "The daily quota must be a whole number" in errors_in(bad_quota.text)
        assert "The monthly quota must be a whole number" in errors_in(bad_quota.text)
        assert 'value="lots"' in bad_quota.text
        assert saved.status_code == 303
        installation = platform.installations.get("demo", RECORD_TOOL)
        assert installation is not None
        assert installation.roles == ["analyst", "officer"]
        assert installation.quota_per_day == 40
        # The analyst may now run it; the supervisor no longer sees it.
        supervisor = sign_in(client, "sgt.marsh")
        case_path = open_case(client, supervisor)
        panel = client.get(case_path).text
        assert "Test record entry" not in panel
        assert "Keyword offence suggester" in panel
        analyst = sign_in(client, "an.lee")
        form_post(client, f"{case_path}/purpose", analyst, purpose="Intelligence analysis")
        assert "Run Test record entry" in client.get(case_path).text
    finally:
        platform.installations.install(
            force="demo",
            plugin_id=RECORD_TOOL,
            version=version,
            roles=["officer", "supervisor"],
            installed_by="tom.admin",
        )


def test_a_force_admin_uninstalls_a_tool_and_nobody_can_run_it(
    client: TestClient[Any], platform: Platform
) -> None:
    version = platform.host.get(KEYWORD_TOOL).manifest.version
    officer = sign_in(client, "pc.jones")
    case_path = open_case(client, officer)
    token = sign_in(client, "tom.admin")
    try:
        removed = form_post(client, f"/admin/tools/{KEYWORD_TOOL}/uninstall", token)
        assert removed.status_code == 303
        assert "is uninstalled" in client.get("/admin/tools").text
        missing = form_post(client, f"/admin/tools/{KEYWORD_TOOL}/uninstall", token)
        assert missing.status_code == 404
        officer = sign_in(client, "pc.jones")
        form_post(client, f"{case_path}/purpose", officer, purpose="Investigating this crime")
        assert "Run Keyword offence suggester" not in client.get(case_path).text
        refused = form_post(
            client,
            f"{case_path}/invocations",
            officer,
            plugin_id=KEYWORD_TOOL,
            capability="offence_suggestion",
            classification="OFFICIAL",
        )
        assert refused.status_code == 422
        assert "Choose a tool from the list" in refused.text
    finally:
        platform.installations.install(
            force="demo",
            plugin_id=KEYWORD_TOOL,
            version=version,
            roles=["officer", "supervisor"],
            installed_by="tom.admin",
        )


def test_a_sync_that_cannot_be_verified_keeps_the_catalogue(client: TestClient[Any]) -> None:
    token = sign_in(client, "tom.admin")

    response = form_post(client, "/admin/catalogue/sync", token)

    assert response.status_code == 422
    assert "Sync failed:" in response.text
    assert "The catalogue view was not changed." in response.text
    assert "police-ai/keyword-offence-suggester" in response.text


def test_a_certifier_registers_submits_tests_and_decides_on_a_release(
    client: TestClient[Any], platform: Platform
) -> None:
    token = sign_in(client, "dr.carver")
    assert client.get("/console").status_code == 200

    bad = form_post(client, "/console/entries", token, slug="Not A Slug", atrs="{not json")
    assert bad.status_code == 422
    errors = errors_in(bad.text)
    assert any(e.startswith("A slug is 3-64 lower-case letters") for e in errors)
    assert any(e.startswith("The ATRS record is not valid JSON") for e in errors)
    assert "{not json</textarea>" in bad.text

    registered = form_post(
        client, "/console/entries", token, slug=KEYWORD_TOOL, atrs=json.dumps(demo_atrs())
    )
    assert registered.status_code == 303
    entry = client.get(registered.headers["location"])
    assert "Keyword offence suggester" in entry.text
    assert '"human_review_required": true' in unescape(entry.text)  # as this server runs it

    manifest = msgspec.to_builtins(platform.host.get(KEYWORD_TOOL).manifest)
    release = {
        "version": manifest["version"],
        "wheel_filename": f"keyword_offence_suggester-{manifest['version']}-py3-none-any.whl",
        "manifest": json.dumps(manifest),
        "model_card": json.dumps(demo_model_card()),
    }
    bad_hash = form_post(
        client, f"/console/entries/{KEYWORD_TOOL}/releases", token, wheel_sha256="abc", **release
    )
    assert "The SHA-256 must be 64 hexadecimal digits" in errors_in(bad_hash.text)
    submitted = form_post(
        client,
        f"/console/entries/{KEYWORD_TOOL}/releases",
        token,
        wheel_sha256=hashlib.sha256(b"wheel").hexdigest(),
        **release,
    )
    assert submitted.status_code == 303
    release_path = submitted.headers["location"]
    page = client.get(release_path).text
    assert '<span class="tag tag-submitted">submitted</span>' in page
    record_version = re.search(r'name="version" value="(\d+)"', page).group(1)

    tested = form_post(client, f"{release_path}/run-suite", token)
    assert tested.status_code == 303
    page = client.get(release_path).text
    assert "The reliability suite ran and its report is recorded." in page
    assert '<span class="tag tag-fails">fails</span>' in page  # the keyword tool's known result
    record_version = re.search(r'name="version" value="(\d+)"', page).group(1)

    no_expiry = form_post(
        client, f"{release_path}/certify", token, reason="looks fine", version=record_version
    )
    assert "Enter the date the certificate expires" in errors_in(no_expiry.text)
    refused = form_post(
        client,
        f"{release_path}/certify",
        token,
        reason="looks fine",
        expires_on="2099-01-01",
        version=record_version,
    )
    assert refused.status_code == 422
    assert "no passing reliability report" in refused.text

    rejected = form_post(
        client,
        f"{release_path}/reject",
        token,
        reason="top-3 accuracy below the standard",
        version=record_version,
    )
    assert rejected.status_code == 303
    page = client.get(release_path).text
    assert '<span class="tag tag-rejected">rejected</span>' in page
    assert "top-3 accuracy below the standard" in page
    suspend = form_post(client, f"{release_path}/suspend", token, reason="x")
    assert suspend.status_code == 422
    assert "cannot be suspended" in suspend.text
    assert client.get(f"{release_path}/nonsense").status_code == 405
