"""Who, for which force and why: the actor context every recorded event carries.

Callers set the context once at the edge (a web request, a CLI command, a worker job) with
:func:`acting_as`; every event an aggregate triggers while it is set records the same user,
force and purpose, so nothing has to thread them through domain methods.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


class NoActorError(RuntimeError):
    """A change or a consultation was attempted with nobody named as acting."""


@dataclass(frozen=True, slots=True)
class Actor:
    """The person (or system account) acting, the force they act for and their purpose."""

    user: str
    force: str
    purpose: str
    role: str = "officer"

    def __post_init__(self) -> None:
        for name in ("user", "force", "purpose"):
            if not getattr(self, name).strip():
                raise ValueError(f"the actor's {name} must not be empty")


_current: ContextVar[Actor | None] = ContextVar("policeai_actor", default=None)


def current_actor() -> Actor:
    """Return the actor set by :func:`acting_as`; raise if nobody is acting."""
    actor = _current.get()
    if actor is None:
        raise NoActorError(
            "no actor is set: every change to a case records who made it, for which force "
            "and why; wrap the call in acting_as(Actor(...))"
        )
    return actor


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Set who is acting, for which force and why, for the duration of the block."""
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
