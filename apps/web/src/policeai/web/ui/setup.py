"""Assemble the case web app: stores, sessions, CSRF, templates, static files and routers.

Sessions are kept on the server (Litestar's server-side sessions): in Redis when
``POLICEAI_REDIS_URL`` is set, so that several web processes share them, otherwise in files
under ``<data dir>/web-sessions``. The sign-in throttle keeps its counts in the same kind of
store. The session cookie is HttpOnly and SameSite=Lax, and Secure whenever the request came
over HTTPS (:class:`SecureCookiesOnHttps`). Every form carries a CSRF token (Litestar's
double-submit cookie, checked on every unsafe request outside the Basic-auth API).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from litestar import Router
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.middleware import DefineMiddleware
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.template.config import TemplateConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from policeai.core.platform import Platform
from policeai.web.ui.admin import AdminPages
from policeai.web.ui.ai import CaseAIPages
from policeai.web.ui.cases import CasePages
from policeai.web.ui.console import ConsolePages
from policeai.web.ui.errors import UI_EXCEPTION_HANDLERS, security_headers
from policeai.web.ui.sessions import SESSION_COOKIE, SessionAuthMiddleware, UiSessionConfig
from policeai.web.ui.signin import HomeController, SignInController, SiteHealthController
from policeai.web.ui.supervision import SupervisionPages
from policeai.web.ui.templating import make_environment

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

SESSION_STORE = "ui_sessions"
THROTTLE_STORE = "ui_sign_in_throttle"
CSRF_COOKIE = "policeai_csrf"
#: A session lasts a shift: eight hours from the last page a user opened.
SESSION_MAX_AGE_S = 8 * 3600

#: Paths that are not the case web app: the Basic-auth JSON API, the public read-only
#: registry, package index, log and catalogue, the API reference and the static files. No
#: session is opened for them and no CSRF cookie is set on them; the API authenticates every
#: request with HTTP Basic and never reads a cookie, so cross-site requests cannot ride on it.
NOT_THE_APP = [
    "^/api/",
    "^/static/",
    "^/schema",
    "^/registry",
    "^/simple",
    "^/log/",
    "^/catalogue",
    "^/health$",
]


class SecureCookiesOnHttps:
    """Mark every cookie the app sets ``Secure`` when the request came over HTTPS.

    Behind a TLS-terminating proxy, run uvicorn with ``--proxy-headers`` (and
    ``--forwarded-allow-ips``) so that the request's scheme is the one the browser used.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                cookies = headers.getall("set-cookie", [])
                if cookies:
                    del headers["set-cookie"]
                    for cookie in cookies:
                        secure = "secure" in {p.strip().lower() for p in cookie.split(";")}
                        headers.add("set-cookie", cookie if secure else f"{cookie}; Secure")
            await send(message)

        await self.app(scope, receive, send_secure)


def make_stores(platform: Platform) -> dict[str, Store]:
    """The session and throttle stores: Redis when configured, else files in the data dir."""
    redis_url = platform.settings.redis_url
    if redis_url:
        from litestar.stores.redis import RedisStore

        root = RedisStore.with_client(url=redis_url, namespace="policeai_web")
        return {
            SESSION_STORE: root.with_namespace("sessions"),
            THROTTLE_STORE: root.with_namespace("signin"),
        }
    base = platform.settings.data_dir / "web-sessions"
    return {
        SESSION_STORE: FileStore(base / "sessions", create_directories=True),
        THROTTLE_STORE: FileStore(base / "sign-in-throttle", create_directories=True),
    }


async def close_stores(stores: dict[str, Store]) -> None:
    """Close the Redis connections the stores opened (file stores hold none)."""
    from litestar.stores.redis import RedisStore

    clients: dict[int, RedisStore] = {}
    for store in stores.values():
        if isinstance(store, RedisStore):
            clients.setdefault(id(store._redis), store)  # the namespaces share one client
    for store in clients.values():
        await store.__aexit__(None, None, None)


def derived_secret(platform: Platform, purpose: str) -> str:
    """A key for one use, derived from the platform's secret (never the secret itself)."""
    secret = platform.settings.session_secret().encode()
    return hmac.new(secret, purpose.encode(), hashlib.sha256).hexdigest()


@dataclass
class WebUI:
    """What the app needs to serve the case web app."""

    route_handlers: list[Any]
    middleware: list[Any]
    stores: dict[str, Store]
    csrf_config: CSRFConfig
    template_config: TemplateConfig[Any]
    on_startup: list[Callable[[], Any]] = field(default_factory=list)
    on_shutdown: list[Callable[[], Any]] = field(default_factory=list)


def build_ui(platform: Platform) -> WebUI:
    stores = make_stores(platform)
    session_config = UiSessionConfig(
        key=SESSION_COOKIE,
        store=SESSION_STORE,
        max_age=SESSION_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        exclude=NOT_THE_APP,
    )
    csrf_config = CSRFConfig(
        secret=derived_secret(platform, "csrf"),
        cookie_name=CSRF_COOKIE,
        cookie_httponly=True,
        cookie_samesite="lax",
        header_name="x-csrftoken",
        exclude=NOT_THE_APP,
    )
    engine = JinjaTemplateEngine.from_environment(make_environment(TEMPLATES_DIR))
    template_config: TemplateConfig[Any] = TemplateConfig(instance=engine)
    public = Router(
        path="/",
        route_handlers=[HomeController, SignInController],
        exception_handlers=UI_EXCEPTION_HANDLERS,
        after_request=security_headers,
        include_in_schema=False,
    )
    signed_in = Router(
        path="/",
        route_handlers=[CasePages, CaseAIPages, SupervisionPages, AdminPages, ConsolePages],
        middleware=[DefineMiddleware(SessionAuthMiddleware)],
        exception_handlers=UI_EXCEPTION_HANDLERS,
        after_request=security_headers,
        include_in_schema=False,
    )
    static = create_static_files_router(
        path="/static", directories=[STATIC_DIR], include_in_schema=False
    )

    async def forget_expired_sessions() -> None:
        store = stores[SESSION_STORE]
        if isinstance(store, FileStore):
            await store.delete_expired()

    async def close_sessions() -> None:
        await close_stores(stores)

    return WebUI(
        route_handlers=[SiteHealthController, public, signed_in, static],
        middleware=[SecureCookiesOnHttps, session_config.middleware],
        stores=stores,
        csrf_config=csrf_config,
        template_config=template_config,
        on_startup=[forget_expired_sessions],
        on_shutdown=[close_sessions],
    )
