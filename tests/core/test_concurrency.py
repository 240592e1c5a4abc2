"""Officers working at the same moment: reference numbers and conflicting edits.

Runs on SQLite and PostgreSQL, with threads sharing one application (as web workers do)
and with separate application instances (as separate processes do).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from policeai.core.cases.application import Cases
from policeai.core.context import Actor, acting_as
from policeai.core.errors import ConflictError

THREADS = 6
CASES_PER_THREAD = 8


def _open(app: Cases, n: int) -> list[str]:
    with acting_as(Actor(f"pc.{n}", "demo", "investigation")):
        return [
            app.open_case(
                narrative=f"Concurrent report {n}-{i}",
                reported_at=datetime.now(UTC) - timedelta(minutes=5),
                location="Station Road",
            )["reference"]
            for i in range(CASES_PER_THREAD)
        ]


def test_concurrent_openings_get_gap_free_unique_references(platform):
    # Half the workers share the platform's application; the others have their own, like
    # separate processes on the same database.
    apps = [platform.cases if n % 2 else Cases(platform.env) for n in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        batches = list(pool.map(_open, apps, range(THREADS)))

    references = [ref for batch in batches for ref in batch]
    numbers = sorted(int(ref.rsplit("/", 1)[1]) for ref in references)
    assert len(set(references)) == len(references)
    assert numbers == list(range(1, THREADS * CASES_PER_THREAD + 1))


def test_two_officers_changing_a_case_at_once_one_wins_the_other_is_told(platform, officer):
    case_id = platform.cases.open_case(
        narrative="Fight outside the Red Lion",
        reported_at=datetime.now(UTC) - timedelta(hours=1),
        location="Red Lion, Market Square",
    )["case_id"]
    both_loaded = threading.Barrier(2)
    results: dict[str, str] = {}
    original_get = platform.cases._get

    def slow_get(cid):
        case = original_get(cid)
        both_loaded.wait(timeout=10)  # both officers now hold the same version
        return case

    platform.cases._get = slow_get

    def change(name: str) -> None:
        with acting_as(Actor(name, "demo", "investigation")):
            try:
                platform.cases.add_statement(case_id, text=f"note by {name}", author=name)
                results[name] = "saved"
            except ConflictError as error:
                results[name] = f"conflict: {error}"

    workers = [threading.Thread(target=change, args=(n,)) for n in ("pc.jones", "pc.ali")]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    platform.cases._get = original_get

    outcomes = sorted(results.values())
    assert outcomes[1] == "saved"
    assert outcomes[0].startswith("conflict:")
    assert "reload" in outcomes[0]
    statements = platform.cases.get_case(case_id)["statements"]
    winner = next(name for name, outcome in results.items() if outcome == "saved")
    assert [s["text"] for s in statements] == [f"note by {winner}"]


def test_many_concurrent_edits_lose_nothing_that_was_acknowledged(platform, officer):
    case_id = platform.cases.open_case(
        narrative="Series of thefts from vehicles",
        reported_at=datetime.now(UTC) - timedelta(hours=1),
        location="Car park, Station Road",
    )["case_id"]
    saved: list[str] = []
    conflicts: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        app = Cases(platform.env) if n % 2 else platform.cases
        with acting_as(Actor(f"pc.{n}", "demo", "investigation")):
            for i in range(10):
                text = f"note {n}-{i}"
                try:
                    app.add_statement(case_id, text=text, author=f"pc.{n}")
                except ConflictError:
                    with lock:
                        conflicts.append(text)
                else:
                    with lock:
                        saved.append(text)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(worker, range(4)))

    stored = [s["text"] for s in platform.cases.get_case(case_id)["statements"]]
    assert sorted(stored) == sorted(saved)
    assert len(saved) + len(conflicts) == 40
