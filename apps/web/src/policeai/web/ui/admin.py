"""The force administrator's pages: the force's verified catalogue (and syncing it from the
Police.AI registry), installing and uninstalling certified releases, which roles may use each
tool, quotas, and usage per tool."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from litestar import Controller, MediaType, Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Response

from policeai.core.errors import PoliceAIError
from policeai.core.users import ROLES
from policeai.registry.client import RegistryClient
from policeai.registry.keys import public_key_b64
from policeai.registry.sync import last_sync, sync_catalogue
from policeai.web.registry_http import STATE_KEY, PublicRegistry
from policeai.web.ui.casepage import platform_of, tool_service
from policeai.web.ui.forms import Form, form_of, values_list
from policeai.web.ui.sessions import allow, flash
from policeai.web.ui.templating import page

FormData = URLEncodedBody[dict[str, Any]]
#: Roles that work on cases and so may be allowed to run a tool.
TOOL_ROLES = tuple(r for r in ROLES if r in {"officer", "supervisor", "analyst"})
SYNC_TIMEOUT_S = 20.0


class CoHostedRegistry:
    """The registry served by this same installation, read as a force reads a remote one:
    its signed catalogue and its log's consistency proofs, verified by the sync."""

    base_url = "this installation's registry"

    def __init__(self, public: PublicRegistry) -> None:
        self.public = public

    def catalogue_text(self) -> str:
        return self.public.catalogue()

    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]:
        return self.public.log.consistency_proof(old_size, new_size)


class AdminPages(Controller):
    path = "/admin"
    guards = [allow("force_admin")]  # noqa: RUF012 - Litestar reads it as a class attribute

    def _page(
        self,
        request: Request[Any, Any, Any],
        *,
        forms: dict[str, Form] | None = None,
        status_code: int = 200,
    ) -> Response[Any]:
        platform = platform_of(request)
        tools = tool_service(request, None)
        catalogue = tools.catalogue()
        installed = {
            i.plugin_id: i for i in platform.installations.for_force(request.user["force"])
        }
        usage: dict[str, dict[str, int]] = defaultdict(dict)
        for row in tools.usage():
            usage[row["plugin_id"]][row["status"]] = row["count"]
        names = {
            plugin_id: loaded.manifest.name for plugin_id, loaded in platform.host.loaded.items()
        }
        return page(
            request,
            "admin/tools.html",
            status_code=status_code,
            title="The force's AI tools",
            catalogue=catalogue,
            installed=[
                {
                    "installation": installation,
                    "name": names.get(plugin_id, plugin_id),
                    "release": platform.catalogue.release(plugin_id, installation.version),
                    "usage": dict(usage.get(plugin_id, {})),
                }
                for plugin_id, installation in sorted(installed.items())
            ],
            usage=sorted(usage.items()),
            names=names,
            tool_roles=TOOL_ROLES,
            forms=forms or {},
            sync=last_sync(platform.engine),
            registry_url=platform.settings.registry_url,
            key_pinned=bool(platform.settings.registry_public_key),
        )

    @get("/tools", name="admin_tools", media_type=MediaType.HTML, sync_to_thread=True)
    def tools(self, request: Request[Any, Any, Any]) -> Response[Any]:
        return self._page(request)

    @post("/tools/install", media_type=MediaType.HTML, sync_to_thread=True)
    def install(self, request: Request[Any, Any, Any], data: FormData) -> Response[Any]:
        """Install (or change) a certified release: the roles that may use it, its quotas."""
        form = form_of(data)
        plugin_id = form.text("plugin_id", "the tool", required=True, max_length=64)
        version = form.text("version", "the release", required=True, max_length=40)
        key = f"install-{plugin_id}"
        roles = values_list(form, "roles")
        unknown = set(roles) - set(TOOL_ROLES)
        if not roles:
            form.fail("roles", "Choose at least one role that may use the tool")
        elif unknown:
            form.fail("roles", "Choose roles from the list")
        per_day = form.number("quota_per_day", "the daily quota")
        per_month = form.number("quota_per_month", "the monthly quota")
        if form.ok:
            try:
                tool_service(request, None).install(
                    plugin_id=plugin_id,
                    version=version,
                    roles=roles,
                    quota_per_day=per_day,
                    quota_per_month=per_month,
                )
            except PoliceAIError as exc:
                form.message = str(exc)
        if not form.ok:
            form.values["roles"] = roles
            return self._page(request, forms={key: form}, status_code=422)
        flash(request, f"{plugin_id} {version} is installed for {', '.join(roles)}.")
        return Redirect(path="/admin/tools#installed", status_code=303)

    @post("/tools/{plugin_id:str}/uninstall", media_type=MediaType.HTML, sync_to_thread=True)
    def uninstall(self, request: Request[Any, Any, Any], plugin_id: FromPath[str]) -> Response[Any]:
        """Uninstall a tool: nobody in the force can run it any more."""
        tool_service(request, None).uninstall(plugin_id)
        flash(request, f"{plugin_id} is uninstalled: nobody in the force can run it now.")
        return Redirect(path="/admin/tools#installed", status_code=303)

    @post("/catalogue/sync", media_type=MediaType.HTML, sync_to_thread=True)
    def sync(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """Fetch the registry's signed catalogue, verify it with the pinned key and the
        transparency log, and replace the force's catalogue view; on any failure, keep it."""
        platform = platform_of(request)
        settings = platform.settings
        form = Form()
        try:
            if settings.registry_public_key:
                with RegistryClient(settings.registry_url, timeout_s=SYNC_TIMEOUT_S) as client:
                    report = sync_catalogue(platform.engine, client, settings.registry_public_key)
            else:
                # No remote registry is pinned: the registry of this same installation, read
                # through its signed catalogue and log exactly as a remote one would be.
                public: PublicRegistry = request.app.state[STATE_KEY]
                report = sync_catalogue(
                    platform.engine, CoHostedRegistry(public), public_key_b64(public.key())
                )
        except PoliceAIError as exc:
            form.message = f"Sync failed: {exc}. The catalogue view was not changed."
        else:
            counts = ", ".join(f"{n} {s}" for s, n in sorted(report.counts.items()))
            flash(
                request,
                f"Synced the catalogue from {report.registry_url}: {counts or 'no releases'} "
                f"(log size {report.tree_size}).",
            )
            return Redirect(path="/admin/tools#catalogue", status_code=303)
        return self._page(request, forms={"sync": form}, status_code=422)
