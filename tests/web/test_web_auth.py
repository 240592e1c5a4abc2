"""Signing in to the API, and the guards that decide who may do what."""

from __future__ import annotations

import base64
import time
from types import SimpleNamespace
from typing import Any, cast

import anyio
import pytest
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException

from policeai.core.errors import PoliceAIError
from policeai.core.users import AuthenticationError
from policeai.web.auth import CredentialCache, parse_basic, supervisor_only
from policeai.web.service import DEFAULT_PURPOSE, actor_for, parse_if_match

USER = {"username": "pc.jones", "force": "demo", "role": "officer", "display_name": "PC Jones"}


def connection_of(user: dict[str, Any] | None) -> ASGIConnection[Any, Any, Any, Any]:
    return cast("ASGIConnection[Any, Any, Any, Any]", SimpleNamespace(user=user))


def test_a_supervisor_passes_the_supervisor_guard() -> None:
    supervisor_only(connection_of({**USER, "role": "supervisor"}), cast("Any", None))


@pytest.mark.parametrize("role", ["officer", "analyst", "force_admin", "certifier"])
def test_anyone_else_is_turned_away_by_the_supervisor_guard(role: str) -> None:
    with pytest.raises(PermissionDeniedException, match="supervisor"):
        supervisor_only(connection_of({**USER, "role": role}), cast("Any", None))


def test_basic_credentials_are_read_from_the_header() -> None:
    token = base64.b64encode(b"pc.jones:pass:with:colons").decode()

    assert parse_basic(f"Basic {token}") == ("pc.jones", "pass:with:colons")


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer abc", "Basic", "Basic !!!", "Basic " + base64.b64encode(b"x").decode()],
)
def test_anything_else_asks_the_client_to_sign_in(header: str | None) -> None:
    with pytest.raises(NotAuthorizedException) as caught:
        parse_basic(header)

    assert (caught.value.headers or {})["WWW-Authenticate"].startswith("Basic")


def test_verified_credentials_are_remembered_briefly_and_only_as_digests() -> None:
    cache = CredentialCache(ttl=60)
    cache.put("pc.jones", "secret password", USER)

    assert cache.get("pc.jones", "secret password") == USER
    assert cache.get("pc.jones", "another password") is None
    assert "secret password" not in repr(vars(cache))

    expired = CredentialCache(ttl=-1)
    expired.put("pc.jones", "secret password", USER)
    assert expired.get("pc.jones", "secret password") is None


def test_the_actor_is_the_user_of_their_own_force_with_their_purpose() -> None:
    actor = actor_for(USER, "  investigating a theft ")
    default = actor_for(USER, None)

    assert (actor.user, actor.force, actor.role) == ("pc.jones", "demo", "officer")
    assert actor.purpose == "investigating a theft"
    assert default.purpose == DEFAULT_PURPOSE
    with pytest.raises(PoliceAIError, match="at most"):
        actor_for(USER, "x" * 201)


@pytest.mark.parametrize(
    ("header", "version"), [(None, None), ("", None), ("3", 3), ('"3"', 3), ('W/"12"', 12)]
)
def test_if_match_names_the_version_the_client_last_read(
    header: str | None, version: int | None
) -> None:
    assert parse_if_match(header) == version


def test_an_if_match_that_is_not_a_version_is_refused() -> None:
    with pytest.raises(PoliceAIError, match="If-Match"):
        parse_if_match("tomorrow")


def test_requests_with_the_same_credentials_share_one_password_check() -> None:
    # Each request in flight when the minute ran out paid for its own argon2 check: with 16
    # concurrent requests, ~1 s of CPU on two cores (the benchmark's p99 of the case list).
    cache = CredentialCache(ttl=60)
    checks: list[str] = []

    def verify(username: str, password: str) -> dict[str, Any]:
        checks.append(username)
        time.sleep(0.2)
        if password != "right":
            raise AuthenticationError("wrong password")
        return USER

    async def requests() -> list[Any]:
        users: list[Any] = []

        async def one(password: str) -> None:
            try:
                users.append(await cache.user_for("pc.jones", password, verify))
            except AuthenticationError as exc:
                users.append(exc)

        async with anyio.create_task_group() as group:
            for _ in range(10):
                group.start_soon(one, "right")
            group.start_soon(one, "wrong")
        return users

    users = anyio.run(requests)

    assert checks == ["pc.jones", "pc.jones"]  # one check for the ten, one for the wrong one
    assert sum(user == USER for user in users) == 10
    assert sum(isinstance(user, AuthenticationError) for user in users) == 1
    assert cache._checking == {}
