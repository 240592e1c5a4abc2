"""HTTP Basic authentication against the platform's users, and the API's guards.

Checking a password costs an argon2 verification (deliberately slow), so a verified
username/password pair is remembered for a minute as a keyed digest, never in clear, and
requests that arrive with the same credentials while they are being checked wait for that one
check rather than each paying for their own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

import anyio
import anyio.to_thread
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from policeai.core.platform import Platform
from policeai.core.users import AuthenticationError

REALM = 'Basic realm="Police.AI", charset="UTF-8"'


class CredentialCache:
    """Recently verified credentials, by keyed digest, for ``ttl`` seconds."""

    def __init__(self, ttl: float = 60.0, max_entries: int = 1024) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._key = secrets.token_bytes(32)
        self._entries: dict[bytes, tuple[float, dict[str, Any]]] = {}
        self._lock = threading.Lock()
        #: Credentials being verified now (touched by the event loop only).
        self._checking: dict[bytes, anyio.Lock] = {}

    def _digest(self, username: str, password: str) -> bytes:
        message = username.encode() + b"\0" + password.encode()
        return hmac.new(self._key, message, hashlib.sha256).digest()

    def get(self, username: str, password: str) -> dict[str, Any] | None:
        digest = self._digest(username, password)
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._entries[digest]
                return None
            return entry[1]

    async def user_for(
        self, username: str, password: str, verify: Callable[[str, str], dict[str, Any]]
    ) -> dict[str, Any]:
        """The user the credentials name: remembered, else ``verify``-ed in a worker thread,
        once for all the requests that bring the same credentials meanwhile (an argon2 check
        costs about 150 ms of CPU and 64 MiB, so the minute's expiry must not set off one per
        request in flight)."""
        user = self.get(username, password)
        if user is not None:
            return user
        digest = self._digest(username, password)
        lock = self._checking.setdefault(digest, anyio.Lock())
        try:
            async with lock:
                user = self.get(username, password)  # verified while this request waited
                if user is None:
                    user = await anyio.to_thread.run_sync(verify, username, password)
                    self.put(username, password, user)
                return user
        finally:
            if not lock.locked():
                self._checking.pop(digest, None)

    def put(self, username: str, password: str, user: dict[str, Any]) -> None:
        digest = self._digest(username, password)
        now = time.monotonic()
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries = {k: v for k, v in self._entries.items() if v[0] >= now}
                if len(self._entries) >= self.max_entries:
                    self._entries.clear()
            self._entries[digest] = (now + self.ttl, user)


def unauthorized(detail: str) -> NotAuthorizedException:
    return NotAuthorizedException(detail=detail, headers={"WWW-Authenticate": REALM})


def parse_basic(header: str | None) -> tuple[str, str]:
    """The username and password of an ``Authorization: Basic ...`` header."""
    if not header:
        raise unauthorized("sign in: this API needs HTTP Basic authentication")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        raise unauthorized("sign in with HTTP Basic authentication (Authorization: Basic ...)")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise unauthorized("the Authorization header is not valid Basic credentials") from None
    username, colon, password = decoded.partition(":")
    if not colon or not username:
        raise unauthorized("the Authorization header is not valid Basic credentials")
    return username, password


class BasicAuthMiddleware(AbstractAuthenticationMiddleware):
    """Sets ``request.user`` to the user record of whoever signed in."""

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        username, password = parse_basic(connection.headers.get("authorization"))
        state = connection.app.state
        cache: CredentialCache = state.credentials
        platform: Platform = state.platform
        try:
            user = await cache.user_for(username, password, platform.users.authenticate)
        except AuthenticationError as exc:
            raise unauthorized(str(exc)) from None
        return AuthenticationResult(user=user, auth=None)


# -- guards -----------------------------------------------------------------------------------


def supervisor_only(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """Only a supervisor reviews who looked at a case (the s.62 access log)."""
    user = connection.user
    if not user or user.get("role") != "supervisor":
        raise PermissionDeniedException("only a supervisor may read a case's access log")


def _require_role(connection: ASGIConnection, role: str, message: str) -> None:
    user = connection.user
    if not user or user.get("role") != role:
        raise PermissionDeniedException(message)


def supervisor_reviews_tools(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """Only a supervisor reviews how a certified tool has been used across the force."""
    _require_role(
        connection, "supervisor", "only a supervisor may review a tool's use across the force"
    )


def force_admin_only(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """Only a force administrator sees the catalogue, installs tools and reads their usage."""
    _require_role(
        connection, "force_admin", "only a force administrator may manage the force's AI tools"
    )
