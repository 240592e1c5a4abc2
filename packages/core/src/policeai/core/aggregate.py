"""The base aggregate: every event records who acted, for which force and why.

The actor comes from :mod:`policeai.core.context`, so domain methods never take it as an
argument; the event's own timestamp says when.
"""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.domain import Aggregate

from policeai.core.context import current_actor
from policeai.core.errors import PoliceAIError

#: Namespace for name-based (uuid5) ids of index aggregates and counters.
NAMESPACE = uuid.UUID("5d3c9a56-2f7e-4a51-9a36-6a1f0c1e2b47")


class UnstorableTextError(PoliceAIError, ValueError):
    """Text holding a NUL character (U+0000): no read model could store it (PostgreSQL's text
    cannot hold one), so the event that carries it is refused before it is recorded. (A
    ValueError too: a tool's output that holds one fails the invocation, as invalid output.)"""


def nul_character_at(value: Any, where: str) -> str | None:
    """Where in ``value`` (strings, and the keys and values of dicts, lists and tuples) a
    NUL character is, or None."""
    if isinstance(value, str):
        return where if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = nul_character_at(key, f"{where} (a key)") or nul_character_at(
                item, f"{where}.{key}"
            )
            if found:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = nul_character_at(item, f"{where}[{index}]")
            if found:
                return found
    return None


def refuse_nul_characters(kwargs: dict[str, Any]) -> None:
    """Refuse an event whose data holds a NUL character anywhere, naming where."""
    for name, value in kwargs.items():
        where = nul_character_at(value, name)
        if where:
            raise UnstorableTextError(
                f"{where} contains a NUL character (\\x00), which cannot be recorded: remove it"
            )


class PoliceAggregate(Aggregate):
    class Event(Aggregate.Event):
        actor: str
        actor_force: str
        purpose: str

    class Created(Event, Aggregate.Created):
        pass

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        actor = current_actor()
        refuse_nul_characters(kwargs)
        super().trigger_event(
            event_class,
            actor=actor.user,
            actor_force=actor.force,
            purpose=actor.purpose,
            **kwargs,
        )

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:
        actor = current_actor()
        refuse_nul_characters(kwargs)
        return super()._create(
            event_class,
            id=id,
            actor=actor.user,
            actor_force=actor.force,
            purpose=actor.purpose,
            **kwargs,
        )
