"""Crime reference numbers: a gap-free counter per force and year, and the reference index."""

from __future__ import annotations

import uuid

from eventsourcing.domain import event

from policeai.core.aggregate import NAMESPACE, PoliceAggregate


class ReferenceCounter(PoliceAggregate):
    """Allocates crime reference numbers for one force and year, without gaps or repeats.

    The counter is saved in the same transaction as the case it numbers, so a number is
    used exactly when its case is stored; a concurrent allocation conflicts and retries.
    """

    @staticmethod
    def create_id(force: str, year: int) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"crime-reference-counter/{force}/{year}")

    @event("CounterStarted")
    def __init__(self, force: str, year: int) -> None:
        self.force = force
        self.year = year
        self.last = 0

    @event("ReferenceAllocated")
    def allocate(self) -> None:
        self.last += 1

    @property
    def reference(self) -> str:
        return f"{self.force.upper()}/{self.year}/{self.last:06d}"


class CaseReference(PoliceAggregate):
    """Index aggregate: crime reference number -> case id (uuid5 of the reference)."""

    @staticmethod
    def create_id(reference: str) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"crime-reference/{reference.upper()}")

    @event("ReferenceIndexed")
    def __init__(self, reference: str, case_id: uuid.UUID) -> None:
        self.reference = reference
        self.case_id = case_id
