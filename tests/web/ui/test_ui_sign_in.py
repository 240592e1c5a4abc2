"""Signing in and out of the case web app: argon2-checked passwords, a fresh server-side
session in an HttpOnly, SameSite cookie (Secure over HTTPS), CSRF on every form, back-off
after repeated failures, and ``next`` followed only to this site."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import anyio
import pytest
from litestar.stores.file import FileStore
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from litestar.testing import TestClient
from ui_helpers import PASSWORD, form_post, make_platform, sign_in, token_in

from policeai.web.app import create_app
from policeai.web.ui.setup import SESSION_STORE, THROTTLE_STORE, close_stores, make_stores
from policeai.web.ui.signin import safe_next
from policeai.web.ui.throttle import SignInThrottle


def cookies_set(response: Any) -> list[str]:
    return response.headers.get_list("set-cookie")


def test_signed_out_visitors_see_what_the_platform_is_and_where_to_sign_in(
    client: TestClient[Any],
) -> None:
    client.cookies.clear()
    home = client.get("/")
    form = client.get("/sign-in")

    assert home.status_code == 200
    assert 'href="/sign-in"' in home.text
    assert 'href="/registry/"' in home.text
    assert form.status_code == 200
    assert '<label for="sign-in-username">Username</label>' in form.text
    assert 'autocomplete="current-password"' in form.text
    assert token_in(form.text)
    # Nothing is stored for a visitor who has not signed in: no session cookie.
    assert not any(c.startswith("policeai_session=") for c in cookies_set(form))


def test_a_right_password_starts_a_fresh_session_in_a_safe_cookie(client: TestClient[Any]) -> None:
    client.cookies.clear()
    token = token_in(client.get("/sign-in").text)
    client.cookies.set(
        "policeai_session", "a-session-id-chosen-by-an-attacker", domain="testserver.local"
    )

    response = form_post(
        client, "/sign-in", token, username="pc.jones", password=PASSWORD, next="/"
    )

    assert response.status_code == 303
    assert response.headers["location"] == "/cases"  # an officer starts at the case list
    (session_cookie,) = [c for c in cookies_set(response) if c.startswith("policeai_session=")]
    attributes = {part.strip().lower() for part in session_cookie.split(";")}
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "secure" not in attributes  # plain HTTP here
    assert "a-session-id-chosen-by-an-attacker" not in session_cookie
    page = client.get("/cases")
    assert page.status_code == 200
    assert "PC 101 Ann Jones" in page.text
    assert "Signed in as PC 101 Ann Jones." in page.text


def test_over_https_every_cookie_is_secure(client: TestClient[Any]) -> None:
    client.cookies.clear()
    page = client.get("https://testserver.local/sign-in")
    token = token_in(page.text)
    response = client.post(
        "https://testserver.local/sign-in",
        data={"_csrf_token": token, "username": "pc.jones", "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )

    assert response.status_code == 303, response.text
    cookies = cookies_set(page) + cookies_set(response)
    assert cookies
    for cookie in cookies:
        assert "secure" in {part.strip().lower() for part in cookie.split(";")}, cookie
    client.cookies.clear()


@pytest.mark.parametrize(
    ("role_user", "home"),
    [
        ("sgt.marsh", "/cases"),
        ("an.lee", "/cases"),
        ("tom.admin", "/admin/tools"),
        ("dr.carver", "/console"),
    ],
)
def test_each_role_starts_on_its_own_page(
    client: TestClient[Any], role_user: str, home: str
) -> None:
    sign_in(client, role_user)

    response = client.get("/", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == home
    assert client.get(home).status_code == 200


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: TestClient[Any], forget_failed_sign_ins: None
) -> None:
    client.cookies.clear()
    token = token_in(client.get("/sign-in").text)

    wrong = form_post(client, "/sign-in", token, username="pc.jones", password="not it at all")
    unknown = form_post(client, "/sign-in", token, username="nobody", password=PASSWORD)
    empty = form_post(client, "/sign-in", token, username="", password="")

    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "The username or password is not right" in response.text
        assert not any(c.startswith("policeai_session=") for c in cookies_set(response))
    assert 'value="pc.jones"' in wrong.text  # the username is kept
    assert "not it at all" not in wrong.text  # the password never comes back
    assert empty.status_code == 400
    assert "Enter your username" in empty.text
    assert "Enter your password" in empty.text
    assert client.get("/cases", follow_redirects=False).status_code == 303


def test_a_form_without_its_csrf_token_is_refused(client: TestClient[Any]) -> None:
    client.cookies.clear()
    client.get("/sign-in")

    no_token = client.post(
        "/sign-in", data={"username": "pc.jones", "password": PASSWORD}, follow_redirects=False
    )
    forged = client.post(
        "/sign-in",
        data={"_csrf_token": "0" * 128, "username": "pc.jones", "password": PASSWORD},
        follow_redirects=False,
    )

    for response in (no_token, forged):
        assert response.status_code == 403
        assert "security token was missing or out of date" in response.text
        assert not any(c.startswith("policeai_session=") for c in cookies_set(response))


def test_htmx_sends_the_token_in_a_header(client: TestClient[Any]) -> None:
    token = sign_in(client, "pc.jones")
    page = client.get("/cases")
    assert f'hx-headers=\'{{"x-csrftoken": "{token}"}}\'' in page.text

    response = client.post(
        "/sign-out", headers={"x-csrftoken": token, "HX-Request": "true"}, follow_redirects=False
    )

    assert response.status_code == 303


def test_signing_out_ends_the_session_on_the_server(client: TestClient[Any]) -> None:
    token = sign_in(client, "pc.jones")
    session_id = client.cookies.get("policeai_session")
    assert session_id

    response = form_post(client, "/sign-out", token)

    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?signed-out=1"
    assert "You have signed out." in client.get("/sign-in?signed-out=1").text
    # The old session id is worthless now, even if someone kept it.
    client.cookies.clear()
    client.cookies.set("policeai_session", session_id, domain="testserver.local")
    again = client.get("/cases", follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"] == "/sign-in?next=/cases"


def test_after_signing_in_the_browser_goes_back_where_it_was_going(
    client: TestClient[Any],
) -> None:
    client.cookies.clear()
    first = client.get("/cases?status=open", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/sign-in?next=/cases%3Fstatus%3Dopen"
    form = client.get(first.headers["location"])
    assert 'name="next" value="/cases?status=open"' in form.text

    response = form_post(
        client,
        "/sign-in",
        token_in(form.text),
        username="pc.jones",
        password=PASSWORD,
        next="/cases?status=open",
    )

    assert response.headers["location"] == "/cases?status=open"


@pytest.mark.parametrize(
    ("wanted", "followed"),
    [
        ("/cases/123?x=1", "/cases/123?x=1"),
        ("", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("cases", "/"),
        ("/cases\r\nSet-Cookie: x=1", "/"),
    ],
)
def test_next_is_followed_only_to_a_path_on_this_site(wanted: str, followed: str) -> None:
    assert safe_next(wanted) == followed


def test_signing_in_after_failures_waits_longer_and_longer() -> None:
    now = [1000.0]
    throttle = SignInThrottle(MemoryStore(), user_limit=3, address_limit=10, clock=lambda: now[0])

    async def scenario() -> None:
        for _ in range(2):
            await throttle.failed("pc.jones", "10.0.0.1")
        assert await throttle.retry_after("pc.jones", "10.0.0.1") == 0  # two free failures
        await throttle.failed("pc.jones", "10.0.0.1")
        assert await throttle.retry_after("pc.jones", "10.0.0.1") == 30  # the third: wait
        assert await throttle.retry_after("PC.Jones ", "10.0.0.9") == 30  # same user elsewhere
        assert await throttle.retry_after("sgt.marsh", "10.0.0.1") == 0  # the address is fine
        now[0] += 30
        assert await throttle.retry_after("pc.jones", "10.0.0.1") == 0
        await throttle.failed("pc.jones", "10.0.0.1")
        assert await throttle.retry_after("pc.jones", "10.0.0.1") == 60  # doubled
        now[0] += 60
        await throttle.succeeded("pc.jones")
        assert await throttle.retry_after("pc.jones", "10.0.0.2") == 0  # reset on success
        for user in range(6):  # one address trying many usernames
            await throttle.failed(f"user{user}", "10.0.0.66")
        assert await throttle.retry_after("someone.else", "10.0.0.66") == 0
        for user in range(6, 10):
            await throttle.failed(f"user{user}", "10.0.0.66")
        assert await throttle.retry_after("someone.else", "10.0.0.66") == 30

    anyio.run(scenario)
    assert throttle.delay_after(100, 3) == throttle.max_delay_s


def test_after_five_wrong_passwords_even_the_right_one_must_wait(
    client: TestClient[Any], forget_failed_sign_ins: None
) -> None:
    client.cookies.clear()
    token = token_in(client.get("/sign-in").text)
    for _ in range(5):
        wrong = form_post(client, "/sign-in", token, username="sgt.marsh", password="guess again")
        assert wrong.status_code == 401

    refused = form_post(client, "/sign-in", token, username="sgt.marsh", password=PASSWORD)

    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert "Too many failed sign-ins" in refused.text
    assert not any(c.startswith("policeai_session=") for c in cookies_set(refused))
    # Another user is not held up by sgt.marsh's failures.
    other = form_post(client, "/sign-in", token, username="pc.jones", password=PASSWORD)
    assert other.status_code == 303


def test_sessions_live_in_files_under_the_data_dir_without_redis(tmp_path: Path) -> None:
    settings = SimpleNamespace(redis_url="", data_dir=tmp_path)

    stores = make_stores(cast("Any", SimpleNamespace(settings=settings)))

    assert isinstance(stores[SESSION_STORE], FileStore)
    assert Path(stores[SESSION_STORE].path).is_relative_to(tmp_path)


@pytest.mark.redis
def test_sessions_are_shared_through_redis_when_it_is_configured(redis_url: str) -> None:
    settings = SimpleNamespace(redis_url=redis_url, data_dir=Path("unused"))
    stores = make_stores(cast("Any", SimpleNamespace(settings=settings)))
    sessions, throttle = stores[SESSION_STORE], stores[THROTTLE_STORE]

    async def round_trip() -> tuple[bytes | None, bytes | None]:
        try:
            await sessions.set("a-session", b'{"user": "pc.jones"}', expires_in=60)
            return await sessions.get("a-session"), await throttle.get("a-session")
        finally:
            await sessions.delete_all()
            await close_stores(stores)

    stored, elsewhere = anyio.run(round_trip)

    assert isinstance(sessions, RedisStore)
    assert stored == b'{"user": "pc.jones"}'
    assert elsewhere is None  # each store has its own namespace


@pytest.mark.redis
def test_with_redis_a_signed_in_session_works_and_closes_cleanly(
    redis_url: str, tmp_path: Path
) -> None:
    platform = make_platform(tmp_path / "data", POLICEAI_REDIS_URL=redis_url)
    with TestClient(app=create_app(platform)) as redis_client:
        sign_in(redis_client, "pc.jones")

        page = redis_client.get("/cases")

        assert page.status_code == 200
        assert "PC 101 Ann Jones" in page.text
