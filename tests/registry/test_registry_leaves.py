"""Every registry change is a leaf of the transparency log, exactly once, on both backends.

A tool's whole life in the registry (registered, its ATRS record updated, releases submitted,
tested, exempted from a rule, certified, suspended, reinstated, revoked, rejected, expired)
becomes one ``RegistryChange`` leaf per event, in the order the registry committed them.
Restarting the projection, running two at once or delivering an event again appends nothing
twice, because a leaf and the projection's tracking position commit in one transaction. The
leaves hold ids, versions, event names, times and roles: no names, reasons or ATRS text.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import Tracking
from sqlalchemy import Engine, select
from test_registry import (
    ATRS,
    CERTIFIER,
    MODEL_CARD,
    NOW,
    SLUG,
    VENDOR,
    WHEEL_SHA,
    manifest,
    report,
    wheel,
)

from policeai.core.context import acting_as
from policeai.core.database import make_engine, metadata
from policeai.core.settings import Settings
from policeai.registry.entries import Registry, registry_env
from policeai.registry.keys import generate_key, public_key_b64
from policeai.registry.transparency import (
    RegistryChange,
    TransparencyLog,
    decode_leaf,
    verify_checkpoint,
)
from policeai.registry.transparency.log import checkpoints_table, leaves_table
from policeai.registry.transparency.registry_leaves import (
    RegistryLeaves,
    registry_leaves_tracking,
    start_registry_leaves,
    wait_for_registry_leaves,
)


@dataclass
class World:
    settings: Settings
    registry: Registry
    engine: Engine
    log: TransparencyLog
    public_key: str

    @property
    def env(self) -> dict[str, str]:
        return registry_env(self.settings)

    def leaves(self) -> list[RegistryChange]:
        return [decode_leaf(self.log.leaf(i).entry) for i in range(self.log.size())]


@pytest.fixture
def world(backend: str, settings_for: Callable[..., Settings], tmp_path: Path) -> Iterator[World]:
    settings = settings_for(backend)
    registry = Registry(registry_env(settings))
    engine = make_engine(settings.database_url)
    metadata.create_all(engine)
    key = generate_key(tmp_path / "keys" / "police-ai-signing-key.pem")
    log = TransparencyLog(engine, signing_key=key)
    yield World(settings, registry, engine, log, public_key_b64(key))
    registry.close()
    engine.dispose()


def submit(registry: Registry, entry_id: UUID, version: str) -> UUID:
    with acting_as(VENDOR):
        return registry.submit_release(
            entry_id, version, wheel(version), WHEEL_SHA, manifest(version), MODEL_CARD
        )


def lifecycle(registry: Registry) -> dict[str, Any]:
    """A tool's life: every kind of registry event, some of them twice."""
    with acting_as(VENDOR):
        entry_id = registry.register_entry(SLUG, ATRS)
        atrs = copy.deepcopy(ATRS)
        atrs["tier1"]["description"] = "Suggests offence classifications (revised wording)."
        registry.update_atrs(entry_id, atrs, reason="clearer public description")
    first = submit(registry, entry_id, "1.2.0")
    with acting_as(CERTIFIER):
        registry.exempt_rule(first, "groups-large-enough", "small groups in v3 data")
        registry.record_test(first, report())
        registry.certify(first, NOW + timedelta(days=365), "meets the standard")
        registry.suspend(first, "complaint under review")
        registry.reinstate(first, "complaint not upheld")
        registry.revoke(first, "supplier withdrew support")
    second = submit(registry, entry_id, "1.3.0")
    with acting_as(CERTIFIER):
        registry.record_test(second, report(correct=140))
        registry.reject(second, "fails the accuracy standard")
    third = submit(registry, entry_id, "1.4.0")
    with acting_as(CERTIFIER):
        registry.record_test(third, report())
        registry.certify(third, NOW + timedelta(days=30), "meets the standard")
        registry.expire(third, now=NOW + timedelta(days=31))
    return {"entry_id": entry_id, "releases": [first, second, third]}


LIFECYCLE_LEAVES = [
    ("entry", None, "EntryRegistered", "vendor"),
    ("entry", None, "AtrsRecordUpdated", "vendor"),
    ("release", "1.2.0", "ReleaseSubmitted", "vendor"),
    ("release", "1.2.0", "RuleExempted", "certifier"),
    ("release", "1.2.0", "ReliabilityTested", "certifier"),
    ("certificate", "1.2.0", "Certified", "certifier"),
    ("certificate", "1.2.0", "Suspended", "certifier"),
    ("certificate", "1.2.0", "Reinstated", "certifier"),
    ("certificate", "1.2.0", "Revoked", "certifier"),
    ("release", "1.3.0", "ReleaseSubmitted", "vendor"),
    ("release", "1.3.0", "ReliabilityTested", "certifier"),
    ("release", "1.3.0", "Rejected", "certifier"),
    ("release", "1.4.0", "ReleaseSubmitted", "vendor"),
    ("release", "1.4.0", "ReliabilityTested", "certifier"),
    ("certificate", "1.4.0", "Certified", "certifier"),
    ("certificate", "1.4.0", "CertificateExpired", "certifier"),
]


def summary(leaves: list[RegistryChange]) -> list[tuple[Any, ...]]:
    return [(c.kind, c.release_version, c.event, c.actor_role) for c in leaves]


def test_a_registry_lifecycle_is_one_leaf_per_event_in_commit_order(world: World) -> None:
    runner = start_registry_leaves(world.env, world.engine, world.log)
    try:
        story = lifecycle(world.registry)
        wait_for_registry_leaves(runner)
    finally:
        runner.__exit__(None, None, None)

    leaves = world.leaves()
    assert summary(leaves) == LIFECYCLE_LEAVES
    assert {change.entry_id for change in leaves} == {story["entry_id"]}
    times = [change.at for change in leaves]
    assert times == sorted(times)
    # In the registry's own commit order: its notification log, events that make no leaf aside.
    events = [
        type(world.registry.mapper.to_domain_event(n)).__name__
        for n in world.registry.recorder.select_notifications(1, 1000)
    ]
    assert [e for e in events if e not in {"ReleaseListed", "SlugIndexed"}] == [
        change.event for change in leaves
    ]
    # Each append signed a checkpoint; the latest covers every leaf.
    checkpoint = verify_checkpoint(world.log.latest_checkpoint(), world.public_key)
    assert checkpoint is not None
    assert checkpoint.tree_size == len(LIFECYCLE_LEAVES)
    assert checkpoint.root_hash == world.log.root()


def test_restarting_the_projection_appends_nothing_twice(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = start_registry_leaves(world.env, world.engine, world.log)
    with acting_as(VENDOR):
        entry_id = world.registry.register_entry(SLUG, ATRS)
    release_id = submit(world.registry, entry_id, "1.2.0")
    wait_for_registry_leaves(runner)
    runner.__exit__(None, None, None)
    assert world.log.size() == 2

    # Changes made while no projection runs are logged when it starts again, once.
    with acting_as(CERTIFIER):
        world.registry.record_test(release_id, report())
    for _ in range(2):
        runner = start_registry_leaves(world.env, world.engine, world.log)
        wait_for_registry_leaves(runner)
        runner.__exit__(None, None, None)
    assert summary(world.leaves()) == [
        ("entry", None, "EntryRegistered", "vendor"),
        ("release", "1.2.0", "ReleaseSubmitted", "vendor"),
        ("release", "1.2.0", "ReliabilityTested", "certifier"),
    ]

    # An event delivered again is recognised before the append, and again inside the append's
    # transaction (where a second runner's delivery would be caught): nothing is appended.
    view = RegistryLeaves(world.engine, world.log)
    again, tracking = world.leaves()[0], Tracking(world.registry.name, 1)
    assert view.append(again, tracking) is None
    monkeypatch.setattr(view, "has_tracking_id", lambda *_args: False)
    assert view.append(again, tracking) is None
    assert world.log.size() == 3


def test_two_projections_at_once_still_log_each_event_once(world: World) -> None:
    runners = [start_registry_leaves(world.env, world.engine, world.log) for _ in range(2)]
    try:
        lifecycle(world.registry)
        for runner in runners:
            wait_for_registry_leaves(runner)
    finally:
        for runner in runners:
            runner.__exit__(None, None, None)
    assert summary(world.leaves()) == LIFECYCLE_LEAVES


def test_a_leaf_and_its_tracking_position_commit_together_or_not_at_all(world: World) -> None:
    world.log.append(b"before")

    def fail(_conn: Any, indexes: list[int]) -> None:
        assert indexes == [1, 2]
        raise RuntimeError("crash inside the append's transaction")

    with pytest.raises(RuntimeError, match="crash inside"):
        world.log.append_many([b"a", b"b"], before_commit=fail)
    assert world.log.size() == 1
    with world.engine.connect() as conn:
        assert conn.execute(select(leaves_table.c.idx)).scalars().all() == [0]
        assert conn.execute(select(checkpoints_table.c.tree_size)).scalars().all() == [1]

    written: list[list[int]] = []
    assert world.log.append_many(
        [b"c"], before_commit=lambda _conn, indexes: written.append(indexes)
    ) == [1]
    assert written == [[1]]


def test_the_tracking_position_is_written_in_the_appends_transaction(world: World) -> None:
    """Were the position written after the append's commit, a crash could leave a leaf whose
    event is delivered again; the position must be visible exactly when the leaf is."""
    runner = start_registry_leaves(world.env, world.engine, world.log)
    with acting_as(VENDOR):
        world.registry.register_entry(SLUG, ATRS)
    wait_for_registry_leaves(runner)
    runner.__exit__(None, None, None)
    head = world.registry.recorder.max_notification_id()
    with world.engine.connect() as conn:
        position = conn.execute(select(registry_leaves_tracking.c.notification_id)).scalar()
    assert position == head
    assert world.log.size() == 1


def test_leaves_hold_no_personal_data(world: World) -> None:
    runner = start_registry_leaves(world.env, world.engine, world.log)
    try:
        lifecycle(world.registry)
        wait_for_registry_leaves(runner)
    finally:
        runner.__exit__(None, None, None)

    fields = {"type", "kind", "entry_id", "release_version", "event", "at", "actor_role"}
    for index in range(world.log.size()):
        entry = world.log.leaf(index).entry
        assert isinstance(decode_leaf(entry), RegistryChange)
        assert set(json.loads(entry)) == fields
        text = entry.decode()
        for private in (
            VENDOR.user,
            CERTIFIER.user,
            "complaint",
            "supplier withdrew",
            ATRS["tier1"]["contact_email"],
            "Demoshire",
            "12345678",
            "@",
        ):
            assert private not in text
