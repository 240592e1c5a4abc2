"""The invocation gateway: the only door to a plugin.

Before a tool runs, the gateway checks that the force installed this exact release, that
the release's certificate in the force's catalogue view is current, that the caller's role
may use it, that the data's classification is within the tool's limit, and the force's
quota (over quota, the call is queued, not refused). It records ``InvocationRequested``
against the registry entry, runs the tool through a job runner in a killable child process,
validates the output, records ``InvocationCompleted`` or ``InvocationFailed`` and puts the
output on the case as a suggestion, in the same transaction. No output becomes part of the
record until a person accepts it (see :meth:`Cases.accept_suggestion`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

import msgspec
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from policeai.core.cases.application import Cases
from policeai.core.cases.domainmodel import Case
from policeai.core.catalogue.installations import Installation, Installations
from policeai.core.catalogue.view import CatalogueView
from policeai.core.context import Actor, acting_as, current_actor
from policeai.core.errors import ConflictError, ForbiddenError, NotFoundError, PoliceAIError
from policeai.core.invocations.domainmodel import FINISHED, Invocation, QuotaCounter
from policeai.core.invocations.executor import PluginCallError, PluginExecutor
from policeai.core.invocations.items import items_from_output
from policeai.core.invocations.views import InvocationViews
from policeai.core.plugins.host import PluginHost, hook_signatures
from policeai.core.plugins.manifest import CAPABILITY_HOOKS

log = logging.getLogger(__name__)

CASE_CAPABILITIES = ("summarise", "record_entry", "offence_suggestion", "redaction")
SAVE_ATTEMPTS = 20


class InvocationRefusedError(ForbiddenError):
    """The gateway will not run this tool for this caller; the message says which check."""


class InvalidInputError(PoliceAIError):
    """The input for a tool does not have the shape the hook declares."""


class JobRunner(Protocol):
    def submit(self, invocation_id: UUID) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class GatewayConfig:
    timeout_s: float = 30.0
    cache_window_s: float = 600.0


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def worker_actor(invocation: Invocation) -> Actor:
    return Actor(
        user="system:gateway",
        force=invocation.force,
        purpose=f"AI invocation {invocation.id}",
        role="system",
    )


class Gateway:
    def __init__(
        self,
        *,
        records: Cases,
        host: PluginHost,
        catalogue: CatalogueView,
        installations: Installations,
        views: InvocationViews,
        config: GatewayConfig | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.records = records
        self.host = host
        self.catalogue = catalogue
        self.installations = installations
        self.views = views
        self.config = config or GatewayConfig()
        self.clock = clock
        self.runner: JobRunner | None = None

    # -- requesting -----------------------------------------------------------------------

    def invoke(
        self,
        *,
        case_id: UUID,
        plugin_id: str,
        capability: str,
        request: Any,
        classification: str = "OFFICIAL",
    ) -> dict[str, Any]:
        """Check, record and schedule one invocation; return its id and status."""
        actor = current_actor()
        now = self.clock()
        installation, release = self.check(plugin_id, capability, classification, now)
        hook = CAPABILITY_HOOKS[capability][0]
        payload = self._validated_payload(hook, request, capability)
        case = self.records.load_case(case_id)
        case.check_open()
        invocation = Invocation(
            force=actor.force,
            case_id=case.id,
            plugin_id=plugin_id,
            capability=capability,
            hook=hook,
            registry_entry_id=release.registry_entry_id,
            release_version=release.version,
            certificate_id=release.certificate_id,
            classification=classification,
            input_digest=digest(payload),
            payload=payload.decode(),
            timeout_s=self.config.timeout_s,
        )
        if self._serve_from_cache(invocation, now):
            return self._status(invocation)
        self._take_quota_or_queue(invocation, installation, now)
        if invocation.status == "requested" and self.runner is not None:
            self.runner.submit(invocation.id)
        return self._status(invocation)

    def check(
        self, plugin_id: str, capability: str, classification: str, now: datetime
    ) -> tuple[Installation, Any]:
        """Every check before a run; raise :class:`InvocationRefusedError` naming the one failed."""
        actor = current_actor()
        if capability not in CASE_CAPABILITIES:
            raise InvalidInputError(
                f"unknown capability {capability!r}: use one of {', '.join(CASE_CAPABILITIES)}"
            )
        installation = self.installations.get(actor.force, plugin_id)
        if installation is None:
            raise InvocationRefusedError(f"{plugin_id} is not installed for force {actor.force}")
        loaded = self.host.loaded.get(plugin_id)
        if loaded is None or loaded.manifest.version != installation.version:
            found = loaded.manifest.version if loaded else "none"
            raise InvocationRefusedError(
                f"the force installed {plugin_id} {installation.version} but this server runs "
                f"{found}: only the exact installed release may run"
            )
        manifest = loaded.manifest
        release = self.catalogue.release(plugin_id, manifest.version)
        if release is None:
            raise InvocationRefusedError(
                f"{plugin_id} {manifest.version} is not in the force's verified catalogue"
            )
        standing = release.standing(now)
        if standing != "certified":
            raise InvocationRefusedError(
                f"the certificate {release.certificate_id} of {plugin_id} {manifest.version} "
                f"is {standing}: the tool may not be used"
            )
        if actor.role not in installation.roles:
            raise InvocationRefusedError(
                f"the {actor.role} role may not use {plugin_id} in force {actor.force}"
            )
        if not manifest.allows_classification(classification):
            raise InvocationRefusedError(
                f"{plugin_id} may receive data up to {manifest.max_classification}, "
                f"not {classification}"
            )
        if capability not in manifest.capabilities:
            raise InvocationRefusedError(f"{plugin_id} does not offer {capability}")
        return installation, release

    def _validated_payload(self, hook: str, request: Any, capability: str) -> bytes:
        input_type = hook_signatures()[hook].input_type
        raw = msgspec.to_builtins(request) if isinstance(request, msgspec.Struct) else request
        try:
            value = msgspec.convert(raw, input_type)
        except msgspec.ValidationError as error:
            raise InvalidInputError(f"the input for {capability} is not valid: {error}") from None
        return msgspec.json.encode(value)

    def _serve_from_cache(self, invocation: Invocation, now: datetime) -> bool:
        if self.config.cache_window_s <= 0:
            return False
        cached_id = self.views.find_cached(
            force=invocation.force,
            plugin_id=invocation.plugin_id,
            release_version=invocation.release_version,
            hook=invocation.hook,
            input_digest=invocation.input_digest,
            since=now - timedelta(seconds=self.config.cache_window_s),
        )
        if cached_id is None:
            return False
        original = self.records.repository.get(cached_id)
        invocation.complete(
            output=original.output,
            output_digest=original.output_digest,
            duration_ms=0.0,
            model_version=self.host.get(invocation.plugin_id).manifest.model_version,
            from_cache=str(cached_id),
        )
        self._complete_on_case(invocation)
        return True

    def _take_quota_or_queue(
        self, invocation: Invocation, installation: Installation, now: datetime
    ) -> None:
        # The invocation's events are collected once and kept across retries: a failed save
        # must not lose them (only the counters are reloaded and counted again).
        pending: list[Any] = []
        for _attempt in range(SAVE_ATTEMPTS):
            counters = self._counters(installation, now)
            over = [(c, limit, start) for c, limit, start in counters if c.used >= limit]
            if over:
                counter, limit, next_start = over[0]
                if invocation.status != "queued":
                    invocation.queue(
                        reason=f"quota of {limit} per {counter.period.split(':')[0]} reached",
                        not_before=next_start,
                    )
                pending.extend(invocation.collect_events())
                self.records.save(*pending)
                return
            for counter, _limit, _start in counters:
                counter.use(str(invocation.id))
            if invocation.status == "queued":
                invocation.release()
            pending.extend(invocation.collect_events())
            try:
                self.records.save(*pending, *(c for c, _, _ in counters))
            except IntegrityError:
                continue  # another request took quota at the same moment: count again
            return
        raise ConflictError("the quota is busy: try again")

    def _counters(
        self, installation: Installation, now: datetime
    ) -> list[tuple[QuotaCounter, int, datetime]]:
        periods = []
        if installation.quota_per_day is not None:
            start = datetime(now.year, now.month, now.day, tzinfo=UTC) + timedelta(days=1)
            periods.append((f"day:{now:%Y-%m-%d}", installation.quota_per_day, start))
        if installation.quota_per_month is not None:
            year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
            start = datetime(year, month, 1, tzinfo=UTC)
            periods.append((f"month:{now:%Y-%m}", installation.quota_per_month, start))
        counters = []
        for period, limit, next_start in periods:
            counter_id = QuotaCounter.create_id(installation.force, installation.plugin_id, period)
            try:
                counter = self.records.repository.get(counter_id)
            except AggregateNotFoundError:
                counter = QuotaCounter(installation.force, installation.plugin_id, period)
            counters.append((counter, limit, next_start))
        return counters

    def release_queued(self) -> list[UUID]:
        """Start queued invocations whose quota period has rolled over; return those started."""
        now = self.clock()
        started = []
        for invocation_id in self.views.due(now):
            invocation = self.records.repository.get(invocation_id)
            if invocation.status != "queued":
                continue
            with acting_as(worker_actor(invocation)):
                installation = self.installations.get(invocation.force, invocation.plugin_id)
                if installation is None:
                    invocation.fail(
                        error_class="NotInstalled",
                        message="the tool was uninstalled while the request was queued",
                        duration_ms=0.0,
                    )
                    self.records.save(invocation)
                    continue
                self._take_quota_or_queue(invocation, installation, now)
            if invocation.status == "requested":
                started.append(invocation.id)
                if self.runner is not None:
                    self.runner.submit(invocation.id)
        return started

    # -- running ----------------------------------------------------------------------------

    def execute(self, invocation_id: UUID, executor: PluginExecutor) -> str:
        """Run one invocation (idempotent); return its final status."""
        try:
            invocation = self.records.repository.get(invocation_id)
        except AggregateNotFoundError:
            raise NotFoundError(f"no invocation {invocation_id}") from None
        if invocation.status in FINISHED or invocation.status == "queued":
            return invocation.status
        with acting_as(worker_actor(invocation)):
            if invocation.status == "running":
                # A worker took it and died mid-run: the run is lost, say so.
                invocation.fail(
                    error_class="Interrupted",
                    message="the worker running this invocation stopped before it finished",
                    duration_ms=0.0,
                )
                self.records.save(invocation)
                return invocation.status
            invocation.start(worker=f"{socket.gethostname()}:{os.getpid()}")
            try:
                self.records.save(invocation)
            except IntegrityError:
                return "running"  # another worker started it first
            self._run(invocation, executor)
        return invocation.status

    def _run(self, invocation: Invocation, executor: PluginExecutor) -> None:
        started = time.perf_counter()
        signature = hook_signatures()[invocation.hook]
        try:
            raw = executor.call(
                invocation.plugin_id,
                invocation.hook,
                invocation.payload.encode(),
                timeout=invocation.timeout_s,
            )
            output = msgspec.json.decode(raw, type=signature.output_type)
        except PluginCallError as error:
            self._fail(invocation, error.error_class, error.message, started)
            return
        except msgspec.ValidationError as error:
            message = f"the tool's output is not valid: {error}"
            self._fail(invocation, "InvalidOutput", message, started)
            return
        if output is None:
            self._fail(invocation, "NoOutput", "the tool returned nothing", started)
            return
        invocation.complete(
            output=raw.decode(),
            output_digest=digest(raw),
            duration_ms=(time.perf_counter() - started) * 1000,
            model_version=self.host.get(invocation.plugin_id).manifest.model_version,
        )
        try:
            self._complete_on_case(invocation, output)
        except ValueError as error:
            # The output is valid but cannot become suggestions: nothing reaches the case.
            invocation = self.records.repository.get(invocation.id)
            self._fail(invocation, "InvalidOutput", str(error), started)

    def _fail(self, invocation: Invocation, error_class: str, message: str, started: float) -> None:
        invocation.fail(
            error_class=error_class,
            message=message,
            duration_ms=(time.perf_counter() - started) * 1000,
        )
        self.records.save(invocation)

    def _complete_on_case(self, invocation: Invocation, output: Any = None) -> None:
        """Save the completion and the case's new suggestion in one transaction.

        ``output`` is the validated output when the caller has it; otherwise (a cached
        result) it is decoded from the invocation's recorded output.
        """
        if output is None:
            output_type = hook_signatures()[invocation.hook].output_type
            output = msgspec.json.decode(invocation.output or "null", type=output_type)
        manifest = self.host.get(invocation.plugin_id).manifest
        items = items_from_output(invocation.capability, output, manifest.name)
        # Collected once: a retry after a conflict on the case must still save the completion.
        pending = invocation.collect_events()
        for _attempt in range(SAVE_ATTEMPTS):
            case: Case = self.records.repository.get(invocation.case_id)
            case.add_suggestion(
                invocation=invocation.record(), capability=invocation.capability, items=items
            )
            try:
                self.records.save(*pending, case)
            except IntegrityError:
                continue  # an officer changed the case meanwhile: add it to the new version
            return
        raise ConflictError("the case is too busy to take the suggestion: try again")

    # -- reading ----------------------------------------------------------------------------

    def _status(self, invocation: Invocation) -> dict[str, Any]:
        return {
            "invocation_id": invocation.id,
            "status": invocation.status,
            "from_cache": invocation.from_cache,
            "not_before": invocation.not_before,
            "registry_entry_id": invocation.registry_entry_id,
            "release_version": invocation.release_version,
            "certificate_id": invocation.certificate_id,
        }

    def status(self, invocation_id: UUID) -> dict[str, Any]:
        try:
            invocation = self.records.repository.get(invocation_id)
        except AggregateNotFoundError:
            raise NotFoundError(f"no invocation {invocation_id}") from None
        if not isinstance(invocation, Invocation) or invocation.force != current_actor().force:
            raise NotFoundError(f"no invocation {invocation_id}")
        return {
            **self._status(invocation),
            "case_id": invocation.case_id,
            "error": invocation.error,
        }

    def ai_use_record(self, case_id: UUID) -> dict[str, Any]:
        """A case's AI-use record for disclosure: invocations and decisions, with its SHA-256."""
        case = self.records.load_case(case_id)
        invocations = self.views.for_case(force=case.force, case_id=case.id)
        record = {
            "case": {"case_id": str(case.id), "reference": case.reference, "force": case.force},
            "invocations": [
                {k: v for k, v in row.items() if k not in {"version"}} for row in invocations
            ],
            "suggestions": [
                {
                    "suggestion_id": s["suggestion_id"],
                    "capability": s["capability"],
                    "invocation": s["invocation"],
                    "items": [
                        {k: item[k] for k in ("item_id", "kind", "label", "value", "decision")}
                        for item in s["items"].values()
                    ],
                }
                for s in case.suggestions.values()
            ],
        }
        canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)
        self.records.log_access(case, "disclosure", "exported the case's AI-use record")
        return {
            "record": json.loads(canonical),
            "sha256": digest(canonical.encode()),
            "json": canonical,
        }
