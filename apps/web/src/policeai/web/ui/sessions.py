"""Signed-in sessions: the server-side session, who is signed in, and what each role may open.

A session holds the username and force of whoever signed in, the purpose they stated for each
case they opened (DPA 2018 s.62: every look at personal data is logged with its purpose), and
one-off messages for the next page. The user record is read again on every request, so a
deleted user or a changed force ends the session at once.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Empty, Message, ScopeSession

from policeai.core.platform import Platform

SESSION_COOKIE = "policeai_session"
NEW_SESSION = "policeai.new_session"
NEW_SESSION_ID = "policeai.new_session_id"

ROLE_NAMES = {
    "officer": "officer",
    "supervisor": "supervisor",
    "analyst": "analyst",
    "force_admin": "force administrator",
    "certifier": "Police.AI certifier",
}
#: Who works with cases, and who may change them (analysts read).
CASE_READERS = ("officer", "supervisor", "analyst")
CASE_WRITERS = ("officer", "supervisor")
#: Where each role starts after signing in.
ROLE_HOME = {
    "officer": "/cases",
    "supervisor": "/cases",
    "analyst": "/cases",
    "force_admin": "/admin/tools",
    "certifier": "/console",
}


class UiSessionBackend(ServerSideSessionBackend):
    """Litestar's server-side sessions, with two changes: an empty session is never stored
    (visitors who have not signed in leave nothing behind), and signing in starts a session
    under a new id (no session fixation)."""

    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        state = connection.scope.setdefault("state", {})  # type: ignore[typeddict-item]
        if state.get(NEW_SESSION):
            if not state.get(NEW_SESSION_ID):
                state[NEW_SESSION_ID] = self.generate_session_id()
            return str(state[NEW_SESSION_ID])
        return super().get_session_id(connection)

    async def store_in_message(
        self,
        scope_session: ScopeSession,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        old_id = connection.cookies.get(self.config.key)
        state = connection.scope.setdefault("state", {})  # type: ignore[typeddict-item]
        if scope_session is not Empty and not scope_session:
            if not old_id or old_id == "null":
                return  # nothing to keep and nothing to forget
            scope_session = Empty
        if state.get(NEW_SESSION) and old_id and old_id != "null":
            await self.delete(old_id, store=self.config.get_store_from_app(connection.scope["app"]))
        await super().store_in_message(scope_session, message, connection)


class UiSessionConfig(ServerSideSessionConfig):
    _backend_class = UiSessionBackend


def start_new_session(connection: ASGIConnection[Any, Any, Any, Any], data: dict[str, Any]) -> None:
    """Replace the session with ``data`` under a fresh session id."""
    connection.scope.setdefault("state", {})[NEW_SESSION] = True  # type: ignore[typeddict-item]
    connection.set_session(data)


# -- who is signed in -------------------------------------------------------------------------


class SignInRequired(NotAuthorizedException):
    """Nobody is signed in (or the session ended): the pages send the browser to sign in."""


class RoleRefused(PermissionDeniedException):
    """The signed-in user's role may not open this page."""


class SessionAuthMiddleware(AbstractAuthenticationMiddleware):
    """Sets ``request.user`` to the signed-in user's record, or refuses with
    :class:`SignInRequired`."""

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        session = connection.scope.get("session")
        username = session.get("user") if isinstance(session, dict) else None
        if not username:
            raise SignInRequired("sign in to continue")
        platform: Platform = connection.app.state.platform
        user = await anyio.to_thread.run_sync(platform.users.get, username)
        if user is None or user["force"] != session.get("force"):  # type: ignore[union-attr]
            connection.clear_session()
            raise SignInRequired("your session has ended: sign in again")
        return AuthenticationResult(user=user, auth=None)


def _names(roles: tuple[str, ...]) -> str:
    names = [f"{ROLE_NAMES[r]}s" for r in roles]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def allow(*roles: str) -> Any:
    """A guard that lets in only the given roles; others get a 403 page saying why."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        role = (connection.user or {}).get("role")
        if role not in roles:
            you = ROLE_NAMES.get(role or "", role or "nobody")
            article = "an" if you[:1].lower() in "aeiou" else "a"
            raise RoleRefused(
                f"This page is for {_names(roles)} only. You are signed in as {article} {you}."
            )

    guard.__name__ = f"allow_{'_'.join(roles)}"
    return guard


# -- what the session remembers ---------------------------------------------------------------


def session_data(connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any]:
    session = connection.scope.get("session")
    return session if isinstance(session, dict) else {}


def purpose_for(connection: ASGIConnection[Any, Any, Any, Any], key: str) -> str | None:
    """The purpose the user stated for ``key`` (a case id, or a page such as ``ai-use``)."""
    purposes = session_data(connection).get("purposes") or {}
    purpose = purposes.get(key)
    return purpose if isinstance(purpose, str) and purpose.strip() else None


def remember_purpose(
    connection: ASGIConnection[Any, Any, Any, Any], key: str, purpose: str
) -> None:
    session = dict(session_data(connection))
    purposes = dict(session.get("purposes") or {})
    purposes[key] = purpose
    # Keep the session small: the most recent 200 purposes are plenty for a shift.
    session["purposes"] = dict(list(purposes.items())[-200:])
    connection.set_session(session)


def flash(connection: ASGIConnection[Any, Any, Any, Any], message: str) -> None:
    """A message for the next page the user sees (for example "Statement added.")."""
    session = dict(session_data(connection))
    session["flash"] = [*(session.get("flash") or []), message][-5:]
    connection.set_session(session)


def take_flashes(connection: ASGIConnection[Any, Any, Any, Any]) -> list[str]:
    session = session_data(connection)
    messages = list(session.get("flash") or [])
    if messages:
        connection.set_session({k: v for k, v in session.items() if k != "flash"})
    return messages
