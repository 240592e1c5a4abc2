"""The web application, assembled in one place: :func:`create_app`."""

from __future__ import annotations

from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from policeai.core.platform import Platform
from policeai.core.settings import get_settings
from policeai.web.auth import BasicAuthMiddleware, CredentialCache
from policeai.web.controllers.cases import CaseController
from policeai.web.controllers.entities import EntityController
from policeai.web.controllers.site import SiteController
from policeai.web.errors import EXCEPTION_HANDLERS
from policeai.web.pages import ApiReferencePlugin

VERSION = "0.1.0"


def create_app(platform: Platform | None = None) -> Litestar:
    """The Litestar app over ``platform`` (by default, one built from the settings).

    The app starts the platform's projection runner when it starts and closes the platform
    when it shuts down.
    """
    platform = platform or Platform(get_settings())
    api = Router(
        path="/api",
        route_handlers=[CaseController, EntityController],
        middleware=[DefineMiddleware(BasicAuthMiddleware)],
        security=[{"basic": []}],
    )
    return Litestar(
        route_handlers=[SiteController, api],
        state=State({"platform": platform, "credentials": CredentialCache()}),
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        on_startup=[platform.start_projections],
        on_shutdown=[platform.close],
        openapi_config=OpenAPIConfig(
            title="Police.AI",
            version=VERSION,
            description="Cases, statements, POLE entities and outcomes, with every change "
            "and every look at personal data recorded: who, when and why.",
            path="/schema",
            render_plugins=[ApiReferencePlugin(), JsonRenderPlugin()],
            components=Components(
                security_schemes={"basic": SecurityScheme(type="http", scheme="basic")}
            ),
        ),
    )
