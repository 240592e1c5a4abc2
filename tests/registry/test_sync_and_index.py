"""A force takes a certified tool from the Police.AI registry over HTTP, and only that.

The registry runs for real: the web app under uvicorn on a free localhost port, with one
entry whose release has a real wheel (built here with ``zipfile``: a tiny plugin with its
``policeai.plugins`` entry point), submitted, tested with a passing report and certified.
``pip install --index-url http://127.0.0.1:PORT/simple/`` installs it; ``policeai plugins
sync`` verifies the signed catalogue and the log's growth and updates the force's view;
``policeai plugins install`` installs only a certified wheel with the catalogue's hash. A
revocation reaches the force at its next sync and the gateway refuses the tool. A tampered
catalogue, a rewritten log or an altered wheel is refused, and the force keeps what it had.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest
import uvicorn
from click.testing import CliRunner, Result
from litestar import Litestar
from test_registry import ATRS, CERTIFIER, MODEL_CARD, VENDOR, manifest, report

from policeai.cli.main import cli
from policeai.cli.registry import ensure_signing_key
from policeai.core.context import Actor, acting_as
from policeai.core.database import make_engine
from policeai.core.invocations.gateway import InvocationRefusedError
from policeai.core.platform import Platform
from policeai.core.settings import Settings
from policeai.registry.keys import generate_key, public_key_b64, signing_key_path
from policeai.registry.merkle import leaf_hash, verify_consistency, verify_inclusion
from policeai.registry.sync import SyncState, last_sync
from policeai.registry.transparency import decode_leaf, verify_checkpoint
from policeai.registry.transparency.log import (
    checkpoints_table,
    head_table,
    leaves_table,
    nodes_table,
)
from policeai.web.app import create_app
from policeai.web.registry_http import STATE_KEY, PublicRegistry

TOOL = "tiny-offence-suggester"
MODULE = "tiny_offence_suggester"
VERSION = "1.0.0"
WHEEL = f"{MODULE}-{VERSION}-py3-none-any.whl"
DIST_INFO = f"{MODULE}-{VERSION}.dist-info"
MANIFEST = manifest(VERSION, id=TOOL, name="Tiny offence suggester")
OFFICER = Actor("pc.jones", "demo", "classifying a theft", role="officer")

PLUGIN_SOURCE = '''"""A tiny offence suggester: the smallest plugin a vendor could submit."""

import json

from policeai.core.plugins import hookimpl
from policeai.core.plugins.types import OffenceSuggestions

MANIFEST = json.loads({manifest!r})


@hookimpl
def policeai_manifest():
    return MANIFEST


@hookimpl
def policeai_suggest_offences(request):
    return OffenceSuggestions(suggestions=[])
'''


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode()}"


def build_wheel(extra: str = "") -> bytes:
    """A minimal valid wheel (PEP 427): the module, METADATA, WHEEL, entry points, RECORD.

    ``extra`` is appended to the module: another wheel of the same name and version.
    """
    source = PLUGIN_SOURCE.format(manifest=json.dumps(MANIFEST)) + extra
    files = {
        f"{MODULE}/__init__.py": source.encode(),
        f"{DIST_INFO}/METADATA": (
            f"Metadata-Version: 2.1\nName: {TOOL}\nVersion: {VERSION}\n"
            "Summary: A tiny offence suggester\nRequires-Dist: policeai-core\n"
        ).encode(),
        f"{DIST_INFO}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: test_sync_and_index\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n"
        ),
        f"{DIST_INFO}/entry_points.txt": f"[policeai.plugins]\n{TOOL} = {MODULE}\n".encode(),
    }
    record = "".join(f"{path},{_record_hash(data)},{len(data)}\n" for path, data in files.items())
    files[f"{DIST_INFO}/RECORD"] = f"{record}{DIST_INFO}/RECORD,,\n".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            info = zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


WHEEL_BYTES = build_wheel()
WHEEL_SHA = hashlib.sha256(WHEEL_BYTES).hexdigest()


# -- servers ----------------------------------------------------------------------------------


@contextmanager
def serving(app: Litestar) -> Iterator[str]:
    """Run ``app`` under uvicorn in a thread on a free localhost port; its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws="none", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "the registry's web server did not start"
        assert time.monotonic() < deadline, "the registry's web server took too long to start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@contextmanager
def fake_server(routes: Mapping[str, tuple[int, str, bytes]]) -> Iterator[str]:
    """A tiny HTTP server answering fixed paths: what a tampering middlebox would serve."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, content_type, body = routes.get(
                self.path.split("?", 1)[0], (404, "application/json", b'{"error": "no"}')
            )
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@dataclass
class National:
    """Police.AI's registry, served over HTTP."""

    url: str
    public: PublicRegistry
    platform: Platform
    public_key: str
    release_id: UUID
    data_dir: Path

    def get(self, path: str, **params: Any) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", params=params, timeout=30)

    def change(self, step: str) -> None:
        with acting_as(CERTIFIER):
            getattr(self.public.registry, step)(self.release_id, f"{step} for the test")


def run(env: Mapping[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=dict(env))


@pytest.fixture
def national(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[National]:
    monkeypatch.delenv("POLICEAI_SIGNING_KEY", raising=False)
    env = {"POLICEAI_DATA_DIR": str(tmp_path / "national"), "POLICEAI_SECRET_KEY": "test-secret"}
    settings = Settings.from_env(env)
    settings.ensure_data_dir()
    public_key = public_key_b64(generate_key(signing_key_path(settings)))
    platform = Platform(settings)
    app = create_app(platform)
    public: PublicRegistry = app.state[STATE_KEY]
    registry = public.registry
    with acting_as(VENDOR):
        entry_id = registry.register_entry(TOOL, ATRS)
        release_id = registry.submit_release(
            entry_id, VERSION, WHEEL, WHEEL_SHA, MANIFEST, MODEL_CARD
        )
    with acting_as(CERTIFIER):
        registry.record_test(release_id, report())
        registry.certify(release_id, datetime.now(UTC) + timedelta(days=365), "meets it")
    wheel = tmp_path / "upload" / "tiny.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(WHEEL_BYTES)
    published = run(env, "registry", "publish-wheel", TOOL, VERSION, str(wheel))
    assert published.exit_code == 0, published.output
    assert f"Stored {WHEEL}" in published.output
    with serving(app) as url:
        yield National(url, public, platform, public_key, release_id, settings.data_dir)


@pytest.fixture
def force(tmp_path: Path, national: National) -> dict[str, str]:
    """The force's environment: its own data, the registry's address and pinned key."""
    return {
        "POLICEAI_DATA_DIR": str(tmp_path / "force"),
        "POLICEAI_SECRET_KEY": "test-secret",
        "POLICEAI_REGISTRY_URL": national.url,
        "POLICEAI_REGISTRY_PUBLIC_KEY": national.public_key,
    }


@pytest.fixture(scope="module")
def venv_python(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh virtual environment with pip (from ensurepip: no network), for installs."""
    directory = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(directory)], check=True, timeout=300)
    return str(directory / "bin" / "python")


@pytest.fixture
def forget_plugin() -> Iterator[None]:
    yield
    sys.modules.pop(MODULE, None)


def view(env: Mapping[str, str]) -> list[dict[str, Any]]:
    result = run(env, "catalogue", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def force_state(env: Mapping[str, str]) -> SyncState | None:
    """The tree head and catalogue the force recorded at its last sync."""
    engine = make_engine(Settings.from_env(dict(env)).database_url)
    try:
        return last_sync(engine)
    finally:
        engine.dispose()


def synced(env: Mapping[str, str]) -> Result:
    result = run(env, "plugins", "sync")
    assert result.exit_code == 0, result.output
    return result


def installed(target: Path) -> bool:
    return (target / MODULE / "__init__.py").exists()


def gateway_check(env: Mapping[str, str]) -> None:
    """Ask the force's gateway whether an officer may run the tool now."""
    with Platform(Settings.from_env(dict(env))) as platform:
        if platform.installations.get("demo", TOOL) is None:
            platform.installations.install(
                force="demo", plugin_id=TOOL, version=VERSION, roles=["officer"], installed_by="t"
            )
        with acting_as(OFFICER):
            platform.gateway.check(TOOL, "offence_suggestion", "OFFICIAL", datetime.now(UTC))


# -- the story --------------------------------------------------------------------------------


@pytest.mark.slow
def test_pip_installs_a_certified_plugin_and_a_revocation_reaches_the_force(
    national, force, venv_python, tmp_path, monkeypatch, forget_plugin
):
    # Anyone may pip-install a certified plugin from the registry's simple index.
    by_pip = tmp_path / "by-pip"
    pip = subprocess.run(
        [
            *(venv_python, "-m", "pip", "install", "--disable-pip-version-check", "--no-deps"),
            *("--index-url", f"{national.url}/simple/", "--target", str(by_pip), TOOL),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert pip.returncode == 0, pip.stderr
    assert installed(by_pip)
    assert (by_pip / DIST_INFO / "entry_points.txt").read_text().startswith("[policeai.plugins]")

    # The force syncs the signed catalogue, then installs the release it lists.
    first = synced(force)
    assert "First sync: recorded the transparency log" in first.output
    assert [(r["plugin_id"], r["version"], r["standing"]) for r in view(force)] == [
        (TOOL, VERSION, "certified")
    ]
    plugins_dir = tmp_path / "plugins"
    done = run(
        force, "plugins", "install", f"{TOOL}=={VERSION}", "--python", venv_python,
        "--target", str(plugins_dir),
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert f"Installed {TOOL} {VERSION}" in done.output
    assert installed(plugins_dir)

    # Loaded from where it was installed, the plugin is certified in the force's view.
    monkeypatch.syspath_prepend(str(plugins_dir))
    listing = run(force, "plugins", "list", "--json")
    assert listing.exit_code == 0, listing.output
    row = {r["name"]: r for r in json.loads(listing.output)}[TOOL]
    certificate = national.public.registry.get_release(national.release_id)["certificate"]
    assert (row["status"], row["registry_entry"], row["certificate"]) == (
        "certified",
        TOOL,
        certificate["certificate_id"],
    )
    gateway_check(force)  # runs: installed, loaded, certified

    # Police.AI revokes it; at its next sync the force's gateway refuses it.
    national.change("revoke")
    again = synced(force)
    assert "consistency proof verified" in again.output
    with pytest.raises(InvocationRefusedError, match=r"is revoked: the tool may not be used"):
        gateway_check(force)
    listing = run(force, "plugins", "list", "--json")
    assert {r["name"]: r for r in json.loads(listing.output)}[TOOL]["status"] == "revoked"

    # Nor is it offered, served or installable any more.
    assert national.get(f"/simple/{TOOL}/").status_code == 404
    assert national.get(f"/files/{WHEEL}").status_code == 404
    refused = run(force, "plugins", "install", f"{TOOL}=={VERSION}", "--target", str(tmp_path))
    assert refused.exit_code == 1
    assert "is revoked in the force's verified catalogue: it may not be installed" in (
        refused.output
    )


def suspend_and_reinstate(national: National, force: Mapping[str, str]) -> None:
    synced(force)
    first = force_state(force)
    national.change("suspend")
    synced(force)
    assert [r["standing"] for r in view(force)] == ["suspended"]
    national.change("reinstate")
    result = run(force, "plugins", "sync", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["releases"] == {"certified": 1}
    assert [r["standing"] for r in view(force)] == ["certified"]
    state = force_state(force)
    assert first is not None
    assert state is not None
    assert state.tree_size >= first.tree_size + 2  # at least a catalogue issue per change
    assert report["previous_tree_size"] < report["tree_size"]
    assert report["tree_size"] == state.tree_size


def test_a_suspension_and_a_reinstatement_each_reach_the_force_at_its_next_sync(national, force):
    suspend_and_reinstate(national, force)


@pytest.mark.postgres
def test_a_force_on_postgresql_syncs_the_same_way(national, force, postgres_url, postgres_schema):
    sqlalchemy_url = postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)
    on_postgres = {
        **force,
        "POLICEAI_EVENT_STORE_URL": f"{postgres_url}?schema={postgres_schema}",
        "POLICEAI_DATABASE_URL": f"{sqlalchemy_url}?options=-csearch_path%3D{postgres_schema}",
    }
    suspend_and_reinstate(national, on_postgres)
    rewrite_log(national, 0)
    national.change("revoke")
    assert "this force verified at its last sync" in refused_sync(on_postgres)


# -- refusals: the force keeps what it had ----------------------------------------------------


def refused_sync(env: Mapping[str, str], *args: str) -> str:
    before = view(env)
    result = run(env, "plugins", "sync", *args)
    assert result.exit_code == 1, result.output
    assert "the force's catalogue view was not changed" in result.output
    assert view(env) == before
    return result.output


def test_a_tampered_catalogue_is_refused_and_the_previous_view_kept(national, force, tmp_path):
    synced(force)
    state = force_state(force)
    real = national.get("/catalogue.json").text
    national.change("revoke")
    document = json.loads(real)
    document["releases"][0]["expires_at"] = "2099-01-01T00:00:00.000000Z"
    forged = json.dumps(document).encode()
    with fake_server({"/catalogue.json": (200, "application/json", forged)}) as fake:
        output = refused_sync(force, "--registry", fake)
    assert "signature does not verify with the pinned key" in output

    other = public_key_b64(generate_key(tmp_path / "other.pem"))
    assert "not by the pinned Police.AI key" in refused_sync(force, "--public-key", other)
    with fake_server({"/catalogue.json": (200, "application/json", b"{oops")}) as fake:
        assert "not valid JSON" in refused_sync(force, "--registry", fake)
    with fake_server({}) as fake:
        assert "the registry answered 404" in refused_sync(force, "--registry", fake)
    assert "cannot fetch" in refused_sync(force, "--registry", "http://127.0.0.1:9")
    assert force_state(force) == state
    assert [r["standing"] for r in view(force)] == ["certified"]  # the revocation was not seen


def rewrite_log(national: National, entries: int) -> None:
    """Police.AI's log replaced by another history (each entry a validly signed append)."""
    with national.platform.engine.begin() as conn:
        for table in (leaves_table, nodes_table, head_table, checkpoints_table):
            conn.execute(table.delete())
    if entries:
        national.public.log.append_many([f"forged {n}".encode() for n in range(entries)])


def test_a_log_that_was_rolled_back_or_rewritten_is_refused(national, force):
    synced(force)
    synced(force)  # nothing changed: the same catalogue, the same tree head
    national.change("suspend")
    synced(force)
    national.change("reinstate")
    synced(force)
    state = force_state(force)
    assert state is not None

    rewrite_log(national, 0)
    national.change("suspend")  # a new catalogue, issued on a log of one leaf
    output = refused_sync(force)
    assert f"fewer than the {state.tree_size} this force verified" in output

    rewrite_log(national, state.tree_size + 4)
    national.change("reinstate")  # a new catalogue, on a longer log with another history
    output = refused_sync(force)
    assert "is not an extension of the log this force verified" in output
    assert "the log was rewritten" in output
    assert force_state(force) == state


@pytest.mark.slow
def test_an_altered_wheel_is_refused_and_nothing_installed(national, force, venv_python, tmp_path):
    synced(force)
    altered = build_wheel("\nimport os  # and whatever else an attacker likes\n")
    assert hashlib.sha256(altered).hexdigest() != WHEEL_SHA

    # Altered on the registry's disk: the registry withholds it.
    (national.data_dir / "wheels" / WHEEL).write_bytes(altered)
    answer = national.get(f"/files/{WHEEL}")
    assert answer.status_code == 409
    assert "withheld" in answer.json()["error"]
    target = tmp_path / "plugins"
    args = ("plugins", "install", f"{TOOL}=={VERSION}", "--python", venv_python)
    result = run(force, *args, "--target", str(target))
    assert result.exit_code == 1
    assert "nothing was installed" in result.output
    assert not installed(target)

    # Altered on the way (an index that serves other bytes): the force's own check refuses it.
    page = f'<a href="/files/{WHEEL}#sha256={WHEEL_SHA}">{WHEEL}</a>'.encode()
    routes = {
        f"/simple/{TOOL}/": (200, "text/html", page),
        f"/files/{WHEEL}": (200, "application/octet-stream", altered),
    }
    with fake_server(routes) as fake:
        result = run(force, *args, "--index-url", f"{fake}/simple/", "--target", str(target))
    assert result.exit_code == 1
    assert f"has SHA-256 {hashlib.sha256(altered).hexdigest()}, but the verified catalogue " in (
        result.output
    )
    assert "refusing to install it; nothing was installed" in result.output
    assert not installed(target)


def test_install_needs_a_synced_catalogue_and_an_exact_listed_release(national, force, tmp_path):
    target = str(tmp_path / "plugins")
    result = run(force, "plugins", "install", f"{TOOL}=={VERSION}", "--target", target)
    assert result.exit_code == 1
    assert "has not synced the Police.AI catalogue yet" in result.output
    synced(force)
    result = run(force, "plugins", "install", TOOL, "--target", target)
    assert "give the exact release as NAME==VERSION" in result.output
    result = run(force, "plugins", "install", f"{TOOL}==9.9.9", "--target", target)
    assert "is not in the force's verified catalogue" in result.output
    result = run(force, "plugins", "sync", "--public-key", "")
    assert result.exit_code == 0  # the pinned key from the settings


def test_sync_needs_a_pinned_key(force):
    result = run({**force, "POLICEAI_REGISTRY_PUBLIC_KEY": ""}, "plugins", "sync")
    assert result.exit_code == 1
    assert "no pinned registry key" in result.output


# -- the HTTP surface -------------------------------------------------------------------------


def test_the_simple_index_serves_certified_wheels_with_their_hashes(national):
    root = national.get("/simple/")
    assert root.status_code == 200
    assert root.headers["content-type"].startswith("text/html")
    assert f'<a href="{TOOL}/">{TOOL}</a>' in root.text
    for name in (TOOL, "Tiny_Offence.Suggester"):  # PEP 503 normalises the name
        page = national.get(f"/simple/{name}/")
        assert page.status_code == 200
        assert f'href="/files/{WHEEL}#sha256={WHEEL_SHA}"' in page.text
    assert national.get("/simple/no-such-tool/").status_code == 404
    wheel = national.get(f"/files/{WHEEL}")
    assert wheel.status_code == 200
    assert hashlib.sha256(wheel.content).hexdigest() == WHEEL_SHA
    for name in ("other-1.0.0-py3-none-any.whl", "..%2F..%2Fetc%2Fpasswd", "x.whl"):
        answer = national.get(f"/files/{name}")
        assert answer.status_code in {400, 404}, name
        assert "error" in answer.json()


def test_the_catalogue_and_the_log_verify_with_the_pinned_key(national):
    catalogue = national.get("/catalogue.json")
    assert catalogue.status_code == 200
    assert catalogue.headers["content-type"].startswith("application/json")
    document = catalogue.json()
    assert document["releases"][0]["wheel_sha256"] == WHEEL_SHA
    assert national.get("/catalogue.json").text == catalogue.text  # nothing changed: cached
    size, index = document["log"]["tree_size"], document["log"]["leaf_index"]
    root = base64.b64decode(document["log"]["root_hash"])

    latest = verify_checkpoint(national.get("/log/checkpoint").text, national.public_key)
    assert latest is not None
    assert latest.tree_size >= size

    leaves = national.get("/log/leaves", start=0, end=size).json()
    assert [leaf["index"] for leaf in leaves["leaves"]] == list(range(size))
    entry = base64.b64decode(leaves["leaves"][index]["entry"])
    assert decode_leaf(entry).event == "CatalogueIssued"

    inclusion = national.get("/log/proof/inclusion", index=index, size=size).json()
    proof = [base64.b64decode(node) for node in inclusion["proof"]]
    assert verify_inclusion(leaf_hash(entry), index, size, proof, root)

    national.change("suspend")
    newer = national.get("/catalogue.json").json()
    assert newer["releases"][0]["status"] == "suspended"
    new_size = newer["log"]["tree_size"]
    assert new_size > size
    answer = national.get("/log/proof/consistency", old=size, new=new_size).json()
    proof = [base64.b64decode(node) for node in answer["proof"]]
    new_root = base64.b64decode(newer["log"]["root_hash"])
    assert verify_consistency(size, new_size, root, new_root, proof)
    other_root = hashlib.sha256(b"another history").digest()
    assert not verify_consistency(size, new_size, other_root, new_root, proof)


BAD_LOG_PARAMETERS = [
    ("/log/proof/consistency", {}),
    ("/log/proof/consistency", {"old": "abc"}),
    ("/log/proof/consistency", {"old": "-1"}),
    ("/log/proof/consistency", {"old": "5", "new": "2"}),
    ("/log/proof/consistency", {"old": "99"}),
    ("/log/proof/consistency", {"old": str(2**70)}),
    ("/log/proof/inclusion", {"index": "99"}),
    ("/log/proof/inclusion", {"index": "0", "size": "99"}),
    ("/log/proof/inclusion", {"index": "x"}),
    ("/log/leaves", {"start": "99"}),
    ("/log/leaves", {"start": "2", "end": "1"}),
    ("/log/leaves", {"start": str(2**63)}),
]


def test_bad_log_parameters_get_400_json_never_500(national):
    national.get("/catalogue.json")  # the log holds a leaf
    for path, params in BAD_LOG_PARAMETERS:
        answer = national.get(path, **params)
        assert answer.status_code == 400, (path, params, answer.text)
        assert "error" in answer.json()


def test_without_its_key_the_registry_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv("POLICEAI_SIGNING_KEY", raising=False)
    settings = Settings.from_env({"POLICEAI_DATA_DIR": str(tmp_path), "POLICEAI_SECRET_KEY": "s"})
    app = create_app(Platform(settings))
    with serving(app) as url:
        answer = httpx.get(f"{url}/catalogue.json", timeout=30)
        assert answer.status_code == 503
        assert "policeai registry keygen" in answer.json()["error"]
        assert httpx.get(f"{url}/log/checkpoint", timeout=30).status_code == 404
        assert httpx.get(f"{url}/simple/", timeout=30).status_code == 200


# -- Police.AI's commands ---------------------------------------------------------------------


def test_keygen_prints_the_public_key_and_never_replaces_a_key(tmp_path, monkeypatch):
    monkeypatch.delenv("POLICEAI_SIGNING_KEY", raising=False)
    env = {"POLICEAI_DATA_DIR": str(tmp_path / "data"), "POLICEAI_SECRET_KEY": "s"}
    made = run(env, "registry", "keygen")
    assert made.exit_code == 0, made.output
    public = made.output.split("public key: ")[1].split()[0]
    assert f"POLICEAI_REGISTRY_PUBLIC_KEY={public}" in made.output
    again = run(env, "registry", "keygen")
    assert again.exit_code == 1
    assert "already exists" in again.output
    shown = run(env, "registry", "public-key")
    assert f"public key: {public}" in shown.output
    elsewhere = tmp_path / "elsewhere.pem"
    assert run(env, "registry", "keygen", "--path", str(elsewhere)).exit_code == 0
    assert elsewhere.stat().st_mode & 0o777 == 0o600
    # The first start of the embedded default makes one if there is none, and only then.
    settings = Settings.from_env({"POLICEAI_DATA_DIR": str(tmp_path / "fresh")})
    assert ensure_signing_key(settings) == signing_key_path(settings)
    assert ensure_signing_key(settings) is None


def test_publish_wheel_refuses_bytes_that_are_not_the_submitted_release(national, tmp_path):
    env = {"POLICEAI_DATA_DIR": str(national.data_dir), "POLICEAI_SECRET_KEY": "test-secret"}
    other = tmp_path / WHEEL
    other.write_bytes(WHEEL_BYTES + b"\0")
    result = run(env, "registry", "publish-wheel", TOOL, VERSION, str(other))
    assert result.exit_code == 1
    assert "it was not stored" in result.output
    result = run(env, "registry", "publish-wheel", TOOL, "9.9.9", str(other))
    assert "has no release 9.9.9" in result.output
    assert (national.data_dir / "wheels" / WHEEL).read_bytes() == WHEEL_BYTES
