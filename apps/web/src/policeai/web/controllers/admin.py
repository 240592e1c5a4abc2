"""The force administrator's tools: the catalogue view, installations and usage."""

from __future__ import annotations

from dataclasses import asdict

from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody

from policeai.web.auth import force_admin_only
from policeai.web.dependencies import DEPENDENCIES, Tools
from policeai.web.schemas import to_struct, to_structs
from policeai.web.tool_schemas import CatalogueEntry, Installed, NewInstallation, Usage


class AdminController(Controller):
    path = "/admin"
    tags = ["force administration"]  # noqa: RUF012 - Litestar reads it as a class attribute
    dependencies = DEPENDENCIES
    guards = [force_admin_only]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/catalogue", operation_id="getCatalogue", sync_to_thread=True)
    def catalogue(self, tools: Tools) -> list[CatalogueEntry]:
        """Every release in the force's catalogue view: its certificate, its standing
        (certified, suspended, revoked or expired), and whether the force installed it."""
        return to_structs(CatalogueEntry, tools.catalogue())

    @post("/installations", operation_id="installTool", sync_to_thread=True)
    def install(self, tools: Tools, data: JSONBody[NewInstallation]) -> Installed:
        """Install (or replace) a certified release for the force: the roles that may use
        it and its quotas (over quota, requests are queued, not refused)."""
        installation = tools.install(
            plugin_id=data.plugin_id,
            version=data.version,
            roles=list(data.roles),
            quota_per_day=data.quota_per_day,
            quota_per_month=data.quota_per_month,
        )
        return to_struct(Installed, asdict(installation))

    @delete("/installations/{plugin_id:str}", operation_id="uninstallTool", sync_to_thread=True)
    def uninstall(self, tools: Tools, plugin_id: FromPath[str]) -> None:
        """Uninstall a tool: nobody in the force can run it any more."""
        tools.uninstall(plugin_id)

    @get("/usage", operation_id="getToolUsage", sync_to_thread=True)
    def usage(self, tools: Tools) -> list[Usage]:
        """How many invocations of each tool the force made, by status."""
        return to_structs(Usage, tools.usage())
