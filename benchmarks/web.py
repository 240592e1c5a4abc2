"""Web benchmark: requests per second and latency of the case list and a case page, with
10,000 cases in the store, beside a trivial route measured on the same server in the same run.

Run: ``.venv/bin/python benchmarks/web.py [--configs sqlite:1,postgres:2,postgres:2:nodelay]
[--cases 10000] [--duration 8] [--rounds 2] [--connections 16]
[--paths /api/cases,/api/cases/{case_id},/cases] [--json PATH]``.

Each backend's store is seeded once, in process, through the core's own aggregates: cases are
opened in batches of 500 per transaction exactly as ``Cases.open_case`` opens one (the force's
reference counter, the case, its reference index), as one officer, and the newest 100 get two
statements and two POLE entities each through the ordinary commands; then the read models
catch up. SQLite files live in a temporary directory; PostgreSQL (``POLICEAI_TEST_POSTGRES``,
default ``postgresql://postgres@127.0.0.1:5432/test``) gets a fresh schema, dropped at the end;
without a server it is skipped.

Then the store is served each way its configurations say: ``backend:N`` is
``uvicorn --factory policeai.web.app:create_app --workers N``; ``backend:N:nodelay`` is the same
uvicorn and worker supervisor listening on a socket made as a TCP socket, so that every
accepted connection gets TCP_NODELAY (see :func:`serve`: with plain ``--workers`` it does not,
and a small response waits about 40 ms for the client's delayed ACK). A load generator runs
in another process: ``--connections`` concurrent keep-alive HTTP/1.1 connections (asyncio
streams and a minimal HTTP/1.1 client: httpx's own cost per request would make the client, not
the server, the limit), each sending its next GET as soon as the last one is answered, for
``--duration`` seconds. Routes:

* the baseline: ``GET /api/cases`` without credentials, answered 401 by the same server,
  router and authentication middleware with a small JSON body, touching no database; and, for
  reference, ``GET /schema/openapi.json`` (no sign-in or database either, but 140 kB);
* ``GET /api/cases`` (the first page of 50, HTTP Basic; the verified password is cached by the
  app for 60 s, so argon2 is paid once per worker and minute);
* ``GET /api/cases/{case_id}`` with ``X-Purpose``, over the 100 detailed cases in turn (each
  read also writes an s.62 consultation row);
* any other path given (``/cases``, the HTML case list, signed in through ``/sign-in`` with a
  session cookie), skipped with a note if the server does not serve it.

Routes take turns, round by round, so that other load on the machine slows all of them alike;
each figure is the median over rounds. rps counts the expected responses only (the baseline's
401s, every other route's 200s); latencies are measured by the client, from sending the
request to reading the whole response. The load generator shares the machine's CPUs with the
server; the printed client CPU says how much of one it took. No figure is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import psycopg
from eventsourcing.application import AggregateNotFoundError

from policeai.core.cases.domainmodel import Case
from policeai.core.cases.references import CaseReference, ReferenceCounter
from policeai.core.context import Actor, acting_as
from policeai.core.platform import Platform
from policeai.core.settings import Settings

POSTGRES_URL = os.environ.get("POLICEAI_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
FORCE = "bench"
USERNAME = "pc.bench"
PASSWORD = "benchmark password, not a secret"  # noqa: S105 - a throwaway store's user
ACTOR = Actor(user=USERNAME, force=FORCE, purpose="benchmark data", role="officer")
PURPOSE = "reviewing the case for the benchmark"
BATCH = 500
DETAILED = 100
#: The baseline: the case list asked for without credentials. The same server, router and
#: authentication middleware answer it, with a small JSON 401, and no database is touched.
BASELINE = "/api/cases"
#: The OpenAPI document: no sign-in and no database either, but 140 kB to send and read.
DOCUMENT = "/schema/openapi.json"
DEFAULT_PATHS = "/api/cases,/api/cases/{case_id},/cases"
DEFAULT_CONFIGS = "sqlite:1,postgres:2,postgres:2:nodelay"
LOCATIONS = ("High Street", "Mill Lane", "Station Road", "Church Street", "Market Square")


@dataclass
class Row:
    config: str
    route: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    client_cpu: float
    vs_baseline: float | None = None
    note: str = ""


# -- seeding ----------------------------------------------------------------------------------


def narrative(i: int) -> str:
    return (
        f"Report {i}: a bicycle was taken from outside number {i % 200 + 1}. The owner locked "
        "it to the railings at eight in the morning and found the lock cut at six. A neighbour "
        "saw a man in a dark coat with bolt cutters near the railings in the afternoon."
    )


def seed(platform: Platform, n: int) -> list[UUID]:
    """Open ``n`` cases in batches of :data:`BATCH` per transaction; give the first
    :data:`DETAILED` statements and entities. Returns those detailed cases' ids."""
    cases = platform.cases
    now = datetime.now(UTC)
    year = now.year
    opened: list[UUID] = []
    with acting_as(ACTOR):
        for start in range(0, n, BATCH):
            try:
                counter = cases.repository.get(ReferenceCounter.create_id(FORCE, year))
            except AggregateNotFoundError:
                counter = ReferenceCounter(force=FORCE, year=year)
            batch: list[Any] = []
            for i in range(start, min(n, start + BATCH)):
                counter.allocate()
                case = Case.open(
                    force=FORCE,
                    reference=counter.reference,
                    narrative=narrative(i),
                    reported_at=now - timedelta(minutes=n - i),
                    location=LOCATIONS[i % len(LOCATIONS)],
                    reporting_officer=USERNAME,
                )
                batch += [case, CaseReference(reference=case.reference, case_id=case.id)]
                opened.append(case.id)
            cases.save(counter, *batch)
        cases.take_snapshot(ReferenceCounter.create_id(FORCE, year))
        detailed = opened[-DETAILED:]  # the newest: the first page of the list
        for k, case_id in enumerate(detailed):
            cases.add_statement(
                case_id, text="I saw a man in a dark coat cut the lock.", author="A Neighbour"
            )
            cases.add_statement(case_id, text="The bicycle is a red Raleigh.", author="Owner")
            cases.record_entity(
                case_id,
                entity_type="person",
                role="witness",
                name=f"Neighbour {k}",
                identifiers={"phone": f"07700 900{k:03d}"},
            )
            cases.record_entity(
                case_id,
                entity_type="object",
                subtype="vehicle",
                role="other",
                name="Van seen nearby",
                identifiers={"vrm": f"DS{k % 90 + 10}KXE"},
            )
    return detailed


def seeded_store(settings: Settings, n: int) -> tuple[list[UUID], float, float]:
    """Seed the store; the detailed cases' ids, the seconds writing took and the seconds the
    read models took to catch up."""
    with Platform(settings) as platform:
        platform.users.add(
            username=USERNAME,
            force=FORCE,
            role="officer",
            display_name="PC Bench",
            password=PASSWORD,
        )
        start = time.perf_counter()
        detailed = seed(platform, n)
        written = time.perf_counter() - start
        platform.wait_for_projections(timeout=3600)
        projected = time.perf_counter() - start - written
        listed = len(platform.views.list_cases(force=FORCE, limit=500))
        if listed != min(n, 500):
            raise RuntimeError(f"the case list shows {listed} cases, not {min(n, 500)}")
    return detailed, written, projected


# -- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Serving:
    """How the app is served: worker processes, and whether the listening socket is made as a
    TCP socket (``nodelay``) so that every connection accepted from it gets TCP_NODELAY."""

    workers: int
    nodelay: bool = False

    def label(self, backend: str) -> str:
        plural = "es" if self.workers > 1 else ""
        return f"{backend}, {self.workers} process{plural}" + (", NODELAY" if self.nodelay else "")


@contextmanager
def server(env: dict[str, str], serving: Serving, log: Path) -> Iterator[str]:
    """uvicorn serving the app; yields its base URL. Plain, it is ``uvicorn --workers N``;
    with ``nodelay``, :func:`serve` (the same uvicorn and supervisor, another socket)."""
    port = free_port()
    if serving.nodelay:
        command = [sys.executable, __file__, "--serve", f"{port}:{serving.workers}"]
    else:
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "policeai.web.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(serving.workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_serving(base, process, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def serve(port: int, workers: int) -> None:
    """``uvicorn --workers N``, but listening on a socket made with ``IPPROTO_TCP``.

    uvicorn makes its workers' shared socket as ``socket(AF_INET)``, protocol 0; the sockets
    accepted from it say protocol 0 too, and asyncio sets TCP_NODELAY only on sockets that say
    TCP. Without it, a response written in two parts (headers, then body) waits for the
    client's delayed ACK: about 40 ms for every small response. (One process is not affected:
    uvicorn then lets asyncio make the socket.)
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        "policeai.web.app:create_app",
        factory=True,
        host="127.0.0.1",
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.set_inheritable(True)
    Multiprocess(config, sockets=[sock]).run()


def wait_until_serving(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    answered = 0
    while answered < 20:
        if process.poll() is not None:
            raise RuntimeError(
                f"the server stopped (exit {process.returncode}):\n{log.read_text()}"
            )
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not answer within 180 s:\n{log.read_text()}")
        try:
            answered += httpx.get(base + DOCUMENT, timeout=5).status_code == 200
        except httpx.TransportError:
            time.sleep(0.2)


def sign_in(base: str) -> dict[str, str] | None:
    """The cookies of a session signed in through the HTML sign-in form, or None where the
    server has no such form."""
    with httpx.Client(base_url=base, timeout=30) as client:
        form = client.get("/sign-in")
        token = re.search(r'name="_csrf_token" value="([^"]+)"', form.text)
        if form.status_code != 200 or token is None:
            return None
        answer = client.post(
            "/sign-in",
            data={
                "username": USERNAME,
                "password": PASSWORD,
                "_csrf_token": token.group(1),
                "next": "/cases",
            },
        )
        if answer.status_code != 303:
            return None
        return dict(client.cookies.items())


# -- the load generator (a process of its own) ------------------------------------------------


def request_bytes(path: str, host: str, headers: dict[str, str], cookies: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}", "Accept: */*"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one HTTP/1.1 response (Content-Length, chunked, or up to the end); its status and
    whether the connection stays open."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *lines = head[:-4].split(b"\r\n")
    status = int(status_line.split()[1])
    fields = {}
    for line in lines:
        name, _, value = line.partition(b":")
        fields[name.strip().lower()] = value.strip().lower()
    if b"content-length" in fields:
        await reader.readexactly(int(fields[b"content-length"]))
    elif fields.get(b"transfer-encoding") == b"chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()
        return status, False
    return status, fields.get(b"connection") != b"close"


async def generate_load(spec: dict[str, Any]) -> dict[str, Any]:
    """``connections`` keep-alive connections, each sending its next request when the last is
    answered, until ``duration`` has passed. A lean HTTP/1.1 client (the requests are made
    once, beforehand) so that the client takes as little as possible of the machine's CPU."""
    base = httpx.URL(spec["base"])
    host, port = base.host, base.port or 80
    connections = spec["connections"]
    requests = [
        request_bytes(path, f"{host}:{port}", spec["headers"], spec["cookies"])
        for path in spec["paths"]
    ]
    expected = set(spec["expected"])
    latencies: list[float] = []
    statuses: Counter[int] = Counter()

    async def connection(k: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        i = k
        try:
            while time.perf_counter() < stop:
                sent = time.perf_counter()
                writer.write(requests[i % len(requests)])
                status, keep_alive = await read_response(reader)
                latency = time.perf_counter() - sent
                statuses[status] += 1
                if status in expected:
                    latencies.append(latency)
                i += connections
                if not keep_alive:
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
        finally:
            writer.close()

    cpu = time.process_time()
    started = time.perf_counter()
    stop = started + spec["duration"]
    await asyncio.gather(*(connection(k) for k in range(connections)))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    latencies.sort()
    return {
        "ok": len(latencies),
        "elapsed": elapsed,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "statuses": dict(statuses),
        "client_cpu": cpu / elapsed,
    }


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values)) - 1))
    return sorted_values[rank]


def run_load(spec: dict[str, Any]) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, __file__, "--load", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"the load generator failed:\n{completed.stderr}")
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


# -- one configuration ------------------------------------------------------------------------


@dataclass
class Target:
    route: str
    paths: list[str]
    headers: dict[str, str]
    cookies: dict[str, str]
    expected: tuple[int, ...] = (200,)

    def spec(self, base: str, connections: int, duration: float) -> dict[str, Any]:
        return {**asdict(self), "base": base, "connections": connections, "duration": duration}


def targets(paths: list[str], detailed: list[UUID], cookies: dict[str, str] | None) -> list[Any]:
    """What to load: the baseline first, then each path (a note where one is skipped)."""
    token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    api = {"Authorization": f"Basic {token}"}
    found: list[Any] = [
        Target(f"GET {BASELINE}, no credentials: 401 (baseline)", [BASELINE], {}, {}, (401,)),
        Target(f"GET {DOCUMENT} (140 kB, no sign-in)", [DOCUMENT], {}, {}),
    ]
    for path in paths:
        expanded = list(dict.fromkeys(path.format(case_id=case_id) for case_id in detailed))
        label = f"GET {path}" + (f" ({len(expanded)} cases in turn)" if len(expanded) > 1 else "")
        if path.startswith("/api/"):
            headers = {**api, "X-Purpose": PURPOSE} if "{case_id}" in path else api
            found.append(Target(label, expanded, headers, {}))
        elif cookies is None:
            found.append(f"{label}: skipped, the server has no sign-in form")
        else:
            found.append(Target(label + " (HTML, signed in)", expanded, {}, cookies))
    return found


def measure(config: str, base: str, loads: list[Any], args: argparse.Namespace) -> list[Row]:
    """Each target for ``args.rounds`` rounds, taking turns; the median of the rounds."""
    live = [t for t in loads if isinstance(t, Target)]
    for target in live:  # warm-up: connections, caches and each worker's password check
        run_load(target.spec(base, args.connections, args.warmup))
    results: dict[str, list[dict[str, Any]]] = {t.route: [] for t in live}
    for _ in range(args.rounds):
        for target in live:
            results[target.route].append(
                run_load(target.spec(base, args.connections, args.duration))
            )
    rows = []
    for target in loads:
        if not isinstance(target, Target):
            rows.append(Row(config, target, 0, 0, 0, 0, 0, 0, note="skipped"))
            continue
        runs = results[target.route]
        errors = sum(
            n for r in runs for s, n in r["statuses"].items() if int(s) not in target.expected
        )
        statuses = sorted({int(s) for r in runs for s in r["statuses"]})
        rows.append(
            Row(
                config=config,
                route=target.route,
                rps=statistics.median(r["ok"] / r["elapsed"] for r in runs),
                p50_ms=statistics.median(r["p50"] for r in runs) * 1000,
                p99_ms=statistics.median(r["p99"] for r in runs) * 1000,
                requests=sum(r["ok"] for r in runs),
                errors=errors,
                client_cpu=statistics.median(r["client_cpu"] for r in runs),
                note=f"{errors} unexpected: statuses {statuses}" if errors else "",
            )
        )
    baseline = rows[0].rps
    for row in rows:
        if row.rps:
            row.vs_baseline = row.rps / baseline
    return rows


def base_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICEAI_")}
    return {**env, "POLICEAI_DATA_DIR": str(data_dir), "POLICEAI_SECRET_KEY": "bench-secret"}


@contextmanager
def store(backend: str, tmp: Path) -> Iterator[dict[str, str]]:
    """The environment of a fresh store: SQLite files, or a PostgreSQL schema dropped after."""
    env = base_env(tmp / f"{backend}-{uuid.uuid4().hex[:8]}")
    if backend == "sqlite":
        yield env
        return
    schema = f"bench_web_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        sqlalchemy_url = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
        yield {
            **env,
            "POLICEAI_EVENT_STORE_URL": f"{POSTGRES_URL}?schema={schema}",
            "POLICEAI_DATABASE_URL": f"{sqlalchemy_url}?options=-csearch_path%3D{schema}",
        }
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def postgres_answers() -> bool:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def run_backend(
    backend: str, servings: list[Serving], args: argparse.Namespace, tmp: Path
) -> list[Row]:
    """Seed one store, then serve it each way in turn and measure."""
    rows: list[Row] = []
    with store(backend, tmp) as env:
        settings = Settings.from_env({k: v for k, v in env.items() if k.startswith("POLICEAI_")})
        detailed, written, projected = seeded_store(settings, args.cases)
        print(
            f"{backend}: seeded {args.cases:,} cases in {written:.1f} s "
            f"({args.cases / written:,.0f} cases/s), read models caught up in {projected:.1f} s",
            flush=True,
        )
        for serving in servings:
            config = serving.label(backend)
            log = tmp / f"{backend}-{serving.workers}-{serving.nodelay}.log"
            with server(env, serving, log) as base:
                html = any(not p.startswith("/api/") for p in args.paths)
                cookies = sign_in(base) if html else {}
                found = measure(config, base, targets(args.paths, detailed, cookies), args)
            for row in found:
                print(format_row(row), flush=True)
            rows += found
    return rows


# -- output and entry point -------------------------------------------------------------------

HEADER = (
    f"{'configuration':<31}{'route':<52}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
    f"{'vs base':>9}{'client cpu':>12}  note"
)


def format_row(row: Row) -> str:
    if row.note == "skipped":
        return f"{row.config:<31}{row.route}"
    ratio = f"{row.vs_baseline:.2f}x" if row.vs_baseline is not None else "-"
    return (
        f"{row.config:<31}{row.route:<52}{row.rps:>9,.0f}{row.p50_ms:>9.1f}{row.p99_ms:>9.1f}"
        f"{ratio:>9}{row.client_cpu:>11.0%}  {row.note}"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--configs",
        default=DEFAULT_CONFIGS,
        help="backend:worker processes[:nodelay], comma-separated (default "
        f"{DEFAULT_CONFIGS}); each backend is seeded once and served each way in turn",
    )
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per measurement")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per route")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--paths",
        default=DEFAULT_PATHS,
        help="comma-separated; {case_id} takes each detailed case in turn; a path outside /api "
        "is requested signed in to the HTML app",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--load", help=argparse.SUPPRESS)  # the load generator's own process
    parser.add_argument("--serve", help=argparse.SUPPRESS)  # PORT:WORKERS, see serve()
    args = parser.parse_args(argv)
    args.paths = [p.strip() for p in args.paths.split(",") if p.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.load:
        print(json.dumps(asyncio.run(generate_load(json.loads(args.load)))))
        return 0
    if args.serve:
        port, _, workers = args.serve.partition(":")
        serve(int(port), int(workers))
        return 0
    backends: dict[str, list[Serving]] = {}
    for item in args.configs.split(","):
        backend, _, rest = item.strip().partition(":")
        workers, _, how = rest.partition(":")
        if backend not in {"sqlite", "postgres"} or not workers.isdigit() or int(workers) < 1:
            raise SystemExit(f"--configs: {item!r} is not backend:workers[:nodelay]")
        if how not in {"", "nodelay"}:
            raise SystemExit(f"--configs: {item!r}: the only option is nodelay")
        backends.setdefault(backend, []).append(Serving(int(workers), how == "nodelay"))
    print(
        f"Web benchmark: Python {sys.version.split()[0]}, litestar {package_version('litestar')}, "
        f"uvicorn {package_version('uvicorn')} (h11, asyncio), httpx {package_version('httpx')}, "
        f"{os.cpu_count()} CPU(s); {args.cases:,} cases; {args.connections} connections, "
        f"{args.duration:g} s x {args.rounds} round(s) per route, medians"
    )
    print(f"machine load average (1 min) at the start: {os.getloadavg()[0]:.2f}")
    print("vs base = req/s over the baseline's req/s on the same server; client cpu = the load")
    print("generator's share of one CPU (it runs on the same machine as the server)")
    started = time.perf_counter()
    rows: list[Row] = []
    tmp = Path(tempfile.mkdtemp(prefix="policeai-bench-web-"))
    try:
        for backend, servings in backends.items():
            if backend == "postgres" and not postgres_answers():
                print(f"postgres: skipped, no server at {POSTGRES_URL}")
                continue
            print(HEADER, flush=True)
            rows += run_backend(backend, servings, args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"total {time.perf_counter() - started:.1f} s; machine load average (1 min) at the end: "
        f"{os.getloadavg()[0]:.2f}"
    )
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2))
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
