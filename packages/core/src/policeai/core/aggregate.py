"""The base aggregate: every event records who acted, for which force and why.

The actor comes from :mod:`policeai.core.context`, so domain methods never take it as an
argument; the event's own timestamp says when.
"""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.domain import Aggregate

from policeai.core.context import current_actor

#: Namespace for name-based (uuid5) ids of index aggregates and counters.
NAMESPACE = uuid.UUID("5d3c9a56-2f7e-4a51-9a36-6a1f0c1e2b47")


class PoliceAggregate(Aggregate):
    class Event(Aggregate.Event):
        actor: str
        actor_force: str
        purpose: str

    class Created(Event, Aggregate.Created):
        pass

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        actor = current_actor()
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
        return super()._create(
            event_class,
            id=id,
            actor=actor.user,
            actor_force=actor.force,
            purpose=actor.purpose,
            **kwargs,
        )
