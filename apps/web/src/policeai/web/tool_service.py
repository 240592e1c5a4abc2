"""The API's use of the AI tools: the force's installed tools, invocations through the
gateway, the human decisions on suggestions, the AI-use record and the force admin's view.

Every call runs as the signed-in user, for their force, exactly as the case calls do.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from policeai.core.catalogue.installations import Installation
from policeai.core.catalogue.view import CatalogueRelease
from policeai.core.errors import PoliceAIError
from policeai.core.plugins.manifest import Manifest
from policeai.web.service import CaseService

#: How long an AI-use export waits for the invocation read model to catch up.
EXPORT_WAIT_S = 10.0


class NotCertifiedError(PoliceAIError):
    """Only a release certified in the force's catalogue view may be installed."""

    status_code = 409


class RecordBehindError(PoliceAIError):
    """The read models are too far behind the event log to export a complete record."""

    status_code = 503


def release_standing(release: CatalogueRelease | None, now: datetime) -> str:
    """The release's standing in the catalogue view, or ``uncatalogued``."""
    return release.standing(now) if release is not None else "uncatalogued"


def check_installable(release: CatalogueRelease | None, plugin_id: str, version: str) -> None:
    """Refuse to install a release the force's catalogue view does not hold as certified."""
    standing = release_standing(release, datetime.now(UTC))
    if standing != "certified":
        raise NotCertifiedError(
            f"{plugin_id} {version} is {standing} in the force's catalogue: only a certified "
            "release may be installed"
        )


class ToolService(CaseService):
    """The force's AI tools as one user sees and uses them."""

    # -- tools ------------------------------------------------------------------------------

    def _manifest(self, plugin_id: str, version: str) -> Manifest | None:
        """The manifest of the release this server runs, if it is that version."""
        loaded = self.platform.host.loaded.get(plugin_id)
        if loaded is None or loaded.manifest.version != version:
            return None
        return loaded.manifest

    def tools(self) -> list[dict[str, Any]]:
        """The tools the force installed that the user's role may use."""
        now = datetime.now(UTC)
        return [
            self._tool(installation, now)
            for installation in self.platform.installations.for_force(self.actor.force)
            if self.actor.role in installation.roles
        ]

    def _tool(self, installation: Installation, now: datetime) -> dict[str, Any]:
        plugin_id, version = installation.plugin_id, installation.version
        manifest = self._manifest(plugin_id, version)
        release = self.platform.catalogue.release(plugin_id, version)
        standing = release_standing(release, now)
        return {
            "plugin_id": plugin_id,
            "name": manifest.name if manifest else plugin_id,
            "version": version,
            "capabilities": list(manifest.capabilities) if manifest else [],
            "registry_entry_id": release.registry_entry_id if release else None,
            "certificate_id": release.certificate_id if release else None,
            "certificate_expires_at": release.expires_at if release else None,
            "status": release.status if release else "uncatalogued",
            "standing": standing,
            "available": manifest is not None and standing == "certified",
            "human_review_required": manifest.human_review_required if manifest else True,
            "max_classification": manifest.max_classification if manifest else None,
            "intended_use": manifest.intended_use if manifest else None,
            "known_limitations": manifest.known_limitations if manifest else None,
            "quota_per_day": installation.quota_per_day,
            "quota_per_month": installation.quota_per_month,
        }

    # -- invocations ------------------------------------------------------------------------

    def invoke(
        self,
        case_id: UUID,
        *,
        plugin_id: str,
        capability: str,
        request: dict[str, Any],
        classification: str,
    ) -> dict[str, Any]:
        return self._as_actor(
            lambda: self.platform.gateway.invoke(
                case_id=case_id,
                plugin_id=plugin_id,
                capability=capability,
                request=request,
                classification=classification,
            )
        )

    def invocation(self, invocation_id: UUID) -> dict[str, Any]:
        return self._as_actor(lambda: self.platform.gateway.status(invocation_id))

    def case_tool_use(self, case_id: UUID) -> dict[str, Any]:
        """The case's invocations and the decisions on their suggestions (logged as read)."""

        def read() -> dict[str, Any]:
            case = self.platform.cases.load_case(case_id)  # another force's case: not found
            self.platform.cases.log_access(case, "consultation", "viewed the case's AI tool use")
            force = self.actor.force
            invocations = self.platform.invocation_views.for_case(force=force, case_id=case_id)
            return {
                "invocations": invocations,
                "decisions": self.platform.views.decisions(force=force, case_id=case_id),
            }

        return self._as_actor(read, personal_data=True)

    def entry_tool_use(self, entry_id: str) -> dict[str, Any]:
        """Every invocation of one registry entry in the force, and the decisions on them."""
        force = self.actor.force
        return self._as_actor(
            lambda: {
                "registry_entry_id": entry_id,
                "invocations": self.platform.invocation_views.for_entry(entry_id, force=force),
                "decisions": self.platform.views.decisions(force=force, entry=entry_id),
            },
            personal_data=True,
        )

    # -- decisions ----------------------------------------------------------------------------

    def accept(
        self,
        case_id: UUID,
        suggestion_id: str,
        item_id: str,
        *,
        edits: dict[str, Any],
        expected_version: int | None,
    ) -> dict[str, Any]:
        return self._change(
            case_id,
            None,
            lambda: self.platform.cases.accept_suggestion(
                case_id, suggestion_id, item_id, edits=edits, expected_version=expected_version
            ),
        )

    def reject(
        self,
        case_id: UUID,
        suggestion_id: str,
        item_id: str,
        *,
        reason: str,
        expected_version: int | None,
    ) -> dict[str, Any]:
        if not reason.strip():
            raise PoliceAIError("say why the suggestion is rejected (reason)")
        return self._change(
            case_id,
            None,
            lambda: self.platform.cases.reject_suggestion(
                case_id, suggestion_id, item_id, reason=reason, expected_version=expected_version
            ),
        )

    def ai_use_record(self, case_id: UUID) -> dict[str, Any]:
        """The case's AI-use record for disclosure (logged), once the read model has caught up
        with every invocation recorded so far."""

        def export() -> dict[str, Any]:
            self.platform.cases.case_version(case_id)  # another force's case: not found
            try:
                self.platform.wait_for_projections(timeout=EXPORT_WAIT_S)
            except TimeoutError:
                raise RecordBehindError(
                    "the record of AI use is still being brought up to date: try again shortly"
                ) from None
            return self.platform.gateway.ai_use_record(case_id)

        return self._as_actor(export, personal_data=True)

    # -- the force admin's view ---------------------------------------------------------------

    def catalogue(self) -> list[dict[str, Any]]:
        """Every release in the force's catalogue view, its standing and whether it is in use."""
        now = datetime.now(UTC)
        installed = {
            i.plugin_id: i.version for i in self.platform.installations.for_force(self.actor.force)
        }
        return [
            {
                **release.to_dict(),
                "standing": release.standing(now),
                "installed_version": installed.get(release.plugin_id),
                "runs_here": self._manifest(release.plugin_id, release.version) is not None,
            }
            for release in self.platform.catalogue.releases()
        ]

    def install(
        self,
        *,
        plugin_id: str,
        version: str,
        roles: list[str],
        quota_per_day: int | None,
        quota_per_month: int | None,
    ) -> Installation:
        check_installable(self.platform.catalogue.release(plugin_id, version), plugin_id, version)
        return self.platform.installations.install(
            force=self.actor.force,
            plugin_id=plugin_id,
            version=version,
            roles=roles,
            installed_by=self.actor.user,
            quota_per_day=quota_per_day,
            quota_per_month=quota_per_month,
        )

    def uninstall(self, plugin_id: str) -> None:
        self.platform.installations.uninstall(self.actor.force, plugin_id)

    def usage(self) -> list[dict[str, Any]]:
        return self.platform.invocation_views.usage(self.actor.force)
