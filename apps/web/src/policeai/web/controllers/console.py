"""The Police.AI console: a certifier registers systems, takes releases, runs their
reliability suite and certifies, rejects, suspends, reinstates or revokes them. Certifiers
only; every change records who and why."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, JSONBody

from policeai.web.dependencies import DEPENDENCIES, ExpectedVersion, PurposeHeader
from policeai.web.registry_schemas import (
    Certification,
    ConsoleRelease,
    Decision,
    EntryRegistered,
    Exemption,
    NewEntry,
    NewRelease,
)
from policeai.web.registry_service import Console, app_registry
from policeai.web.schemas import to_struct
from policeai.web.service import actor_for

CERTIFICATION_PURPOSE = "Police.AI certification"


def certifier_only(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """Only a Police.AI certifier works the console."""
    user = connection.user
    if not user or user.get("role") != "certifier":
        raise PermissionDeniedException("only a Police.AI certifier may use the console")


def provide_console(
    request: Request[Any, Any, Any], state: State, purpose: PurposeHeader
) -> Console:
    actor = actor_for(request.user, purpose or CERTIFICATION_PURPOSE)
    return Console(app_registry(state), state.platform, actor)


ConsoleService = NamedDependency[Console]
Release = FromPath[UUID]


def _release(data: dict[str, Any]) -> ConsoleRelease:
    return to_struct(ConsoleRelease, data)


class ConsoleController(Controller):
    path = "/console"
    tags = ["police.ai console"]  # noqa: RUF012 - Litestar reads it as a class attribute
    dependencies = {  # noqa: RUF012 - Litestar reads it as a class attribute
        **DEPENDENCIES,
        "console": Provide(provide_console, sync_to_thread=False),
    }
    guards = [certifier_only]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post("/entries", operation_id="registerEntry", sync_to_thread=True)
    def register(self, console: ConsoleService, data: JSONBody[NewEntry]) -> EntryRegistered:
        """Register an AI system under its slug (its plugin id) with its ATRS record."""
        return to_struct(EntryRegistered, console.register(data.slug, data.atrs))

    @post("/entries/{slug:str}/releases", operation_id="submitRelease", sync_to_thread=True)
    def submit(
        self, console: ConsoleService, slug: FromPath[str], data: JSONBody[NewRelease]
    ) -> ConsoleRelease:
        """Take a vendor's release: version, wheel file name and SHA-256, manifest, model
        card."""
        return _release(
            console.submit(
                slug,
                version=data.version,
                wheel_filename=data.wheel_filename,
                wheel_sha256=data.wheel_sha256,
                manifest=data.manifest,
                model_card=data.model_card,
            )
        )

    @get("/releases/{release_id:uuid}", operation_id="getConsoleRelease", sync_to_thread=True)
    def release(self, console: ConsoleService, release_id: Release) -> ConsoleRelease:
        """The release with its reports, certification history and rule ledger."""
        return _release(console.release(release_id))

    @post(
        "/releases/{release_id:uuid}/run-suite",
        operation_id="runReliabilitySuite",
        status_code=200,
        sync_to_thread=True,
    )
    def run_suite(self, console: ConsoleService, release_id: Release) -> ConsoleRelease:
        """Run the capability's reliability suite on the release's tool as installed here
        and record the report (pass or fail)."""
        return _release(console.run_suite(release_id))

    @post(
        "/releases/{release_id:uuid}/certify",
        operation_id="certifyRelease",
        status_code=200,
        sync_to_thread=True,
    )
    def certify(
        self,
        console: ConsoleService,
        release_id: Release,
        data: JSONBody[Certification],
        expected_version: ExpectedVersion,
    ) -> ConsoleRelease:
        """Certify a tested release until ``expires_at``: refused without a passing report
        or with a mandatory rule outstanding. If-Match: the release version you read."""
        return _release(console.certify(release_id, data.expires_at, data.reason, expected_version))

    @post(
        "/releases/{release_id:uuid}/exempt",
        operation_id="exemptReleaseFromRule",
        status_code=200,
        sync_to_thread=True,
    )
    def exempt(
        self,
        console: ConsoleService,
        release_id: Release,
        data: JSONBody[Exemption],
        expected_version: ExpectedVersion,
    ) -> ConsoleRelease:
        """Exempt the release from a certification rule that may be exempted, with why."""
        return _release(console.exempt(release_id, data.rule_id, data.reason, expected_version))

    def _change(
        self, console: Console, action: str, release_id: UUID, reason: str, expected: int | None
    ) -> ConsoleRelease:
        return _release(console.change(action, release_id, reason, expected))

    @post(
        "/releases/{release_id:uuid}/reject",
        operation_id="rejectRelease",
        status_code=200,
        sync_to_thread=True,
    )
    def reject(
        self,
        console: ConsoleService,
        release_id: Release,
        data: JSONBody[Decision],
        expected_version: ExpectedVersion,
    ) -> ConsoleRelease:
        """Reject a submitted or tested release, with the reason (published)."""
        return self._change(console, "reject", release_id, data.reason, expected_version)

    @post(
        "/releases/{release_id:uuid}/suspend",
        operation_id="suspendRelease",
        status_code=200,
        sync_to_thread=True,
    )
    def suspend(
        self,
        console: ConsoleService,
        release_id: Release,
        data: JSONBody[Decision],
        expected_version: ExpectedVersion,
    ) -> ConsoleRelease:
        """Suspend a certified release: forces refuse it from their next catalogue sync."""
        return self._change(console, "suspend", release_id, data.reason, expected_version)

    @post(
        "/releases/{release_id:uuid}/reinstate",
        operation_id="reinstateRelease",
        status_code=200,
        sync_to_thread=True,
    )
    def reinstate(
        self,
        console: ConsoleService,
        release_id: Release,
        data: JSONBody[Decision],
        expected_version: ExpectedVersion,
    ) -> ConsoleRelease:
        """Reinstate a suspended release whose certificate is still current."""
        return self._change(console, "reinstate", release_id, data.reason, expected_version)

    @post(
        "/releases/{release_id:uuid}/revoke",
        operation_id="revokeRelease",
        status_code=200,
        sync_to_thread=True,
    )
    def revoke(
        self,
        console: ConsoleService,
        release_id: Release,
        data: JSONBody[Decision],
        expected_version: ExpectedVersion,
    ) -> ConsoleRelease:
        """Revoke a release for good: it can never be reinstated."""
        return self._change(console, "revoke", release_id, data.reason, expected_version)
