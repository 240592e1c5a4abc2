"""AI invocations on real arq worker processes through Redis, on SQLite and PostgreSQL.

Each test starts ``policeai worker --processes 3`` (in a process group of its own, stopped at
teardown) on its own queue in the tests' Redis database, submits through the gateway with an
:class:`ArqRunner`, and reads the outcome from the event store. The misbehaving tools come from
``tests/core/misbehaving_plugins.py``, put on the workers' ``PYTHONPATH``.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from policeai.core.catalogue.view import CatalogueRelease
from policeai.core.context import Actor, acting_as
from policeai.core.invocations.domainmodel import FINISHED
from policeai.core.platform import Platform
from policeai.core.settings import Settings
from policeai.worker.runner import ArqRunner
from policeai.worker.settings import JOB_TIMEOUT_MARGIN_S

pytestmark = [pytest.mark.redis, pytest.mark.slow]

TESTS_CORE = Path(__file__).resolve().parents[1] / "core"
POLICEAI = Path(sys.executable).with_name("policeai")
TOOLS = ["good", "raising", "hanging", "self-killing", "wrong-shape", "unencodable", "slow"]
EXTRA = ",".join(f"misbehaving_plugins:{name.title().replace('-', '')}Plugin" for name in TOOLS)
PLUGIN_TIMEOUT_S = 2.0
# A killed worker's job runs again once arq's in-progress marker expires.
RECOVERY_S = PLUGIN_TIMEOUT_S + JOB_TIMEOUT_MARGIN_S + 10 + 20
OFFICER = Actor("pc.jones", "demo", "investigation", role="officer")
REQUEST = {"narrative": "My bike was stolen from outside the station."}
FAILURES = [
    ("raising", "ValueError"),
    ("hanging", "PluginTimeout"),
    ("wrong-shape", "InvalidOutput"),
    ("self-killing", "PluginCrashed"),
    ("unencodable", "UnencodableOutput"),
]
READY = re.compile(r" (\d+) policeai\.worker\.settings INFO: worker ready")


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a worker process the same settings."""
    return {
        "POLICEAI_DATA_DIR": str(settings.data_dir),
        "POLICEAI_EVENT_STORE_URL": settings.event_store_url,
        "POLICEAI_DATABASE_URL": settings.database_url,
        "POLICEAI_SECRET_KEY": settings.secret_key,
        "POLICEAI_REDIS_URL": settings.redis_url,
        "POLICEAI_PLUGIN_TIMEOUT": str(settings.plugin_timeout_s),
        "POLICEAI_INVOCATION_CACHE_SECONDS": str(settings.invocation_cache_s),
        "POLICEAI_EXTRA_PLUGINS": ",".join(settings.extra_plugins),
    }


class Workers:
    """``policeai worker --processes N`` in its own process group, logging to a file."""

    def __init__(self, env: dict[str, str], log: Path, processes: int) -> None:
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(POLICEAI), "worker", "--processes", str(processes)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def ready_pids(self) -> list[int]:
        return [int(pid) for pid in READY.findall(self.log.read_text())]

    def wait_ready(self, count: int, timeout: float = 90.0) -> list[int]:
        deadline = time.monotonic() + timeout
        while len(pids := self.ready_pids()) < count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{count} workers were not ready:\n{self.log.read_text()}")
            time.sleep(0.1)
        return pids

    def stop(self) -> None:
        """Ask the supervisor to stop its workers; kill the whole group if it takes too long."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=PLUGIN_TIMEOUT_S + JOB_TIMEOUT_MARGIN_S + 10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # stragglers: plugin processes too
        self.process.wait()


@pytest.fixture
def workers_platform(
    backend: str,
    settings_for: Any,
    redis_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[Platform, Workers]]:
    monkeypatch.syspath_prepend(str(TESTS_CORE))  # the misbehaving tools, here and in workers
    settings = settings_for(
        backend,
        POLICEAI_REDIS_URL=redis_url,
        POLICEAI_EXTRA_PLUGINS=EXTRA,
        POLICEAI_PLUGIN_TIMEOUT=str(PLUGIN_TIMEOUT_S),
        POLICEAI_INVOCATION_CACHE_SECONDS="0",
    )
    queue = f"policeai:test:{uuid.uuid4().hex[:12]}"
    with Platform(settings) as platform:
        expires = datetime.now(UTC) + timedelta(days=365)
        for plugin_id in TOOLS:
            version = platform.host.get(plugin_id).manifest.version
            platform.catalogue.put(
                CatalogueRelease(
                    plugin_id,
                    version,
                    f"entry-{plugin_id}",
                    f"cert-{plugin_id}",
                    "certified",
                    expires,
                )
            )
            platform.installations.install(
                force="demo",
                plugin_id=plugin_id,
                version=version,
                roles=["officer"],
                installed_by="admin",
            )
        env = {
            **os.environ,
            **settings_env(settings),
            "POLICEAI_JOB_QUEUE": queue,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(TESTS_CORE), os.environ.get("PYTHONPATH")])
            ),
            "PYTHONUNBUFFERED": "1",
        }
        workers = Workers(env, tmp_path / "workers.log", processes=3)
        try:
            platform.start_jobs(ArqRunner(redis_url, queue_name=queue))
            workers.wait_ready(3)
            yield platform, workers
        finally:
            workers.stop()


def open_case(platform: Platform) -> UUID:
    return platform.cases.open_case(
        narrative="Bicycle stolen from the rack at the station",
        reported_at=datetime.now(UTC) - timedelta(hours=1),
        location="Station Road",
    )["case_id"]


def invoke(platform: Platform, case_id: UUID, plugin_id: str, request: Any = REQUEST) -> UUID:
    return platform.gateway.invoke(
        case_id=case_id, plugin_id=plugin_id, capability="offence_suggestion", request=request
    )["invocation_id"]


def wait_finished(platform: Platform, ids: list[UUID], timeout: float = 60.0) -> list[dict]:
    """The statuses of ``ids`` once all have finished."""
    deadline = time.monotonic() + timeout
    pending = set(ids)
    while pending:
        pending = {i for i in pending if platform.gateway.status(i)["status"] not in FINISHED}
        if pending and time.monotonic() > deadline:
            pytest.fail(f"{len(pending)} invocation(s) did not finish in {timeout:g} s")
        time.sleep(0.05)
    return [platform.gateway.status(i) for i in ids]


def worker_pid(platform: Platform, invocation_id: UUID) -> int | None:
    """The pid of the worker that started the invocation (the first one, if several did)."""
    for event in platform.cases.events.get(invocation_id):
        if type(event).__name__.endswith("Started"):
            return int(event.worker.rsplit(":", 1)[1])
    return None


def test_many_invocations_complete_on_several_workers(workers_platform):
    platform, workers = workers_platform
    runner = platform.gateway.runner
    with acting_as(OFFICER):
        case_ids = [open_case(platform) for _ in range(4)]
        ids = [
            invoke(platform, case_ids[n % 4], "good", {"narrative": f"Bike {n} taken"})
            for n in range(40)
        ]
        deadline = time.monotonic() + 60
        while pending := {i for i in ids if platform.gateway.status(i)["status"] not in FINISHED}:
            assert time.monotonic() < deadline, f"{len(pending)} invocation(s) did not finish"
            time.sleep(0.05)
        statuses = [platform.gateway.status(i)["status"] for i in ids]
        suggestions = [len(platform.cases.get_case(c)["suggestions"]) for c in case_ids]
        # Submitting a finished invocation again runs nothing: its job id is taken.
        versions = [platform.cases.repository.get(i).version for i in ids[:5]]
        for invocation_id in ids[:5]:
            runner.submit(invocation_id)
        time.sleep(0.5)
        assert [platform.cases.repository.get(i).version for i in ids[:5]] == versions

    assert statuses == ["completed"] * 40
    assert suggestions == [10, 10, 10, 10]
    pids = {worker_pid(platform, i) for i in ids}
    assert pids <= set(workers.ready_pids())
    assert len(pids) >= 2, "the jobs should be shared between the workers"


def test_a_failing_tool_fails_its_invocation_and_the_workers_carry_on(workers_platform):
    platform, workers = workers_platform
    with acting_as(OFFICER):
        for plugin_id, error_class in FAILURES:
            case_id = open_case(platform)
            before = platform.cases.get_case(case_id)
            (status,) = wait_finished(platform, [invoke(platform, case_id, plugin_id)])
            after = platform.cases.get_case(case_id)
            (good,) = wait_finished(platform, [invoke(platform, case_id, "good")])

            assert status["status"] == "failed", plugin_id
            assert status["error"]["error_class"] == error_class
            assert status["error"]["message"]
            assert after["version"] == before["version"]
            assert after["suggestions"] == []
            assert good["status"] == "completed", plugin_id
    assert workers.process.poll() is None
    assert len(workers.ready_pids()) == 3  # no worker died or was replaced


def test_a_worker_killed_mid_run_leaves_a_failed_invocation_and_an_unchanged_case(
    workers_platform,
):
    platform, workers = workers_platform
    with acting_as(OFFICER):
        case_id = open_case(platform)
        before = platform.cases.get_case(case_id)
        invocation_id = invoke(platform, case_id, "slow")  # answers after a second
        deadline = time.monotonic() + 30
        while platform.gateway.status(invocation_id)["status"] != "running":
            assert time.monotonic() < deadline, "the slow invocation never started"
            time.sleep(0.01)
        pid = worker_pid(platform, invocation_id)
        assert pid in workers.ready_pids()
        os.kill(pid, signal.SIGKILL)

        # The supervisor starts a replacement; the job runs again once arq's in-progress
        # marker expires, and the gateway records the lost run.
        workers.wait_ready(4)
        (status,) = wait_finished(platform, [invocation_id], timeout=RECOVERY_S)
        after = platform.cases.get_case(case_id)
        (good,) = wait_finished(platform, [invoke(platform, case_id, "good")])

    assert status["status"] == "failed"
    assert status["error"]["error_class"] in {"Interrupted", "PluginTimeout"}
    assert after["version"] == before["version"]
    assert after["suggestions"] == []
    assert good["status"] == "completed"
    assert f"(pid {pid}) exited with code -9" in workers.log.read_text()
