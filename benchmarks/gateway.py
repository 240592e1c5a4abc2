"""Gateway benchmark: what the invocation gateway costs per call, and arq workers' throughput.

Run: ``.venv/bin/python benchmarks/gateway.py [--backends sqlite,postgres] [--quick]
[--json PATH] [--profile PATH]``. SQLite files live in a temporary directory; PostgreSQL
(``POLICEAI_TEST_POSTGRES``, default ``postgresql://postgres@127.0.0.1:5432/test``) gets a
fresh schema per backend run, dropped at the end; Redis (``POLICEAI_BENCH_REDIS``, default
``redis://127.0.0.1:6379/7``, a database of the benchmark's own) is emptied before and after.
A backend whose server does not answer is skipped with a note.

The tool is ``noop_plugin:NoopPlugin`` (beside this file): it returns a prebuilt answer.

1. The gateway's overhead per invocation on each backend: ``gateway.invoke`` (every check,
   the cache lookup, recording ``InvocationRequested``) plus ``gateway.execute`` (recording
   the start, the call, validating the output, recording the completion and the case's
   suggestion in one transaction), with an executor that calls the plugin host in-process,
   so that no child process or pipe is counted, against a direct pluggy call of the same
   plugin (a ``PluginManager`` holding only it) in the same run, taking turns call by call.
   Overhead = median(gateway) - median(direct). Also shown: ``invoke`` and ``execute``
   alone, the same with the real :class:`PluginExecutor` (its child process and pipe), with a
   daily quota (a quota counter to load and save), and the executor's round trip alone
   against the in-process call (the IPC cost). Target: a median overhead under 2 ms on
   SQLite, printed beside the figure, never asserted.
2. Invocations per second end to end through arq with 1, 2 and 4 worker processes
   (``python -m policeai.worker``, real Redis, each worker with its own plugin process):
   invocations are recorded first (``invoke``), then the clock runs from the first job
   submitted to Redis until the queue is empty, every invocation completed (checked after).
   Workers are added, not restarted: 1, then a second, then two more.

Other work on the machine moves the figures: compare figures from one run. The host's CPU
count is printed: more workers than CPUs cannot add throughput.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import pstats
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
import pluggy
import psycopg
import redis

from policeai.core.catalogue.view import CatalogueRelease
from policeai.core.context import Actor, acting_as
from policeai.core.invocations.executor import PluginExecutor
from policeai.core.platform import Platform
from policeai.core.plugins import PROJECT, hookspecs
from policeai.core.plugins.host import PluginHost, hook_signatures
from policeai.core.plugins.types import OffenceSuggestionRequest
from policeai.core.settings import Settings
from policeai.worker.runner import ArqRunner

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))  # the no-op plugin, also when imported from elsewhere

from noop_plugin import PLUGIN_ID, VERSION, NoopPlugin  # noqa: E402

POSTGRES_URL = os.environ.get("POLICEAI_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("POLICEAI_BENCH_REDIS", "redis://127.0.0.1:6379/7")
EXTRA = "noop_plugin:NoopPlugin"
HOOK = "policeai_suggest_offences"
CAPABILITY = "offence_suggestion"
OFFICER = Actor(user="bench.runner", force="bench", purpose="benchmark", role="officer")
QUOTA_OFFICER = Actor(user="bench.quota", force="bench-quota", purpose="benchmark", role="officer")
TARGET_MS = 2.0
PER_CASE = 5  # invocations per case in (1): cases stay small, as most are
READY = re.compile(r"worker ready \(pid (\d+)")


@dataclass
class Result:
    backend: str
    measure: str
    unit: str
    value: float
    baseline: float | None = None
    overhead: float | None = None
    note: str = ""


@dataclass
class Config:
    rounds: int
    warmup: int
    ipc_rounds: int
    throughput_n: int
    worker_counts: tuple[int, ...]


class InProcessExecutor:
    """The executor's work without its child process: decode, call the host, encode."""

    def __init__(self, host: PluginHost) -> None:
        self.host = host
        self.signatures = hook_signatures()

    def call(self, plugin_id: str, hook: str, payload: bytes, *, timeout: float) -> bytes:
        signature = self.signatures[hook]
        value = msgspec.json.decode(payload, type=signature.input_type)
        result = self.host.call(plugin_id, hook, **{signature.argument: value})
        return msgspec.json.encode(result)


def direct_caller() -> Callable[[], object]:
    """A direct pluggy call of the no-op plugin: a plugin manager holding only it."""
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(NoopPlugin())
    request = OffenceSuggestionRequest(narrative="My bike was stolen from outside the station.")
    hook = pm.hook.policeai_suggest_offences
    return lambda: hook(request=request)


# -- setting up ------------------------------------------------------------------------------


def install(platform: Platform, force: str, quota_per_day: int | None = None) -> None:
    expires = datetime.now(UTC) + timedelta(days=365)
    platform.catalogue.put(
        CatalogueRelease(PLUGIN_ID, VERSION, "entry-noop", "cert-noop", "certified", expires)
    )
    platform.installations.install(
        force=force,
        plugin_id=PLUGIN_ID,
        version=VERSION,
        roles=["officer"],
        installed_by="bench.admin",
        quota_per_day=quota_per_day,
    )


def open_cases(platform: Platform, count: int) -> list[UUID]:
    return [
        platform.cases.open_case(
            narrative="Benchmark case: a bicycle taken from outside the library.",
            reported_at=datetime.now(UTC) - timedelta(hours=1),
            location="High Street",
        )["case_id"]
        for _ in range(count)
    ]


def request(n: int) -> dict[str, Any]:
    return {"narrative": f"My bike number {n} was stolen from outside the station."}


def invoke(platform: Platform, case_id: UUID, n: int) -> UUID:
    result = platform.gateway.invoke(
        case_id=case_id, plugin_id=PLUGIN_ID, capability=CAPABILITY, request=request(n)
    )
    if result["status"] != "requested":
        raise RuntimeError(f"the invocation is {result['status']}, not requested")
    return result["invocation_id"]


def settings_for(data_dir: Path, **env: str) -> Settings:
    return Settings.from_env(
        {
            "POLICEAI_DATA_DIR": str(data_dir),
            "POLICEAI_SECRET_KEY": "benchmark-secret",
            "POLICEAI_EXTRA_PLUGINS": EXTRA,
            **env,
        }
    )


def settings_env(settings: Settings) -> dict[str, str]:
    return {
        "POLICEAI_DATA_DIR": str(settings.data_dir),
        "POLICEAI_EVENT_STORE_URL": settings.event_store_url,
        "POLICEAI_DATABASE_URL": settings.database_url,
        "POLICEAI_SECRET_KEY": settings.secret_key,
        "POLICEAI_EXTRA_PLUGINS": ",".join(settings.extra_plugins),
    }


@contextmanager
def backend_settings(backend: str, tmp: Path) -> Iterator[Settings]:
    if backend == "sqlite":
        yield settings_for(tmp / backend)
        return
    schema = f"bench_gw_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        sqlalchemy_url = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
        yield settings_for(
            tmp / backend,
            POLICEAI_EVENT_STORE_URL=f"{POSTGRES_URL}?schema={schema}",
            POLICEAI_DATABASE_URL=f"{sqlalchemy_url}?options=-csearch_path%3D{schema}",
        )
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


# -- (1) the gateway's overhead ----------------------------------------------------------------


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def p90_ms(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=10)[-1] * 1000


def timed_calls(
    platform: Platform,
    executor: Any,
    actor: Actor,
    cfg: Config,
    counter: Iterator[int],
) -> dict[str, list[float]]:
    """Seconds of invoke, execute, both, and the direct call, per round after the warm-up.

    Each round makes a new invocation on a case of at most PER_CASE invocations; the direct
    call goes first in even rounds and last in odd ones, so load on the machine hits both.
    """
    direct = direct_caller()
    times: dict[str, list[float]] = {"invoke": [], "execute": [], "total": [], "direct": []}
    calls = cfg.warmup + cfg.rounds
    with acting_as(actor):
        cases = open_cases(platform, -(-calls // PER_CASE))
        for i in range(calls):
            if i % 2 == 0:
                direct_s = timed(direct)
            start = time.perf_counter()
            invocation_id = invoke(platform, cases[i // PER_CASE], next(counter))
            invoked = time.perf_counter()
            status = platform.gateway.execute(invocation_id, executor)
            done = time.perf_counter()
            if i % 2 == 1:
                direct_s = timed(direct)
            if status != "completed":
                raise RuntimeError(f"invocation {invocation_id} {status}")
            if i >= cfg.warmup:
                times["invoke"].append(invoked - start)
                times["execute"].append(done - invoked)
                times["total"].append(done - start)
                times["direct"].append(direct_s)
    return times


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def overhead(backend: str, platform: Platform, cfg: Config, counter: Iterator[int]) -> list[Result]:
    """Median times of invoke + execute against the direct call, taking turns."""
    results: list[Result] = []

    def add(label: str, times: dict[str, list[float]], note: str = "") -> None:
        total, direct_ms = median_ms(times["total"]), median_ms(times["direct"])
        results.append(Result(backend, label, "ms", total, direct_ms, total - direct_ms, note))
        print(format_row(results[-1]), flush=True)

    def add_part(label: str, value: float) -> None:
        results.append(Result(backend, label, "ms", value))
        print(format_row(results[-1]), flush=True)

    in_process = InProcessExecutor(platform.host)
    times = timed_calls(platform, in_process, OFFICER, cfg, counter)
    over = median_ms(times["total"]) - median_ms(times["direct"])
    met = "met" if over < TARGET_MS else "MISSED"
    target = f"< {TARGET_MS:g} ms {met}" if backend == "sqlite" else ""
    add(f"invoke+execute, in-process (n={cfg.rounds})", times, target)
    add_part("  of which invoke", median_ms(times["invoke"]))
    add_part("  of which execute", median_ms(times["execute"]))
    add_part("  p90 of invoke+execute", p90_ms(times["total"]))

    add(
        "  same, with a daily quota", timed_calls(platform, in_process, QUOTA_OFFICER, cfg, counter)
    )

    with PluginExecutor(extra_plugins=[EXTRA]) as executor:
        executor.warm()
        times = timed_calls(platform, executor, OFFICER, cfg, counter)
    add("invoke+execute, plugin process", times, "IPC counted")
    return results


def ipc(cfg: Config) -> list[Result]:
    """The executor's round trip (pipe, child, encode/decode) against the in-process call."""
    host = PluginHost(load_entry_points=False)
    host.register_spec(EXTRA)
    in_process = InProcessExecutor(host)
    payload = msgspec.json.encode(msgspec.convert(request(0), OffenceSuggestionRequest))
    pipe: list[float] = []
    local: list[float] = []
    with PluginExecutor(extra_plugins=[EXTRA]) as executor:
        executor.warm()
        for i in range(cfg.warmup + cfg.ipc_rounds):
            pair = []
            for side in (executor, in_process) if i % 2 == 0 else (in_process, executor):
                start = time.perf_counter()
                side.call(PLUGIN_ID, HOOK, payload, timeout=30)
                pair.append((side, time.perf_counter() - start))
            if i >= cfg.warmup:
                for side, seconds in pair:
                    (pipe if side is executor else local).append(seconds)
    pipe_ms, local_ms = median_ms(pipe), median_ms(local)
    result = Result(
        "-", f"executor call vs in-process (n={cfg.ipc_rounds})", "ms", pipe_ms, local_ms
    )
    result.overhead = pipe_ms - local_ms
    result.note = "the IPC cost"
    print(format_row(result), flush=True)
    return [result]


def profile(platform: Platform, cfg: Config, path: Path, counter: Iterator[int]) -> None:
    """cProfile of invoke + execute (in-process executor), printed and saved."""
    executor = InProcessExecutor(platform.host)
    with acting_as(OFFICER):
        cases = open_cases(platform, -(-cfg.rounds // PER_CASE))
        warm_cases = open_cases(platform, 4)
        for i in range(20):  # warm-up
            invocation_id = invoke(platform, warm_cases[i // PER_CASE], next(counter))
            platform.gateway.execute(invocation_id, executor)

        def run() -> None:
            for i in range(cfg.rounds):
                invocation_id = invoke(platform, cases[i // PER_CASE], next(counter))
                platform.gateway.execute(invocation_id, executor)

        profiler = cProfile.Profile()
        profiler.runcall(run)
    profiler.dump_stats(path)
    stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative")
    print(f"\nprofile of {cfg.rounds} invoke + execute (in-process executor), written to {path}:")
    stats.print_stats(r"policeai", 25)
    stats.sort_stats("tottime").print_stats(20)


# -- (2) throughput through arq ----------------------------------------------------------------


class WorkerPool:
    """``python -m policeai.worker`` processes, each in a process group of its own."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env = env
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen[bytes]] = []

    def add(self, count: int, timeout: float = 180.0) -> None:
        start = len(self.processes)
        for index in range(start, start + count):
            with (self.log_dir / f"worker-{index}.log").open("wb") as out:
                self.processes.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "policeai.worker"],
                        env=self.env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        deadline = time.monotonic() + timeout
        while self.ready() < len(self.processes):
            dead = [p for p in self.processes if p.poll() is not None]
            if dead or time.monotonic() > deadline:
                logs = "\n".join(p.read_text() for p in sorted(self.log_dir.glob("*.log")))
                raise RuntimeError(f"the workers did not start:\n{logs}")
            time.sleep(0.1)

    def ready(self) -> int:
        return sum(
            bool(READY.search(path.read_text())) for path in self.log_dir.glob("worker-*.log")
        )

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=30)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # its plugin process too
            process.wait()
        self.processes = []


def throughput(
    backend: str,
    platform: Platform,
    settings: Settings,
    cfg: Config,
    tmp: Path,
    counter: Iterator[int],
) -> list[Result]:
    results: list[Result] = []
    queue = f"policeai:bench:{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        **settings_env(settings),
        "POLICEAI_REDIS_URL": REDIS_URL,
        "POLICEAI_JOB_QUEUE": queue,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(BENCH_DIR), os.environ.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
    }
    log_dir = tmp / f"workers-{backend}"
    log_dir.mkdir()
    pool = WorkerPool(env, log_dir)
    runner = ArqRunner(REDIS_URL, queue_name=queue)
    first_rate = None
    try:
        for workers in cfg.worker_counts:
            pool.add(workers - len(pool.processes))
            for n, label in ((max(10, workers * 5), None), (cfg.throughput_n, "measured")):
                with acting_as(OFFICER):
                    # One case per invocation: the workers never contend for a case.
                    cases = open_cases(platform, n)
                    ids = [invoke(platform, case_id, next(counter)) for case_id in cases]
                start = time.perf_counter()
                for invocation_id in ids:
                    runner.submit(invocation_id)
                submitted = time.perf_counter()
                while runner.queued():
                    time.sleep(0.005)
                elapsed = time.perf_counter() - start
                if label is None:
                    continue  # the warm-up round
                statuses = [platform.cases.repository.get(i).status for i in ids]
                completed = statuses.count("completed")
                if completed != n:
                    raise RuntimeError(f"{n - completed} of {n} invocations did not complete")
                rate = n / elapsed
                first_rate = first_rate or rate
                result = Result(
                    backend,
                    f"arq, {workers} worker process(es) (n={n})",
                    "inv/s",
                    rate,
                    note=f"{rate / first_rate:.2f}x of 1 worker; "
                    f"submitting took {(submitted - start) * 1000:.0f} ms",
                )
                results.append(result)
                print(format_row(result), flush=True)
    finally:
        runner.close()
        pool.stop()
    return results


# -- output and entry point --------------------------------------------------------------------

HEADER = f"{'backend':<9}{'measure':<46}{'median':>12}{'direct':>11}{'overhead':>11}  note"


def format_row(r: Result) -> str:
    def ms(value: float | None) -> str:
        if value is None:
            return ""
        return f"{value * 1000:.1f} us" if value < 0.1 else f"{value:.3f} ms"

    if r.unit == "inv/s":
        return f"{r.backend:<9}{r.measure:<46}{f'{r.value:,.1f} inv/s':>12}{'':>22}  {r.note}"
    return (
        f"{r.backend:<9}{r.measure:<46}{ms(r.value):>12}{ms(r.baseline):>11}"
        f"{ms(r.overhead):>11}  {r.note}"
    ).rstrip()


def postgres_answers() -> bool:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def redis_answers() -> bool:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        return False
    finally:
        client.close()
    return True


def empty_redis() -> None:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.flushdb()
    finally:
        client.close()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--quick", action="store_true", help="small sizes, about a minute")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--profile", type=Path, help="profile invoke + execute on the first backend"
    )
    parser.add_argument(
        "--no-throughput", action="store_true", help="skip (2), the arq workers' throughput"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    quick = args.quick
    cfg = Config(
        rounds=100 if quick else 500,
        warmup=20 if quick else 50,
        ipc_rounds=200 if quick else 1000,
        throughput_n=100 if quick else 400,
        worker_counts=(1, 2, 4),
    )
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    print(
        f"Gateway benchmark: Python {sys.version.split()[0]}, eventsourcing "
        f"{package_version('eventsourcing')}, arq {package_version('arq')}, "
        f"{os.cpu_count()} CPU(s){' (quick)' if quick else ''}\n"
        "overhead = median(invoke + execute) - median(direct pluggy call of the same plugin)"
    )
    throughput_on = not args.no_throughput
    if throughput_on and not redis_answers():
        print(f"arq throughput: skipped, no Redis answers at {REDIS_URL}")
        throughput_on = False
    results: list[Result] = []
    counter = iter(range(10**9))
    started = time.perf_counter()
    print(HEADER)
    results += ipc(cfg)
    with ExitStack() as stack:
        tmp = Path(tempfile.mkdtemp(prefix="policeai-bench-gateway-"))
        stack.callback(shutil.rmtree, tmp, ignore_errors=True)
        if throughput_on:
            empty_redis()
            stack.callback(empty_redis)
        for backend in backends:
            if backend == "postgres" and not postgres_answers():
                print(f"postgres: skipped, no server answers at {POSTGRES_URL}")
                continue
            if backend not in {"sqlite", "postgres"}:
                print(f"{backend}: skipped, unknown backend (use sqlite, postgres)")
                continue
            with backend_settings(backend, tmp) as settings, Platform(settings) as platform:
                install(platform, OFFICER.force)
                install(platform, QUOTA_OFFICER.force, quota_per_day=10**9)
                if args.profile:
                    profile(platform, cfg, args.profile, counter)
                    args.profile = None
                    print(HEADER)
                results += overhead(backend, platform, cfg, counter)
                if throughput_on:
                    results += throughput(backend, platform, settings, cfg, tmp, counter)
    print(f"total {time.perf_counter() - started:.1f} s")
    if args.json:
        payload = {
            "python": sys.version.split()[0],
            "eventsourcing": package_version("eventsourcing"),
            "arq": package_version("arq"),
            "cpus": os.cpu_count(),
            "config": asdict(cfg),
            "results": [asdict(r) for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2))
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
