"""Case store benchmark: the Cases application against a bare eventsourcing application.

Run: ``.venv/bin/python benchmarks/case_store.py [--backends sqlite,postgres] [--quick]
[--json PATH] [--profile PATH]``. SQLite files live in a temporary directory; PostgreSQL
(``POLICEAI_TEST_POSTGRES``, default ``postgresql://postgres@127.0.0.1:5432/test``) gets two
fresh schemas per run, one for each side, dropped at the end; without a server it is skipped.
Everything runs as one actor (``acting_as``), as every change and read of a case must.

Three measures, on each backend, for ours (``Platform(settings).cases``) and for a bare
``eventsourcing.application.Application`` holding a plain ``eventsourcing.domain.Aggregate``:

1. events appended per second, one command per transaction (get -> command -> save);
2. events appended per second, 100 events per save (one get, 100 commands, one save);
3. milliseconds to load a case of 1,000 and of 10,000 events, with and without snapshots.

The bare aggregate's event carries the same fields under the same names as ``StatementAdded``
(statement id, kind, text, author, digest, provenance, and the actor, force and purpose that
ours adds), with values of the same length, and its apply method keeps the same state (the list
of statement ids; a statement's text lives in its event and the read model), so both stored
events and both snapshots are the same size; the printed event sizes show it. Both applications
take snapshots every ``--snapshot-interval`` events while appending, as ours does in production.
The bare command only triggers its event (a fresh uuid4, a precomputed digest); ours' checks,
uuid4, sha256, actor lookup and force check count as ours' cost. Ratios are ours' cost over
bare's cost (time per event, or per load), so 1.00x means no overhead. Rates are the median of
rounds, each round on fresh cases, the two sides taking turns transaction by transaction so that
other load on the machine slows both alike; load times are the median of several loads after a
warm-up, also taking turns. No figure is asserted: the targets are printed beside the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID

import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from policeai.core.cases.application import Cases
from policeai.core.context import Actor, acting_as
from policeai.core.platform import Platform
from policeai.core.settings import Settings, event_store_env

POSTGRES_URL = os.environ.get("POLICEAI_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
ACTOR = Actor(user="bench.runner", force="bench", purpose="benchmark", role="officer")
AUTHOR = "PC 1234 Jones"
TYPED = {"source": "typed"}
TARGET_RATIO = 1.5
TARGET_MS = 20.0
NO_SNAPSHOTS = {"IS_SNAPSHOTTING_ENABLED": "n"}


class BareCase(Aggregate):
    """The baseline: a plain library aggregate with one event like ``StatementAdded``."""

    @event("Opened")
    def __init__(self, narrative: str) -> None:
        self.narrative = narrative
        self.statement_ids: list[str] = []

    @event("StatementAdded")
    def add_statement(
        self,
        statement_id: str,
        kind: str,
        text: str,
        author: str,
        sha256: str,
        provenance: dict[str, Any],
        actor: str,
        actor_force: str,
        purpose: str,
    ) -> None:
        self.statement_ids.append(statement_id)


class BareApp(Application[UUID]):
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {BareCase: 100}

    def __init__(self, env: dict[str, str], *, interval: int) -> None:
        super().__init__(env)
        self.given_env = env
        self.snapshotting_intervals = {BareCase: interval}


@dataclass
class Result:
    backend: str
    measure: str
    unit: str
    ours: float
    bare: float
    ratio: float
    target: str


@dataclass
class Config:
    text: str
    interval: int
    single_n: int
    batch_n: int
    batch: int
    rounds: int
    load_sizes: tuple[int, ...]
    loads: int
    slow_loads: int


# -- the work each side does ------------------------------------------------------------------


def bare_statement(case: BareCase, text: str, digest: str) -> None:
    case.add_statement(
        statement_id=str(uuid.uuid4()),
        kind="statement",
        text=text,
        author=AUTHOR,
        sha256=digest,
        provenance=TYPED,
        actor=ACTOR.user,
        actor_force=ACTOR.force,
        purpose=ACTOR.purpose,
    )


def open_ours(cases: Cases) -> UUID:
    opened = cases.open_case(
        narrative="Benchmark case: a bicycle taken from outside the library.",
        reported_at=datetime.now(UTC),
        location="High Street",
    )
    return opened["case_id"]


def open_bare(app: BareApp) -> UUID:
    case = BareCase(narrative="Benchmark case: a bicycle taken from outside the library.")
    app.save(case)
    return case.id


def append_round(
    platform: Platform, bare: BareApp, cfg: Config, n: int, batch: int
) -> tuple[float, float, UUID, UUID]:
    """Append n events to a fresh case on each side, ``batch`` per save (1: one command per
    transaction through ``Cases``); the seconds each side took, and the two case ids.

    The two sides take turns step by step (one transaction each, the first alternating), so
    whatever else the machine is doing slows both alike.
    """
    text, digest = cfg.text, hashlib.sha256(cfg.text.encode()).hexdigest()
    cases = platform.cases
    ours_id, bare_id = open_ours(cases), open_bare(bare)

    def ours_step(k: int) -> None:
        if batch == 1:
            cases.add_statement(ours_id, text=text, author=AUTHOR)
            return
        case = cases.repository.get(ours_id)
        for _ in range(k):
            case.add_statement(text=text, author=AUTHOR)
        cases.save(case)

    def bare_step(k: int) -> None:
        case = bare.repository.get(bare_id)
        for _ in range(k):
            bare_statement(case, text, digest)
        bare.save(case)

    totals = [0.0, 0.0]
    for step, done in enumerate(range(0, n, batch)):
        k = min(batch, n - done)
        for side in (0, 1) if step % 2 == 0 else (1, 0):
            start = time.perf_counter()
            (ours_step if side == 0 else bare_step)(k)
            totals[side] += time.perf_counter() - start
    return totals[0], totals[1], ours_id, bare_id


def build_case(app: Cases | BareApp, cfg: Config, size: int) -> UUID:
    """A case of ``size`` events (opened, then statements) saved 1,000 events at a time."""
    text, digest = cfg.text, hashlib.sha256(cfg.text.encode()).hexdigest()
    if isinstance(app, Cases):
        case_id = open_ours(app)
        case = app.repository.get(case_id)
        for i in range(1, size):
            case.add_statement(text=text, author=AUTHOR)
            if i % 1000 == 0 or i == size - 1:
                app.save(case)
        return case_id
    case_id = open_bare(app)
    case = app.repository.get(case_id)
    for i in range(1, size):
        bare_statement(case, text, digest)
        if i % 1000 == 0 or i == size - 1:
            app.save(case)
    return case_id


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def append_rates(
    platform: Platform, bare: BareApp, cfg: Config, n: int, batch: int
) -> tuple[float, float]:
    """Median events/second of ours and of bare over cfg.rounds rounds, each on fresh cases."""
    rounds = [append_round(platform, bare, cfg, n, batch)[:2] for _ in range(cfg.rounds)]
    ours = statistics.median(r[0] for r in rounds)
    return n / ours, n / statistics.median(r[1] for r in rounds)


def load_ms(
    ours: Callable[[], object], bare: Callable[[], object], loads: int
) -> tuple[float, float]:
    """Median milliseconds of ours' and bare's loads after a warm-up, taking turns."""
    ours(), bare()  # warm-up: statement caches, the OS page cache, the server's buffers
    times: list[tuple[float, float]] = []
    for i in range(loads):
        if i % 2 == 0:
            ours_s = timed(ours)
            times.append((ours_s, timed(bare)))
        else:
            bare_s = timed(bare)
            times.append((timed(ours), bare_s))
    return (
        statistics.median(t[0] for t in times) * 1000,
        statistics.median(t[1] for t in times) * 1000,
    )


def event_size(recorder: Any, case_id: UUID) -> int:
    return len(recorder.select_events(case_id, desc=True, limit=1)[0].state)


# -- the measures -----------------------------------------------------------------------------


def measure(backend: str, platform: Platform, bare: BareApp, cfg: Config) -> list[Result]:
    results: list[Result] = []

    def add(measure: str, unit: str, ours: float, bare_: float, ratio: float, target: str) -> None:
        results.append(Result(backend, measure, unit, ours, bare_, ratio, target))
        print(format_row(results[-1]), flush=True)

    def ratio_target(ratio: float) -> str:
        met = "met" if ratio <= TARGET_RATIO else "MISSED"
        return f"<= {TARGET_RATIO:.2f}x {met}"

    # Warm-up: imports, connections, statement caches, code paths on both sides.
    append_round(platform, bare, cfg, 20, 1)
    *_, ours_id, bare_id = append_round(platform, bare, cfg, 10, 5)
    ours_size = event_size(platform.cases.recorder, ours_id)
    bare_size = event_size(bare.recorder, bare_id)
    print(f"{backend}: a stored StatementAdded is {ours_size} bytes ours, {bare_size} bare")
    print(HEADER)

    for n, batch, label in (
        (cfg.single_n, 1, f"append, 1 event/txn (n={cfg.single_n})"),
        (cfg.batch_n, cfg.batch, f"append, {cfg.batch} events/save (n={cfg.batch_n})"),
    ):
        ours, bare_rate = append_rates(platform, bare, cfg, n, batch)
        ratio = bare_rate / ours
        add(label, "ev/s", ours, bare_rate, ratio, ratio_target(ratio))

    # Loads. A case of `size` events (CaseOpened plus size - 1 statements) is written through
    # applications constructed with IS_SNAPSHOTTING_ENABLED=n: they have no snapshot store
    # (app.snapshots is None, checked below), so they take no snapshots and their repository
    # replays every event from version 1. That replay is the "no snapshots" load. Then the
    # snapshotting applications (interval cfg.interval) take the one snapshot that matters,
    # at the last multiple of the interval (the head, for these sizes), exactly the snapshot
    # that saving event by event would have left latest; the "snapshots" load is their
    # repository.get: that snapshot plus the events after it. Neither side has an aggregate
    # cache (AGGREGATE_CACHE_MAXSIZE is unset), so every load reads the store.
    plain_ours = Cases({**platform.env, **NO_SNAPSHOTS})
    plain_bare = BareApp({**bare.given_env, **NO_SNAPSHOTS}, interval=cfg.interval)
    try:
        if plain_ours.snapshots is not None or plain_bare.snapshots is not None:
            raise RuntimeError("the no-snapshot applications still have a snapshot store")
        for size in cfg.load_sizes:
            ours_id = build_case(plain_ours, cfg, size)
            bare_id = build_case(plain_bare, cfg, size)
            if size >= cfg.interval:
                platform.cases.take_snapshot(ours_id, version=size - size % cfg.interval)
                bare.take_snapshot(bare_id, version=size - size % cfg.interval)
            for label, ours_app, bare_app in (
                ("snapshots", platform.cases, bare),
                ("no snapshots", plain_ours, plain_bare),
            ):
                loads = cfg.loads if label == "snapshots" or size <= 1000 else cfg.slow_loads
                ours_ms, bare_ms = load_ms(
                    lambda a=ours_app, i=ours_id: a.repository.get(i),
                    lambda a=bare_app, i=bare_id: a.repository.get(i),
                    loads,
                )
                ratio = ours_ms / bare_ms
                target = ratio_target(ratio)
                if label == "snapshots" and size >= 10_000:
                    met = "met" if ours_ms < TARGET_MS else "MISSED"
                    target += f"; < {TARGET_MS:.0f} ms {met}"
                add(f"load {size:,} events, {label}", "ms", ours_ms, bare_ms, ratio, target)
    finally:
        plain_ours.close()
        plain_bare.close()
    return results


# -- backends ---------------------------------------------------------------------------------


def ours_settings(data_dir: Path, interval: int, **env: str) -> Settings:
    return Settings.from_env(
        {
            "POLICEAI_DATA_DIR": str(data_dir),
            "POLICEAI_SECRET_KEY": "benchmark-secret",
            "POLICEAI_SNAPSHOT_INTERVAL": str(interval),
            **env,
        }
    )


@contextmanager
def sqlite_apps(tmp: Path, interval: int) -> Iterator[tuple[Platform, BareApp]]:
    bare_env = event_store_env(f"sqlite:///{tmp / 'bare' / 'events.db'}")
    bare_env["PERSISTENCE_MODULE"] = "eventsourcing.sqlite"
    with Platform(ours_settings(tmp / "ours", interval)) as platform:
        bare = BareApp(bare_env, interval=interval)
        try:
            yield platform, bare
        finally:
            bare.close()


@contextmanager
def postgres_apps(tmp: Path, interval: int) -> Iterator[tuple[Platform, BareApp]]:
    run = uuid.uuid4().hex[:12]
    ours_schema, bare_schema = f"bench_{run}_ours", f"bench_{run}_bare"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{ours_schema}"')
        conn.execute(f'CREATE SCHEMA "{bare_schema}"')
    try:
        sqlalchemy_url = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
        settings = ours_settings(
            tmp / "ours",
            interval,
            POLICEAI_EVENT_STORE_URL=f"{POSTGRES_URL}?schema={ours_schema}",
            POLICEAI_DATABASE_URL=f"{sqlalchemy_url}?options=-csearch_path%3D{ours_schema}",
        )
        with Platform(settings) as platform:
            bare_env = event_store_env(f"{POSTGRES_URL}?schema={bare_schema}")
            bare = BareApp(bare_env, interval=interval)
            try:
                yield platform, bare
            finally:
                bare.close()
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{ours_schema}" CASCADE')
            conn.execute(f'DROP SCHEMA "{bare_schema}" CASCADE')


def postgres_answers() -> bool:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


# -- output and entry point -------------------------------------------------------------------

HEADER = f"{'backend':<9}{'measure':<36}{'ours':>11}{'bare':>11}{'ratio':>8}  target"


def format_row(r: Result) -> str:
    fmt = "{:,.0f} " if r.unit == "ev/s" else "{:.2f} "
    ours, bare = fmt.format(r.ours) + r.unit, fmt.format(r.bare) + r.unit
    ratio = f"{r.ratio:.2f}x"
    return f"{r.backend:<9}{r.measure:<36}{ours:>11}{bare:>11}{ratio:>8}  {r.target}"


def statement_text(length: int) -> str:
    rng = random.Random(62)
    words = ("the", "witness", "saw", "a", "man", "in", "a", "dark", "coat", "take", "bicycle")
    text = ""
    while len(text) < length:
        text += rng.choice(words) + " "
    return text[:length].strip().ljust(length, ".")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--text-length", type=int, default=500, help="statement characters")
    parser.add_argument("--snapshot-interval", type=int, default=100)
    parser.add_argument(
        "--profile", type=Path, help="profile ours' 1-event/txn appends on the first backend"
    )
    return parser.parse_args(argv)


def profile(platform: Platform, cfg: Config, path: Path) -> None:
    cases = platform.cases
    case_id = open_ours(cases)

    def run() -> None:
        for _ in range(cfg.single_n):
            cases.add_statement(case_id, text=cfg.text, author=AUTHOR)

    profiler = cProfile.Profile()
    profiler.runcall(run)
    profiler.dump_stats(path)
    stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative")
    print(f"\nprofile of {cfg.single_n} add_statement calls (written to {path}):")
    stats.print_stats(r"policeai", 15)
    stats.sort_stats("tottime").print_stats(15)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    quick = args.quick
    cfg = Config(
        text=statement_text(args.text_length),
        interval=args.snapshot_interval,
        single_n=100 if quick else 300,
        batch_n=500 if quick else 1500,
        batch=100,
        rounds=2 if quick else 7,
        load_sizes=(1000, 10_000),
        loads=5 if quick else 21,
        slow_loads=2 if quick else 9,
    )
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    print(
        f"Case store benchmark: Python {sys.version.split()[0]}, eventsourcing "
        f"{package_version('eventsourcing')}, statement text {len(cfg.text)} chars, snapshot "
        f"interval {cfg.interval}, {cfg.rounds} round(s){' (quick)' if quick else ''}\n"
        "ratio = ours' cost / bare's cost (time per event, or per load); 1.00x = no overhead"
    )
    results: list[Result] = []
    started = time.perf_counter()
    with ExitStack() as stack, acting_as(ACTOR):
        tmp = Path(tempfile.mkdtemp(prefix="policeai-bench-"))
        stack.callback(shutil.rmtree, tmp, ignore_errors=True)
        for backend in backends:
            if backend == "postgres" and not postgres_answers():
                print(f"postgres: skipped, no server answers at {POSTGRES_URL}")
                continue
            if backend not in {"sqlite", "postgres"}:
                print(f"{backend}: skipped, unknown backend (use sqlite, postgres)")
                continue
            apps = sqlite_apps if backend == "sqlite" else postgres_apps
            with apps(tmp / backend, cfg.interval) as (platform, bare):
                if args.profile:
                    profile(platform, cfg, args.profile)
                    args.profile = None
                results += measure(backend, platform, bare, cfg)
    print(f"total {time.perf_counter() - started:.1f} s")
    if args.json:
        payload = {
            "python": sys.version.split()[0],
            "eventsourcing": package_version("eventsourcing"),
            "config": {**asdict(cfg), "text": len(cfg.text)},
            "results": [asdict(r) for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2))
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
