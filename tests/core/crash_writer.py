"""A writer the crash test runs as a subprocess and kills with SIGKILL at random moments.

Settings come from the POLICEAI_* environment variables. The writer starts the projection
runner, prints ``READY``, then opens cases and changes them for ever, in ``CRASH_THREADS``
threads. After each command has returned (so its events are stored) it prints, flushed, one
line per event acknowledged::

    ACK <case_id> <version> <command> <item id or ->

where the item is the id of the statement added, the entity recorded or the entity erased
(for ``statement``, ``entity`` and ``erase``). Random choices are seeded with ``CRASH_SEED``.
"""

from __future__ import annotations

import os
import random
import sys
import threading
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

from policeai.core.cases.application import Cases
from policeai.core.context import Actor, acting_as
from policeai.core.platform import Platform
from policeai.core.settings import Settings

ACTOR = Actor(user="pc.crash", force="demo", purpose="crash recovery test", role="officer")
OFFENCE_CODES = ("8N", "28E", "46", "58C", "105A", "49")
PEOPLE = (
    ("Jane Okafor", {"dob": "14/03/1987", "phone": "07700 900123"}),
    ("Sam Patel", {"email": "Sam.Patel@Example.org", "postcode": "ds4 7qt"}),
    ("Alex Byrne", {"nino": "AB 12 34 56 C"}),
)
VEHICLES = ("DS19 KXE", "AB51 ABC", "P1 ABC")

_print_lock = threading.Lock()


def ack(case_id: UUID, version: int, command: str, item: str = "-") -> None:
    with _print_lock:
        sys.stdout.write(f"ACK {case_id} {version} {command} {item}\n")
        sys.stdout.flush()


@dataclass
class CaseState:
    version: int
    classified: bool = False
    outcome: int | None = None
    closed: bool = False
    entities: list[str] = field(default_factory=list)


class Writer:
    """Works on a few cases of its own, knowing each one's version (it is their only writer)."""

    def __init__(self, cases: Cases, rng: random.Random) -> None:
        self.cases = cases
        self.rng = rng
        self.open_cases: dict[UUID, CaseState] = {}

    def run(self) -> None:
        with acting_as(ACTOR):
            while True:
                if len(self.open_cases) < 3 or self.rng.random() < 0.05:
                    self.open_case()
                else:
                    self.change(self.rng.choice(list(self.open_cases)))

    def open_case(self) -> None:
        opened = self.cases.open_case(
            narrative=f"Report {self.rng.randrange(10**6)}: window smashed, bag taken",
            reported_at=datetime.now(UTC) - timedelta(minutes=self.rng.randrange(600)),
            location="12 High Street, Dunsford",
        )
        self.open_cases[opened["case_id"]] = CaseState(version=opened["version"])
        ack(opened["case_id"], opened["version"], "open")
        if len(self.open_cases) > 6:
            del self.open_cases[self.rng.choice(list(self.open_cases))]

    def change(self, case_id: UUID) -> None:
        state = self.open_cases[case_id]
        version = state.version
        roll = self.rng.random()
        item = "-"
        if state.closed:
            self.cases.reopen_case(case_id, "new evidence", expected_version=version)
            command, state.closed = "reopen", False
        elif roll < 0.40:
            item = self.cases.add_statement(
                case_id,
                text=f"Statement {self.rng.randrange(10**6)}: I saw a man run towards the park.",
                author="Jane Okafor",
                expected_version=version,
            )
            command = "statement"
        elif roll < 0.70:
            item = self.record_entity(case_id, version)
            state.entities.append(item)
            command = "entity"
        elif roll < 0.78 or not state.classified:
            self.cases.classify(case_id, self.rng.choice(OFFENCE_CODES), expected_version=version)
            command, state.classified = "classify", True
        elif roll < 0.83:
            self.cases.assign_officer(case_id, "ds.khan", expected_version=version)
            command = "assign"
        elif roll < 0.88 and state.entities:
            item = state.entities.pop(self.rng.randrange(len(state.entities)))
            self.cases.erase_entity(case_id, item, "s.47 request", expected_version=version)
            command = "erase"
        elif not state.outcome or roll < 0.94:  # no final outcome yet: a case needs one to close
            code = self.rng.choice((0, 1, 14, 18))
            self.cases.record_outcome(case_id, code, expected_version=version)
            command, state.outcome = "outcome", code
        else:
            self.cases.close_case(case_id, "filed", expected_version=version)
            command, state.closed = "close", True
        state.version = version + 1
        ack(case_id, version + 1, command, item)

    def record_entity(self, case_id: UUID, version: int) -> str:
        if self.rng.random() < 0.5:
            name, identifiers = self.rng.choice(PEOPLE)
            return self.cases.record_entity(
                case_id,
                entity_type="person",
                role=self.rng.choice(("victim", "suspect", "witness")),
                name=name,
                identifiers=identifiers,
                expected_version=version,
            )
        return self.cases.record_entity(
            case_id,
            entity_type="object",
            subtype="vehicle",
            role="other",
            identifiers={"vrm": self.rng.choice(VEHICLES)},
            expected_version=version,
        )


def work(writer: Writer) -> None:
    try:
        writer.run()
    except BaseException:
        # Nobody else writes these cases, so any error (a conflict included) is a failure.
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(3)


def main() -> None:
    seed = int(os.environ.get("CRASH_SEED", "0"))
    threads = int(os.environ.get("CRASH_THREADS", "1"))
    platform = Platform(Settings.from_env())
    platform.start_projections()
    with _print_lock:
        sys.stdout.write("READY\n")
        sys.stdout.flush()
    workers = [
        threading.Thread(target=work, args=(Writer(platform.cases, random.Random(seed + n)),))
        for n in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
