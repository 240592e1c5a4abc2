"""The demo publishes Police.AI's own tools the way the registry publishes any tool.

``policeai demo load`` registers each tool, submits its release with the wheel built from
source, runs the capability's reliability suite, certifies only a release whose report passes,
stores its wheel for ``/simple/``, then syncs the demo force's catalogue view from the signed
catalogue and installs the certified tools. Everything here is checked over the app's HTTP
interface, as a force or a member of the public would see it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from litestar.testing import TestClient

from policeai.cli.main import cli
from policeai.core.platform import Platform
from policeai.core.settings import Settings
from policeai.registry.demo import DEMO_TOOLS
from policeai.registry.sync import last_sync
from policeai.web.app import create_app

pytestmark = pytest.mark.slow

#: Tools whose reports pass their standard on the reference data (the README's figures).
EXPECTED_CERTIFIED = {"record-entry", "offence-suggester", "summariser", "redaction"}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data_dir: Path = tmp_path_factory.mktemp("demo")
    return {"POLICEAI_DATA_DIR": str(data_dir), "POLICEAI_SECRET_KEY": "test-secret"}


@pytest.fixture(scope="module")
def output(env: dict[str, str]) -> str:
    result = CliRunner().invoke(cli, ["demo", "load"], env=env)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def client(env: dict[str, str], output: str) -> Iterator[TestClient[Any]]:
    platform = Platform(Settings.from_env(env))
    with TestClient(app=create_app(platform)) as test_client:
        yield test_client


def entries(client: TestClient[Any]) -> dict[str, dict[str, Any]]:
    response = client.get("/api/public/registry/")
    assert response.status_code == 200, response.text
    body = response.json()
    listed = body["entries"] if isinstance(body, dict) else body
    return {entry["slug"]: entry for entry in listed}


def test_every_tool_is_registered_and_tested(client: TestClient[Any], output: str) -> None:
    listed = entries(client)
    for tool in DEMO_TOOLS:
        assert tool.plugin_id in listed, output
        assert f"Registry: {tool.plugin_id} " in output


def test_the_index_serves_exactly_the_certified_tools_with_their_hashes(
    client: TestClient[Any], output: str
) -> None:
    certified = {
        slug for slug, entry in entries(client).items() if "certified" in str(entry).lower()
    }
    index = client.get("/simple/")
    assert index.status_code == 200
    projects = set(re.findall(r'href="([a-z0-9._-]+)/"', index.text))
    served: set[str] = set()
    for project in projects:
        page = client.get(f"/simple/{project}/")
        for href, digest, filename in re.findall(
            r'href="([^"#]+)#sha256=([0-9a-f]{64})">([^<]+)<', page.text
        ):
            assert href.endswith(f"/{filename}")
            wheel = client.get(href)
            assert wheel.status_code == 200
            assert hashlib.sha256(wheel.content).hexdigest() == digest
            served.add(project)
    assert served, f"the index serves no tool:\n{output}"
    assert certified >= EXPECTED_CERTIFIED
    plugin_of_project = {
        tool.distribution.replace("-", "_").lower(): tool.plugin_id
        for tool in DEMO_TOOLS
        if tool.distribution
    }
    served_tools = {plugin_of_project.get(p.replace("-", "_").lower(), p) for p in served}
    assert served_tools >= EXPECTED_CERTIFIED
    assert served_tools <= certified  # nothing uncertified is ever served
    assert "keyword-offence-suggester" not in served_tools  # it fails its standard


def test_the_demo_force_synced_its_view_and_installed_only_certified_tools(
    env: dict[str, str], output: str
) -> None:
    with Platform(Settings.from_env(env)) as platform:
        state = last_sync(platform.engine)
        assert state is not None, output
        assert state.tree_size > 0
        view = {(r.plugin_id, r.status) for r in platform.catalogue.releases()}
        installed = {i.plugin_id for i in platform.installations.for_force("demo")}
    certified_in_view = {plugin for plugin, status in view if status == "certified"}
    assert installed == certified_in_view
    assert installed >= EXPECTED_CERTIFIED
    assert "keyword-offence-suggester" not in installed


def test_loading_again_does_nothing_twice(env: dict[str, str], output: str) -> None:
    again = CliRunner().invoke(cli, ["demo", "load"], env=env)
    assert again.exit_code == 0, again.output
    assert "already loaded" in again.output
    assert "Registry:" not in again.output  # no step is done a second time
