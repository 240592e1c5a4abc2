"""The web application, assembled in one place: :func:`create_app`."""

from __future__ import annotations

from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from policeai.core.errors import PoliceAIError
from policeai.core.platform import Platform
from policeai.core.settings import get_settings
from policeai.web.auth import BasicAuthMiddleware, CredentialCache
from policeai.web.controllers.admin import AdminController
from policeai.web.controllers.ai_use import CaseAIController
from policeai.web.controllers.cases import CaseController
from policeai.web.controllers.console import ConsoleController
from policeai.web.controllers.entities import EntityController
from policeai.web.controllers.public_registry import PublicRegistryApi, PublicRegistryPages
from policeai.web.controllers.registry_entries import RegistryEntryController
from policeai.web.controllers.tools import InvocationController, ToolController
from policeai.web.controllers.usage_reports import UsageReportController
from policeai.web.dependencies import refuse_nul_characters
from policeai.web.errors import EXCEPTION_HANDLERS
from policeai.web.pages import ApiReferencePlugin
from policeai.web.registry_http import REGISTRY_HANDLERS, STATE_KEY, PublicRegistry
from policeai.web.schemas import StrictBodySchemaPlugin
from policeai.web.ui import build_ui

VERSION = "0.1.0"


def start_job_runner(platform: Platform) -> None:
    """Attach the job runner that runs AI invocations: arq workers on Redis when
    ``POLICEAI_REDIS_URL`` is set, otherwise threads in this process."""
    redis_url = platform.settings.redis_url
    if not redis_url:
        platform.start_jobs()
        return
    try:
        from policeai.worker.runner import ArqRunner
    except ImportError as exc:
        raise PoliceAIError(
            "POLICEAI_REDIS_URL is set but the job workers (policeai-worker) cannot be "
            f"imported: {exc}; install them, or unset POLICEAI_REDIS_URL to run jobs in process"
        ) from exc
    platform.start_jobs(ArqRunner(redis_url))


def create_app(platform: Platform | None = None) -> Litestar:
    """The Litestar app over ``platform`` (by default, one built from the settings).

    The app starts the platform's projection runner and its job runner (see
    :func:`start_job_runner`) when it starts, and closes the platform (and so the job runner)
    when it shuts down.
    """
    platform = platform or Platform(get_settings())
    public_registry = PublicRegistry(platform)
    ui = build_ui(platform)  # the case web app's pages (they answer /)
    api = Router(
        path="/api",
        route_handlers=[
            CaseController,
            EntityController,
            ToolController,
            InvocationController,
            CaseAIController,
            RegistryEntryController,
            AdminController,
            ConsoleController,
            UsageReportController,
        ],
        middleware=[DefineMiddleware(BasicAuthMiddleware)],
        before_request=refuse_nul_characters,
        security=[{"basic": []}],
    )
    return Litestar(
        route_handlers=[
            *ui.route_handlers,
            *REGISTRY_HANDLERS,
            PublicRegistryPages,
            PublicRegistryApi,
            api,
        ],
        state=State(
            {"platform": platform, "credentials": CredentialCache(), STATE_KEY: public_registry}
        ),
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        plugins=[StrictBodySchemaPlugin()],
        middleware=ui.middleware,
        stores=ui.stores,
        csrf_config=ui.csrf_config,
        template_config=ui.template_config,
        on_startup=[
            platform.start_projections,
            lambda: start_job_runner(platform),
            public_registry.start_leaves,
            *ui.on_startup,
        ],
        on_shutdown=[*ui.on_shutdown, public_registry.close, platform.close],
        openapi_config=OpenAPIConfig(
            title="Police.AI",
            version=VERSION,
            description="Cases, statements, POLE entities and outcomes, with every change "
            "and every look at personal data recorded: who, when and why; and the certified "
            "AI tools a force installed, whose suggestions change nothing until a person "
            "accepts them.",
            path="/schema",
            render_plugins=[ApiReferencePlugin(), JsonRenderPlugin()],
            components=Components(
                security_schemes={"basic": SecurityScheme(type="http", scheme="basic")}
            ),
        ),
    )
