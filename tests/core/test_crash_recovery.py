"""A writer killed with SIGKILL at random moments loses no acknowledged write, allocates crime
reference numbers without gaps or repeats, and leaves read models that catch up to exactly
what the event log says (and that a rebuild reproduces).

The writer (``crash_writer.py``) runs in a subprocess with the projection runner started, and
prints a line after each command returns; this test kills and restarts it until 2,000 events
have been acknowledged, then checks everything with a fresh platform.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import func, select

from policeai.core.accesslog.log import access_log_table
from policeai.core.cases.domainmodel import Case, ReferenceCounter, entity_keys
from policeai.core.cases.views import case_list, case_text, case_timeline, entity_index
from policeai.core.context import Actor, acting_as
from policeai.core.platform import Platform
from policeai.core.settings import Settings

WRITER = Path(__file__).with_name("crash_writer.py")
ACTOR = Actor(user="pc.crash", force="demo", purpose="crash recovery test", role="officer")
TARGET_EVENTS = 2000
MIN_KILLS = 5
READY_TIMEOUT_S = 60.0
DEADLINE_S = 100.0
FIRST_KILL_WITHIN_S = 2.0
KILL_WITHIN_S = (1.0, 8.0)  # bounds on the window a kill is drawn from
WRITER_THREADS = 2

pytestmark = pytest.mark.slow


def as_uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


@dataclass
class Acks:
    """What the writers acknowledged: the stored state each case reached at least."""

    events: int = 0
    versions: dict[UUID, int] = field(default_factory=dict)
    statements: dict[UUID, set[str]] = field(default_factory=lambda: defaultdict(set))
    entities: dict[UUID, set[str]] = field(default_factory=lambda: defaultdict(set))
    erased: dict[UUID, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, line: str) -> None:
        word, case, version, command, item = line.split()
        assert word == "ACK", line
        case_id = UUID(case)
        self.events += 1
        self.versions[case_id] = max(int(version), self.versions.get(case_id, 0))
        if command == "statement":
            self.statements[case_id].add(item)
        elif command == "entity":
            self.entities[case_id].add(item)
        elif command == "erase":
            self.erased[case_id].add(item)


def writer_env(settings: Settings, seed: int) -> dict[str, str]:
    return {
        **os.environ,
        "POLICEAI_DATA_DIR": str(settings.data_dir),
        "POLICEAI_EVENT_STORE_URL": settings.event_store_url,
        "POLICEAI_DATABASE_URL": settings.database_url,
        "POLICEAI_SECRET_KEY": settings.secret_key,
        "POLICEAI_SNAPSHOT_INTERVAL": str(settings.snapshot_interval),
        "CRASH_SEED": str(seed),
        "CRASH_THREADS": str(WRITER_THREADS),
    }


def run_and_kill(env: dict[str, str], delay: float, log: Path, acks: Acks) -> None:
    """Start a writer, let it write for ``delay`` seconds after it is ready, SIGKILL it."""
    ready = threading.Event()
    lines: list[str] = []
    with (
        log.open("w") as stderr,
        subprocess.Popen(
            [sys.executable, str(WRITER)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=log.parent,
        ) as proc,
    ):
        assert proc.stdout is not None
        stdout = proc.stdout

        def read() -> None:
            for line in stdout:
                if line == "READY\n":
                    ready.set()
                elif line.endswith("\n"):  # a line cut short by the kill was never acked
                    lines.append(line)

        reader = threading.Thread(target=read)
        reader.start()
        try:
            if not ready.wait(READY_TIMEOUT_S):
                pytest.fail(f"the writer did not start: {log.read_text()}")
            time.sleep(delay)
            if proc.poll() is not None:
                pytest.fail(f"the writer stopped by itself ({proc.returncode}): {log.read_text()}")
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            reader.join()
    assert proc.returncode == -signal.SIGKILL
    for line in lines:
        acks.add(line)


def kill_window(acks: Acks, kills: int, writing_s: float) -> float:
    """How long after start-up the next kill may come: sized from the rate seen so far so that
    the events needed arrive over the kills still needed, without many more restarts."""
    if not acks.events:
        return FIRST_KILL_WITHIN_S
    rate = acks.events / writing_s
    needed_s = max(TARGET_EVENTS - acks.events, 0) / rate
    # A kill drawn uniformly from [0, window] comes on average half way through it.
    window = 2 * needed_s / max(MIN_KILLS - kills, 1)
    return min(max(window, KILL_WITHIN_S[0]), KILL_WITHIN_S[1])


def crash_repeatedly(settings: Settings, tmp_path: Path, rng: random.Random) -> tuple[Acks, int]:
    acks = Acks()
    kills = 0
    writing_s = 0.0
    started = time.monotonic()
    while acks.events < TARGET_EVENTS or kills < MIN_KILLS:
        assert time.monotonic() - started < DEADLINE_S, (
            f"only {acks.events} events acknowledged in {kills} runs"
        )
        env = writer_env(settings, seed=rng.randrange(2**31))
        delay = rng.uniform(0.05, kill_window(acks, kills, writing_s))
        run_and_kill(env, delay, tmp_path / f"writer-{kills}.log", acks)
        writing_s += delay
        kills += 1
    return acks, kills


def all_events(platform: Platform) -> Iterator[Any]:
    recorder = platform.cases.recorder
    start = 1
    while True:
        notifications = recorder.select_notifications(start=start, limit=500)
        if not notifications:
            return
        for notification in notifications:
            yield platform.cases.mapper.to_domain_event(notification)
        start = notifications[-1].id + 1


def rows(platform: Platform, table: Any, *order: Any) -> list[dict[str, Any]]:
    with platform.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table).order_by(*order))]


def view_rows(platform: Platform) -> dict[str, list[dict[str, Any]]]:
    """Every row of the case read models, in a fixed order."""
    return {
        "case_list": rows(platform, case_list, case_list.c.case_id),
        "case_timeline": rows(platform, case_timeline, case_timeline.c.notification_id),
        "case_text": rows(platform, case_text, case_text.c.doc_id),
        "entity_index": rows(
            platform,
            entity_index,
            entity_index.c.case_id,
            entity_index.c.entity_id,
            entity_index.c.key,
        ),
    }


def check_acknowledged_writes_are_stored(platform: Platform, acks: Acks) -> None:
    """Read each acknowledged case from the event store alone (not the read models).

    A kill may fall between a command's commit and its acknowledgement, so a case may hold
    one event more than was acknowledged (each case has one writer thread), never more.
    """
    for case_id, version in acks.versions.items():
        case = platform.cases.repository.get(case_id)
        assert case.version - version in {0, 1}, case_id
        assert acks.statements[case_id] <= set(case.statement_ids), case_id
        erased = {eid for eid, entity in case.entities.items() if entity["erased"]}
        assert acks.entities[case_id] <= set(case.entities), case_id
        assert acks.erased[case_id] <= erased, case_id
        erased_unacknowledged = erased - acks.erased[case_id]
        assert len(erased_unacknowledged) <= case.version - version, case_id


def check_references(platform: Platform, references: dict[UUID, str]) -> None:
    by_series: dict[str, list[int]] = defaultdict(list)
    for reference in references.values():
        series, _, number = reference.rpartition("/")
        by_series[series].append(int(number))
    for series, numbers in by_series.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), series
        force, year = series.split("/")
        counter = platform.cases.repository.get(
            ReferenceCounter.create_id(force.lower(), int(year))
        )
        assert counter.last == len(numbers), series
    for case_id, reference in references.items():
        assert platform.cases.find_by_reference(reference) == case_id


def check_projections(platform: Platform, events_per_case: Counter[UUID]) -> None:
    listed = {as_uuid(r["case_id"]): r for r in rows(platform, case_list, case_list.c.case_id)}
    assert set(listed) == set(events_per_case)
    expected_keys: set[tuple[UUID, str, str]] = set()
    statements = 0
    for case_id, count in events_per_case.items():
        case = platform.cases.get_case(case_id, log_access=False)
        row = listed[case_id]
        assert case["version"] == count
        # The statements now come from the read model: the same ones, in the same order.
        aggregate = platform.cases.repository.get(case_id)
        assert [s["statement_id"] for s in case["statements"]] == aggregate.statement_ids
        assert (row["version"], row["statements_count"], row["entities_count"]) == (
            count,
            len(case["statements"]),
            len(case["entities"]),
        ), case_id
        assert row["status"] == case["status"], case_id
        statements += len(case["statements"])
        expected_keys |= {
            (case_id, e["entity_id"], key) for e in case["entities"] for key in entity_keys(e)
        }

    timeline = rows(platform, case_timeline, case_timeline.c.notification_id)
    per_case = Counter(as_uuid(r["case_id"]) for r in timeline)
    assert per_case == events_per_case
    versions = Counter((as_uuid(r["case_id"]), r["version"]) for r in timeline)
    assert max(versions.values()) == 1  # no event applied twice
    assert {(c, v) for c, v in versions} == {
        (c, v) for c, n in events_per_case.items() for v in range(1, n + 1)
    }
    indexed = {
        (as_uuid(r["case_id"]), r["entity_id"], r["key"])
        for r in rows(platform, entity_index, entity_index.c.case_id)
    }
    assert indexed == expected_keys
    with platform.engine.connect() as conn:
        texts = conn.execute(select(func.count()).select_from(case_text)).scalar_one()
    assert texts == len(events_per_case) + statements
    check_derived_access_log(platform, {r["notification_id"] for r in timeline})


def check_derived_access_log(platform: Platform, notification_ids: set[int]) -> None:
    """One s.62 alteration/erasure record per case event, none twice; tracking at the head."""
    with platform.engine.connect() as conn:
        derived = conn.execute(
            select(access_log_table.c.notification_id).where(
                access_log_table.c.notification_id.is_not(None)
            )
        ).scalars()
        derived_ids = Counter(derived)
    assert max(derived_ids.values()) == 1
    assert set(derived_ids) == notification_ids
    assert platform.views.max_tracking_id("cases") == platform.cases.recorder.max_notification_id()


def test_acknowledged_writes_survive_sigkill_and_projections_recover(
    backend: str, settings_for: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = settings_for(backend, POLICEAI_SNAPSHOT_INTERVAL="5")
    seed = random.randrange(2**32)
    acks, kills = crash_repeatedly(settings, tmp_path, random.Random(seed))
    assert acks.events >= TARGET_EVENTS
    assert kills >= MIN_KILLS

    with Platform(settings) as platform, acting_as(ACTOR):
        check_acknowledged_writes_are_stored(platform, acks)

        events_per_case: Counter[UUID] = Counter()
        references: dict[UUID, str] = {}
        for domain_event in all_events(platform):
            if isinstance(domain_event, Case.Event):
                events_per_case[domain_event.originator_id] += 1
            if isinstance(domain_event, Case.CaseOpened):
                references[domain_event.originator_id] = domain_event.reference
        assert set(references) == set(events_per_case)
        assert set(acks.versions) <= set(references)
        # What was stored but never acknowledged: at most one command per writer thread a kill.
        unacknowledged = sum(events_per_case.values()) - acks.events
        assert 0 <= unacknowledged <= kills * WRITER_THREADS
        check_references(platform, references)

        platform.wait_for_projections(timeout=60)
        check_projections(platform, events_per_case)

        before = view_rows(platform)
        platform.rebuild_projections()
        after = view_rows(platform)
        for name, table_rows in before.items():
            assert after[name] == table_rows, f"{name} differs after a rebuild (seed {seed})"
        check_derived_access_log(platform, {r["notification_id"] for r in after["case_timeline"]})
