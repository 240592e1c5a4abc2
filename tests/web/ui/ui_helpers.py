"""Helpers for the case web app's tests: users of every role in two forces, two tools
installed, and the steps a browser takes (sign in, post a form with its CSRF token)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from policeai.core.catalogue.view import CatalogueRelease
from policeai.core.platform import Platform
from policeai.core.settings import Settings

PASSWORD = "correct horse battery"
USERS = (
    ("pc.jones", "demo", "officer", "PC 101 Ann Jones"),
    ("sgt.marsh", "demo", "supervisor", "Sgt 2 David Marsh"),
    ("an.lee", "demo", "analyst", "An Lee"),
    ("tom.admin", "demo", "force_admin", "Tom Admin"),
    ("dr.carver", "demo", "certifier", "Dr Helen Carver"),
    ("pc.smith", "other", "officer", "PC 7 Sam Smith"),
)
KEYWORD_TOOL = "keyword-offence-suggester"
RECORD_TOOL = "fake-record-entry"
SLOW_TOOL = "slow-offences"
TOOLS = {
    KEYWORD_TOOL: ("police-ai/keyword-offence-suggester", "TEST-CERT-1"),
    RECORD_TOOL: ("test/fake-record-entry", "TEST-CERT-2"),
    SLOW_TOOL: ("test/slow-offences", "TEST-CERT-3"),
}
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


def make_platform(data_dir: Path, **env: str) -> Platform:
    settings = Settings.from_env(
        {
            "POLICEAI_DATA_DIR": str(data_dir),
            "POLICEAI_SECRET_KEY": "test-secret",
            "POLICEAI_INVOCATION_CACHE_SECONDS": "0",
            "POLICEAI_EXTRA_PLUGINS": (
                "ui_fake_plugins:FakeRecordEntryPlugin,ui_fake_plugins:SlowOffencesPlugin"
            ),
            **env,
        }
    )
    platform = Platform(settings)
    for username, force, role, name in USERS:
        platform.users.add(
            username=username, force=force, role=role, display_name=name, password=PASSWORD
        )
    expires = datetime.now(UTC) + timedelta(days=365)
    for plugin_id, (entry, certificate) in TOOLS.items():
        version = platform.host.get(plugin_id).manifest.version
        platform.catalogue.put(
            CatalogueRelease(plugin_id, version, entry, certificate, "certified", expires)
        )
        platform.installations.install(
            force="demo",
            plugin_id=plugin_id,
            version=version,
            roles=["officer", "supervisor"],
            installed_by="tom.admin",
        )
    return platform


def token_in(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: TestClient[Any], username: str, password: str = PASSWORD) -> str:
    """Sign in afresh as ``username``; return the CSRF token for the forms."""
    client.cookies.clear()
    token = token_in(client.get("/sign-in").text)
    response = client.post(
        "/sign-in",
        data={"_csrf_token": token, "username": username, "password": password, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return token


def form_post(client: TestClient[Any], path: str, token: str, **fields: Any) -> Any:
    return client.post(path, data={"_csrf_token": token, **fields}, follow_redirects=False)


def open_case(
    client: TestClient[Any],
    token: str,
    narrative: str = "Mr Tom Baker took my bicycle from outside the station in DS19 KXE.",
    **fields: str,
) -> str:
    """Open a case through the form as the signed-in officer; return its path."""
    response = form_post(
        client,
        "/cases",
        token,
        narrative=narrative,
        location=fields.pop("location", "Station Road, Demoton"),
        reported_at=fields.pop("reported_at", "2026-01-10T09:30"),
        purpose=fields.pop("purpose", "Investigating this crime"),
        **fields,
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def version_in(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, "the page has no version field"
    return found.group(1)


def errors_in(html: str) -> list[str]:
    found = re.findall(r'class="field-error"[^>]*>.*?</span>(.*?)</p>', html, re.S)
    return [unescape(m.strip()) for m in found]


def run_tool(
    client: TestClient[Any], case_path: str, token: str, plugin_id: str, capability: str
) -> str:
    """Run a tool on the case and wait until it has finished; return the finished page."""
    response = form_post(
        client,
        f"{case_path}/invocations",
        token,
        plugin_id=plugin_id,
        capability=capability,
        document=case_path.rsplit("/", 1)[1],
        classification="OFFICIAL",
    )
    assert response.status_code == 303, response.text
    invocation = response.headers["location"].split("invocation=")[1].split("#")[0]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        polled = client.get(f"{case_path}/invocations/{invocation}", headers={"HX-Request": "true"})
        assert polled.status_code == 200, polled.text
        if polled.headers.get("hx-retarget") == "#main":
            return polled.text
        time.sleep(0.1)
    raise AssertionError("the tool did not finish within a minute")
