"""The home page, signing in and out, and the health check.

Signing in checks the password with the user store (argon2 hashes), after the throttle has
said this username and address may try (:mod:`.throttle`), and starts a new session. ``next``
is followed only when it is a path on this site.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import anyio.to_thread
from litestar import Controller, MediaType, Request, get, post
from litestar.datastructures import State
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Response

from policeai.core.platform import Platform
from policeai.core.users import AuthenticationError
from policeai.web.controllers.site import SiteController
from policeai.web.service import figures
from policeai.web.ui.forms import form_of
from policeai.web.ui.sessions import ROLE_HOME, session_data, start_new_session
from policeai.web.ui.templating import page
from policeai.web.ui.throttle import SignInThrottle

FormData = URLEncodedBody[dict[str, Any]]
MAX_USERNAME = 100
MAX_PASSWORD = 1024


class SiteHealthController(SiteController):
    """The site controller's health check; the case web app answers ``/``."""

    home = None  # type: ignore[assignment]


def safe_next(value: str | None) -> str:
    """``value`` if it is a path on this site, else ``/`` (never another site)."""
    if not value:
        return "/"
    parts = urlsplit(value)
    if (
        parts.scheme
        or parts.netloc
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(c) < 32 for c in value)
    ):
        return "/"
    return value


def client_address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


def throttle_of(request: Request[Any, Any, Any]) -> SignInThrottle:
    from policeai.web.ui.setup import THROTTLE_STORE

    throttle = getattr(request.app.state, "sign_in_throttle", None)
    if throttle is None:
        throttle = SignInThrottle(request.app.stores.get(THROTTLE_STORE))
        request.app.state.sign_in_throttle = throttle
    return throttle


def minutes(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    count = round(seconds / 60)
    return f"{count} minute{'' if count == 1 else 's'}"


class HomeController(Controller):
    path = "/"

    @get("/", name="home", media_type=MediaType.HTML, sync_to_thread=True)
    def home(self, request: Request[Any, Any, Any], state: State) -> Response[Any]:
        """Signed in: the user's own start page. Otherwise what the platform is, and sign in."""
        session = session_data(request)
        if session.get("user"):
            user = state.platform.users.get(session["user"])
            if user is not None:
                return Redirect(path=ROLE_HOME.get(user["role"], "/cases"), status_code=303)
        counts = figures(state.platform)
        return page(request, "home.html", title="Police.AI", counts=counts)


class SignInController(Controller):
    path = "/"

    @get("/sign-in", name="sign_in", media_type=MediaType.HTML)
    async def form(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """The sign-in form; someone already signed in goes to their start page."""
        if session_data(request).get("user"):
            return Redirect(path="/", status_code=303)
        return page(
            request,
            "sign_in.html",
            title="Sign in",
            form=form_of({"next": safe_next(request.query_params.get("next"))}),
            signed_out=request.query_params.get("signed-out") == "1",
        )

    @post("/sign-in", media_type=MediaType.HTML, status_code=303)
    async def sign_in(self, request: Request[Any, Any, Any], data: FormData) -> Response[Any]:
        form = form_of(data)
        username = form.text("username", "your username", required=True, max_length=MAX_USERNAME)
        password = str(form.get("password") or "")
        if not password:
            form.fail("password", "Enter your password")
        elif len(password) > MAX_PASSWORD:
            form.fail("password", "That password is too long")
        target = safe_next(str(form.get("next") or ""))
        form.values = {"username": username, "next": target}  # never send a password back
        if not form.ok:
            return page(
                request,
                "sign_in.html",
                title="Sign in",
                form=form,
                status_code=400,
                signed_out=False,
            )

        throttle = throttle_of(request)
        address = client_address(request)
        wait = await throttle.retry_after(username, address)
        if wait:
            form.message = (
                "Too many failed sign-ins for this account or from this computer. "
                f"Wait {minutes(wait)}, then try again."
            )
            return page(
                request,
                "sign_in.html",
                title="Sign in",
                form=form,
                status_code=429,
                headers={"Retry-After": str(wait)},
                signed_out=False,
            )
        platform: Platform = request.app.state.platform
        try:
            user = await anyio.to_thread.run_sync(platform.users.authenticate, username, password)
        except AuthenticationError:
            await throttle.failed(username, address)
            form.message = "The username or password is not right. Check them and try again."
            return page(
                request,
                "sign_in.html",
                title="Sign in",
                form=form,
                status_code=401,
                signed_out=False,
            )
        await throttle.succeeded(username)
        start_new_session(
            request,
            {
                "user": user["username"],
                "force": user["force"],
                "signed_in_at": datetime.now(UTC).isoformat(),
                "purposes": {},
                "flash": [f"Signed in as {user['display_name']}."],
            },
        )
        if target == "/":
            target = ROLE_HOME.get(user["role"], "/")
        return Redirect(path=target, status_code=303)

    @post("/sign-out", status_code=303)
    async def sign_out(self, request: Request[Any, Any, Any]) -> Redirect:
        request.clear_session()
        return Redirect(path="/sign-in?signed-out=1", status_code=303)
