"""An AI invocation, recorded against the registry entry of the tool that ran it.

InvocationRequested -> [InvocationQueued -> InvocationReleased] -> InvocationStarted ->
InvocationCompleted | InvocationFailed. A request served from cache completes at once,
naming the invocation whose output it reuses.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from eventsourcing.domain import event

from policeai.core.aggregate import NAMESPACE, PoliceAggregate
from policeai.core.errors import PoliceAIError

FINISHED = ("completed", "failed")


class InvocationStateError(PoliceAIError):
    status_code = 409


class Invocation(PoliceAggregate):
    @event("InvocationRequested")
    def __init__(
        self,
        *,
        force: str,
        case_id: uuid.UUID,
        plugin_id: str,
        capability: str,
        hook: str,
        registry_entry_id: str,
        release_version: str,
        certificate_id: str,
        classification: str,
        input_digest: str,
        payload: str,
        timeout_s: float,
    ) -> None:
        self.force = force
        self.case_id = case_id
        self.plugin_id = plugin_id
        self.capability = capability
        self.hook = hook
        self.registry_entry_id = registry_entry_id
        self.release_version = release_version
        self.certificate_id = certificate_id
        self.classification = classification
        self.input_digest = input_digest
        self.payload = payload
        self.timeout_s = timeout_s
        self.status = "requested"
        self.not_before: datetime | None = None
        self.output: str | None = None
        self.output_digest: str | None = None
        self.from_cache: str | None = None
        self.error: dict[str, str] | None = None

    def record(self) -> dict[str, Any]:
        """What a suggestion and a fact's provenance say about this invocation."""
        return {
            "invocation_id": str(self.id),
            "plugin_id": self.plugin_id,
            "registry_entry_id": self.registry_entry_id,
            "release_version": self.release_version,
            "certificate_id": self.certificate_id,
        }

    def check_not_finished(self) -> None:
        if self.status in FINISHED:
            raise InvocationStateError(f"invocation {self.id} has already {self.status}")

    @event("InvocationQueued")
    def queue(self, reason: str, not_before: datetime) -> None:
        self.status = "queued"
        self.not_before = not_before

    @event("InvocationReleased")
    def release(self) -> None:
        self.status = "requested"
        self.not_before = None

    def start(self, worker: str) -> None:
        self.check_not_finished()
        self._started(worker=worker)

    @event("InvocationStarted")
    def _started(self, worker: str) -> None:
        self.status = "running"

    def complete(
        self,
        *,
        output: str,
        output_digest: str,
        duration_ms: float,
        model_version: str,
        from_cache: str | None = None,
    ) -> None:
        self.check_not_finished()
        self._completed(
            output=output,
            output_digest=output_digest,
            duration_ms=duration_ms,
            model_version=model_version,
            from_cache=from_cache,
        )

    @event("InvocationCompleted")
    def _completed(
        self,
        output: str,
        output_digest: str,
        duration_ms: float,
        model_version: str,
        from_cache: str | None,
    ) -> None:
        self.status = "completed"
        self.output = output
        self.output_digest = output_digest
        self.from_cache = from_cache

    def fail(self, *, error_class: str, message: str, duration_ms: float) -> None:
        self.check_not_finished()
        # A failure is always recordable: a NUL character in the message is written out.
        message = message[:2000].replace("\x00", "\\x00")
        self._failed(error_class=error_class, message=message, duration_ms=duration_ms)

    @event("InvocationFailed")
    def _failed(self, error_class: str, message: str, duration_ms: float) -> None:
        self.status = "failed"
        self.error = {"error_class": error_class, "message": message}


class QuotaCounter(PoliceAggregate):
    """Counts a force's invocations of one plugin in one day or month (exact under races)."""

    @staticmethod
    def create_id(force: str, plugin_id: str, period: str) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"quota/{force}/{plugin_id}/{period}")

    @event("QuotaPeriodStarted")
    def __init__(self, force: str, plugin_id: str, period: str) -> None:
        self.force = force
        self.plugin_id = plugin_id
        self.period = period
        self.used = 0

    @event("QuotaUsed")
    def use(self, invocation_id: str) -> None:
        self.used += 1
