"""A real server and a real browser: the app under uvicorn on a free local port, over a data
directory of its own (SQLite, in-process jobs) with the demo force's users and some of its
cases, driven by Debian's Chromium through Playwright.

The tests skip, saying why, where ``/usr/bin/chromium`` is missing (``apt-get install
chromium``); CI installs it and sets ``POLICEAI_REQUIRE_BROWSER=1``, where they fail
instead. Screenshots of the main pages are kept under
``$POLICEAI_SCREENSHOTS`` (default: the test's temporary directory).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from policeai.core.catalogue.view import CatalogueRelease
from policeai.core.demo import load_demo
from policeai.core.demo.loader import read_cases
from policeai.core.platform import Platform
from policeai.core.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
#: The tool the scenario runs: the record-entry tool where this server runs it, otherwise the
#: built-in keyword offence suggester (whose suggestions are offences, not entities).
PREFERRED_TOOLS = ("record-entry", "keyword-offence-suggester")
OTHER_FORCE_USER = ("pc.smith", "other", "officer", "PC 7 Sam Smith")
OTHER_FORCE_PASSWORD = "another force's password"
DEMO_CASES = 12


@dataclass
class LiveServer:
    base_url: str
    platform: Platform
    passwords: dict[str, str]
    tool: str
    tool_name: str
    registry_entry: str
    screenshots: Path
    shots: list[Path] = field(default_factory=list)

    def shot(self, page: Any, name: str, *, full_page: bool = True) -> Path:
        path = self.screenshots / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        self.shots.append(path)
        return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        why = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests"
        if os.environ.get("POLICEAI_REQUIRE_BROWSER") == "1":  # CI: fail, never skip
            pytest.fail(why)
        pytest.skip(why)
    return CHROMIUM


def install_tool(platform: Platform) -> tuple[str, str, str]:
    """Put the scenario's tool in the demo force's catalogue view and install it for officers
    and supervisors, as a force administrator would after a sync."""
    plugin_id = next(p for p in PREFERRED_TOOLS if p in platform.host.loaded)
    manifest = platform.host.get(plugin_id).manifest
    entry = f"police-ai/{plugin_id}"
    existing = platform.catalogue.release(plugin_id, manifest.version)
    if existing is None or existing.status != "certified":
        platform.catalogue.put(
            CatalogueRelease(
                plugin_id,
                manifest.version,
                entry,
                "BROWSER-TEST-CERT",
                "certified",
                datetime.now(UTC) + timedelta(days=30),
            )
        )
    else:
        entry = existing.registry_entry_id
    platform.installations.install(
        force="demo",
        plugin_id=plugin_id,
        version=manifest.version,
        roles=["officer", "supervisor"],
        installed_by="force_admin",
    )
    return plugin_id, manifest.name, entry


# Module scope, not session: Playwright's sync API keeps an event loop running in this thread
# while it is open, which would break every later test that runs one (asyncio, anyio).
@pytest.fixture(scope="module")
def live_server(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    import uvicorn

    from policeai.web.app import create_app

    data_dir = tmp_path_factory.mktemp("browser-data")
    settings = Settings.from_env(
        {
            "POLICEAI_DATA_DIR": str(data_dir),
            "POLICEAI_SECRET_KEY": "browser-test-secret",
            "POLICEAI_INVOCATION_CACHE_SECONDS": "0",
            "POLICEAI_PLUGIN_TIMEOUT": "120",
        }
    )
    platform = Platform(settings)
    result = load_demo(platform, cases=read_cases()[:DEMO_CASES])
    passwords = {user.username: user.password for user in result.users}
    username, force, role, name = OTHER_FORCE_USER
    platform.users.add(
        username=username, force=force, role=role, display_name=name, password=OTHER_FORCE_PASSWORD
    )
    passwords[username] = OTHER_FORCE_PASSWORD
    tool, tool_name, entry = install_tool(platform)
    shots = Path(os.environ.get("POLICEAI_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    shots.mkdir(parents=True, exist_ok=True)

    port = free_port()
    config = uvicorn.Config(
        create_app(platform), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start within a minute")
        time.sleep(0.1)
    platform.wait_for_projections(timeout=120)
    try:
        yield LiveServer(base_url, platform, passwords, tool, tool_name, entry, shots)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=["--no-sandbox"]
        )
        try:
            yield launched
        finally:
            launched.close()
