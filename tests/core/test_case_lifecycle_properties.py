"""Property-based: any sequence of commands on cases obeys the case's rules.

A hypothesis state machine runs every command (valid and invalid arguments alike) against a
simple model of a case. When the model says a command is not allowed, the domain error is
raised and nothing is stored; when it says the command is allowed, it succeeds. After every
step each case replays to the same state from its events alone as from its snapshots
(taken every 3 events), and the case's invariants hold.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import Repository
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from policeai.core.cases.application import Cases
from policeai.core.cases.domainmodel import (
    ENTITY_TYPES,
    ROLES,
    CaseClosedError,
    CaseError,
    InvalidEntityError,
    InvalidIdentifierError,
    NoOutcomeError,
    NotClassifiedError,
    UnknownEntityError,
    UnknownOffenceError,
    UnknownOutcomeError,
)
from policeai.core.cases.offences import OFFENCES
from policeai.core.context import Actor, acting_as
from policeai.core.platform import Platform
from policeai.core.settings import Settings

ACTOR = Actor(user="pc.jones", force="demo", purpose="investigation", role="officer")
SNAPSHOT_INTERVAL = 3
MAX_CASES = 2  # few cases, so that each one gets far along its life in 30 steps
VOLATILE = ("crd_overdue",)  # depends on the clock, not on the events
OBJECT_SUBTYPES = ("vehicle", "phone", "weapon", "property", "document", "other")

VALID_IDENTIFIERS = {
    "vrm": ("AB51 ABC", "ds19kxe", "P1 ABC", "ZZ 99 ZZ ZZ"),
    "postcode": ("sw1a1aa", "DS4 7QT"),
    "phone": ("07700 900123", "+44 20 7946 0018"),
    "dob": ("14/03/1987", "1990-04-12"),
    "email": ("Jane@Example.org",),
    "nino": ("AB 12 34 56 C",),
}
INVALID_IDENTIFIERS = {
    "vrm": ("AB!51", "ABCDEFGHIJKL"),
    "postcode": ("not a postcode", "12345"),
    "phone": ("0770O 900123", "12"),
    "dob": ("31/02/1990", "2999-01-01", "yesterday"),
    "email": ("no-at-sign", "a@b"),
    "nino": ("ZZ123456A", "AB123456E"),
}
BLANK = ("", "   ")


def mostly_valid(
    valid: st.SearchStrategy[Any], invalid: st.SearchStrategy[Any]
) -> st.SearchStrategy[tuple[Any, bool]]:
    """(value, valid) pairs, three valid for every invalid one, so that cases get somewhere."""
    return st.sampled_from((True, True, True, False)).flatmap(
        lambda ok: st.tuples(valid if ok else invalid, st.just(ok))
    )


def _variants(code: str) -> st.SearchStrategy[str]:
    return st.sampled_from((code, code.lower(), f" {code} "))


VALID_OFFENCE = st.sampled_from(sorted(OFFENCES)).flatmap(_variants)
INVALID_OFFENCE = st.sampled_from(
    ("", "   ", "999", "8Z", "5 D", "8N8", "28", "\u0661\u0660\u0665A")
) | st.text(max_size=5).filter(lambda code: code.strip().upper() not in OFFENCES)
OFFENCE_CODES = mostly_valid(VALID_OFFENCE, INVALID_OFFENCE)

VALID_OUTCOME = st.integers(0, 22) | st.sampled_from(("0", "14", " 7 ", "22"))
INVALID_OUTCOME = st.sampled_from((23, -1, 100, "", "abc", "1.5", "\u0663", "22x", True, False))
OUTCOME_CODES = mostly_valid(VALID_OUTCOME, INVALID_OUTCOME)

TEXTS = mostly_valid(
    st.sampled_from(("I saw a man run towards the park.", "  Receipt attached. ", "x")),
    st.sampled_from(BLANK),
)
NAMES = mostly_valid(st.sampled_from(("ds.khan", " pc.jones ")), st.sampled_from(BLANK))
REASONS = mostly_valid(st.sampled_from(("new evidence", " s.47 request ")), st.sampled_from(BLANK))
KINDS = mostly_valid(st.sampled_from(("statement", "document")), st.just("memo"))


@dataclass(frozen=True)
class EntityRequest:
    entity_type: str
    role: str
    subtype: str | None
    name: str
    identifiers: dict[str, str]
    problem: type[Exception] | None  # what the model expects the domain to reject it with


@st.composite
def entity_requests(draw: st.DrawFn) -> EntityRequest:
    """A request with at most one defect, and the error the model expects for it."""
    defect = None
    if not draw(st.sampled_from((True, True, True, False))):
        defect = draw(st.sampled_from(("type", "role", "subtype", "anonymous", "id", "kind")))
    entity_type = draw(st.sampled_from(ENTITY_TYPES))
    role = draw(st.sampled_from(ROLES))
    subtype = draw(st.sampled_from(OBJECT_SUBTYPES)) if entity_type == "object" else None
    name = draw(st.sampled_from(("Jane Okafor", " Sam  Patel ", "Ann Lee", "   ")))
    kinds = draw(st.lists(st.sampled_from(list(VALID_IDENTIFIERS)), unique=True, max_size=3))
    identifiers = {kind: draw(st.sampled_from(VALID_IDENTIFIERS[kind])) for kind in kinds}
    for kind in draw(st.lists(st.sampled_from(list(VALID_IDENTIFIERS)), max_size=1)):
        identifiers.setdefault(kind, draw(st.sampled_from(BLANK)))  # a blank value is skipped
    problem: type[Exception] | None = None
    if defect == "type":
        entity_type = draw(st.sampled_from(("vehicle", "", "Person")))
    elif defect == "role":
        role = draw(st.sampled_from(("bystander", "", "Victim")))
    elif defect == "subtype":
        entity_type, subtype = "object", draw(st.sampled_from((None, "car", "")))
    elif defect == "anonymous":  # no name, and no identifier but blank ones
        name = draw(st.sampled_from(BLANK))
        identifiers = {kind: draw(st.sampled_from(BLANK)) for kind in identifiers}
    elif defect == "kind":
        identifiers["passport"] = "123456789"
    elif defect == "id":
        kind = draw(st.sampled_from(list(INVALID_IDENTIFIERS)))
        identifiers[kind] = draw(st.sampled_from(INVALID_IDENTIFIERS[kind]))
        problem = InvalidIdentifierError
    anonymous = not name.strip() and not any(value.strip() for value in identifiers.values())
    if defect in {"type", "role", "subtype", "kind"} or (problem is None and anonymous):
        problem = InvalidEntityError
    return EntityRequest(entity_type, role, subtype, name, identifiers, problem)


@dataclass
class CaseModel:
    version: int = 1
    closed: bool = False
    offence: str | None = None
    outcome: int | None = None
    officer: str | None = None
    statements: list[str] = field(default_factory=list)
    entities: dict[str, bool] = field(default_factory=dict)  # entity id -> erased


class EventsOnly(Cases):
    """Reads cases from their events alone: no snapshots, and no read model for statements."""

    def construct_repository(self) -> Repository[UUID]:
        return Repository(event_store=self.events)


def stable(case: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in case.items() if k not in VOLATILE}


class CaseLifecycle(RuleBasedStateMachine):
    cases = Bundle("cases")

    def __init__(self) -> None:
        super().__init__()
        self.stack = ExitStack()
        self.stack.enter_context(acting_as(ACTOR))
        data_dir = Path(self.stack.enter_context(tempfile.TemporaryDirectory()))
        settings = Settings.from_env(
            {
                "POLICEAI_DATA_DIR": str(data_dir),
                "POLICEAI_SECRET_KEY": "test-secret",
                "POLICEAI_SNAPSHOT_INTERVAL": str(SNAPSHOT_INTERVAL),
            }
        )
        self.platform = self.stack.enter_context(Platform(settings))
        # A second application instance over the same store, sharing no state with the first.
        self.replay = EventsOnly(self.platform.env)
        assert self.replay.repository.snapshot_store is None
        assert self.platform.cases.repository.snapshot_store is not None
        self.stack.callback(self.replay.close)
        self.models: dict[UUID, CaseModel] = {}

    def teardown(self) -> None:
        self.stack.close()

    # -- helpers ------------------------------------------------------------------------------

    def attempt(
        self, case_id: UUID, problem: type[Exception] | None, command: Callable[[], Any]
    ) -> Any:
        """Run ``command``; it must fail with ``problem`` (storing nothing) or succeed."""
        model = self.models[case_id]
        if problem is None:
            result = command()
            model.version += 1
            assert self.platform.cases.case_version(case_id) == model.version
            return result
        with pytest.raises(problem) as raised:
            command()
        assert raised.type is problem, raised.value
        assert self.platform.cases.case_version(case_id) == model.version
        return None

    # -- rules --------------------------------------------------------------------------------

    @initialize(target=cases, stage=st.sampled_from(("open", "classified", "outcome", "closed")))
    def open_first_case(self, stage: str) -> UUID:
        """Open a case and take it (through the checked commands) some way along its life."""
        case_id = self.open_case()
        if stage != "open":
            self.classify(case_id, ("8N", True))
        if stage in {"outcome", "closed"}:
            self.record_outcome(case_id, (14, True))
        if stage == "closed":
            self.close(case_id, "filed")
        return case_id

    @precondition(lambda self: len(self.models) < MAX_CASES)
    @rule(target=cases)
    def open_case(self) -> UUID:
        opened = self.platform.cases.open_case(
            narrative="Window smashed, bag taken from the back seat",
            reported_at=datetime.now(UTC) - timedelta(hours=1),
            location="12 High Street, Dunsford",
        )
        assert opened["version"] == 1
        self.models[opened["case_id"]] = CaseModel()
        return opened["case_id"]

    @rule(case_id=cases, code=OFFENCE_CODES)
    def classify(self, case_id: UUID, code: tuple[str, bool]) -> None:
        model = self.models[case_id]
        raw, valid = code
        problem = CaseClosedError if model.closed else None if valid else UnknownOffenceError
        self.attempt(case_id, problem, lambda: self.platform.cases.classify(case_id, raw))
        if problem is None:
            model.offence = raw.strip().upper()

    @rule(case_id=cases, text=TEXTS, author=TEXTS, kind=KINDS)
    def add_statement(
        self,
        case_id: UUID,
        text: tuple[str, bool],
        author: tuple[str, bool],
        kind: tuple[str, bool],
    ) -> None:
        model = self.models[case_id]
        problem: type[Exception] | None = None
        if model.closed:
            problem = CaseClosedError
        elif not (text[1] and author[1] and kind[1]):
            problem = CaseError
        statement_id = self.attempt(
            case_id,
            problem,
            lambda: self.platform.cases.add_statement(
                case_id, text=text[0], author=author[0], kind=kind[0]
            ),
        )
        if problem is None:
            model.statements.append(statement_id)

    @rule(case_id=cases, request=entity_requests())
    def record_entity(self, case_id: UUID, request: EntityRequest) -> None:
        model = self.models[case_id]
        problem = CaseClosedError if model.closed else request.problem
        entity_id = self.attempt(
            case_id,
            problem,
            lambda: self.platform.cases.record_entity(
                case_id,
                entity_type=request.entity_type,
                role=request.role,
                name=request.name,
                identifiers=request.identifiers,
                subtype=request.subtype,
            ),
        )
        if problem is None:
            model.entities[entity_id] = False

    @rule(case_id=cases, officer=NAMES)
    def assign_officer(self, case_id: UUID, officer: tuple[str, bool]) -> None:
        model = self.models[case_id]
        name, valid = officer
        problem = CaseClosedError if model.closed else None if valid else CaseError
        self.attempt(case_id, problem, lambda: self.platform.cases.assign_officer(case_id, name))
        if problem is None:
            model.officer = name.strip()

    @rule(case_id=cases, code=OUTCOME_CODES)
    def record_outcome(self, case_id: UUID, code: tuple[int | str, bool]) -> None:
        model = self.models[case_id]
        raw, valid = code
        problem: type[Exception] | None = None
        if model.closed:
            problem = CaseClosedError
        elif model.offence is None:
            problem = NotClassifiedError
        elif not valid:
            problem = UnknownOutcomeError
        self.attempt(case_id, problem, lambda: self.platform.cases.record_outcome(case_id, raw))
        if problem is None:
            model.outcome = int(raw)

    @rule(case_id=cases, reason=st.sampled_from(("filed", "")))
    def close(self, case_id: UUID, reason: str) -> None:
        model = self.models[case_id]
        problem: type[Exception] | None = None
        if model.closed:
            problem = CaseClosedError
        elif not model.outcome:  # none yet, or 0 ("no outcome yet")
            problem = NoOutcomeError
        self.attempt(case_id, problem, lambda: self.platform.cases.close_case(case_id, reason))
        if problem is None:
            model.closed = True

    @rule(case_id=cases, reason=REASONS)
    def reopen(self, case_id: UUID, reason: tuple[str, bool]) -> None:
        model = self.models[case_id]
        problem = None if model.closed and reason[1] else CaseError
        self.attempt(case_id, problem, lambda: self.platform.cases.reopen_case(case_id, reason[0]))
        if problem is None:
            model.closed = False

    @rule(case_id=cases, data=st.data(), reason=REASONS)
    def erase_entity(self, case_id: UUID, data: st.DataObject, reason: tuple[str, bool]) -> None:
        candidates = [*self.models[case_id].entities, str(uuid.uuid4())]
        self._erase(case_id, data.draw(st.sampled_from(candidates), label="entity_id"), reason)

    def _erase(self, case_id: UUID, entity_id: str, reason: tuple[str, bool]) -> None:
        model = self.models[case_id]
        problem: type[Exception] | None = None
        if model.entities.get(entity_id, True):  # unknown, or erased already
            problem = UnknownEntityError
        elif not reason[1]:
            problem = CaseError
        self.attempt(
            case_id,
            problem,
            lambda: self.platform.cases.erase_entity(case_id, entity_id, reason[0]),
        )
        if problem is None:
            model.entities[entity_id] = True

    # The rules above pick any case, so the commands that need a case in a particular state
    # rarely meet one; these pick such a case, so that the valid paths run often too.

    def _cases_where(self, test: Callable[[CaseModel], bool]) -> list[UUID]:
        return [case_id for case_id, model in self.models.items() if test(model)]

    @precondition(lambda self: self._cases_where(lambda m: bool(m.outcome) and not m.closed))
    @rule(data=st.data())
    def close_a_case_with_a_final_outcome(self, data: st.DataObject) -> None:
        candidates = self._cases_where(lambda m: bool(m.outcome) and not m.closed)
        self.close(data.draw(st.sampled_from(candidates), label="case_id"), "filed")

    @precondition(lambda self: self._cases_where(lambda m: m.closed))
    @rule(data=st.data(), reason=REASONS)
    def reopen_a_closed_case(self, data: st.DataObject, reason: tuple[str, bool]) -> None:
        candidates = self._cases_where(lambda m: m.closed)
        self.reopen(data.draw(st.sampled_from(candidates), label="case_id"), reason)

    @precondition(lambda self: self._cases_where(lambda m: not all(m.entities.values())))
    @rule(data=st.data(), reason=REASONS)
    def erase_a_recorded_entity(self, data: st.DataObject, reason: tuple[str, bool]) -> None:
        candidates = self._cases_where(lambda m: not all(m.entities.values()))
        case_id = data.draw(st.sampled_from(candidates), label="case_id")
        live = [
            entity_id for entity_id, erased in self.models[case_id].entities.items() if not erased
        ]
        self._erase(case_id, data.draw(st.sampled_from(live), label="entity_id"), reason)

    # -- invariants ---------------------------------------------------------------------------

    @invariant()
    def cases_replay_to_the_same_state_and_keep_their_rules(self) -> None:
        for case_id, model in self.models.items():
            case = self.platform.cases.get_case(case_id, log_access=False)
            assert stable(self.replay.get_case(case_id, log_access=False)) == stable(case)
            assert self.platform.cases.snapshots is not None
            snapshots = list(self.platform.cases.snapshots.get(case_id, desc=True, limit=1))
            latest = [s.originator_version for s in snapshots]
            expected = model.version // SNAPSHOT_INTERVAL * SNAPSHOT_INTERVAL
            assert latest == ([expected] if expected else [])

            assert case["version"] == model.version == len(self.platform.cases.history(case_id))
            assert case["status"] == ("closed" if model.closed else "open")
            assert (case["offence"] or {}).get("code") == model.offence
            assert (case["outcome"] or {}).get("code") == model.outcome
            assert case["assigned_officer"] == model.officer
            assert [s["statement_id"] for s in case["statements"]] == model.statements
            live = [entity_id for entity_id, erased in model.entities.items() if not erased]
            assert [e["entity_id"] for e in case["entities"]] == live

            if case["status"] == "closed":
                assert case["outcome"] is not None
                assert 1 <= case["outcome"]["code"] <= 22
            if case["outcome"] is not None:
                assert case["offence"] is not None


CaseLifecycle.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=30,
    deadline=None,
    database=None,
    # Each example builds a platform on fresh SQLite files: slow by design, not by accident.
    suppress_health_check=[HealthCheck.too_slow],
)
# About 15 s on two cores: more than the few seconds an unmarked test may take.
TestCaseLifecycle = pytest.mark.slow(CaseLifecycle.TestCase)


def test_an_entity_with_no_name_and_only_blank_identifiers_is_refused(tmp_path: Path) -> None:
    with (
        Platform(
            Settings.from_env({"POLICEAI_DATA_DIR": str(tmp_path), "POLICEAI_SECRET_KEY": "t"})
        ) as platform,
        acting_as(ACTOR),
    ):
        case_id = platform.cases.open_case(
            narrative="Bag taken", reported_at=datetime.now(UTC), location="High Street"
        )["case_id"]
        with pytest.raises(InvalidEntityError):
            platform.cases.record_entity(
                case_id, entity_type="person", role="witness", identifiers={"vrm": "  "}
            )
        assert platform.cases.case_version(case_id) == 1
