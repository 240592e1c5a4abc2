"""Shared fixtures: a platform on each backend, and the real servers' availability.

PostgreSQL tests use the server at ``POLICEAI_TEST_POSTGRES`` (default
``postgresql://postgres@127.0.0.1:5432/test``), each test in a schema of its own that is
dropped afterwards. Without the server they skip with the reason, unless
``POLICEAI_REQUIRE_SERVICES=1`` (set by CI), where they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from policeai.core.context import Actor, acting_as
from policeai.core.platform import Platform
from policeai.core.settings import Settings

POSTGRES_URL = os.environ.get("POLICEAI_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def service_missing(what: str) -> None:
    message = (
        f"{what} is not running: start it (see README, 'Tests that need PostgreSQL and Redis') "
        "to run this test"
    )
    if os.environ.get("POLICEAI_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        service_missing(f"PostgreSQL at {POSTGRES_URL}")
    return POSTGRES_URL


@pytest.fixture
def postgres_schema(postgres_url: str) -> Iterator[str]:
    """A fresh schema for one test, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield schema
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def sqlite_settings(data_dir: Path, **overrides: str) -> Settings:
    return Settings.from_env(
        {"POLICEAI_DATA_DIR": str(data_dir), "POLICEAI_SECRET_KEY": "test-secret", **overrides}
    )


def postgres_settings(data_dir: Path, url: str, schema: str, **overrides: str) -> Settings:
    sqlalchemy_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    return Settings.from_env(
        {
            "POLICEAI_DATA_DIR": str(data_dir),
            "POLICEAI_SECRET_KEY": "test-secret",
            "POLICEAI_EVENT_STORE_URL": f"{url}?schema={schema}",
            "POLICEAI_DATABASE_URL": f"{sqlalchemy_url}?options=-csearch_path%3D{schema}",
            **overrides,
        }
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """Parametrise a test over both backends (PostgreSQL ones are marked)."""
    return request.param


@pytest.fixture
def settings_for(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[..., Settings]:
    """Settings for a backend name; PostgreSQL gets a fresh schema."""

    def make(backend: str, **overrides: str) -> Settings:
        if backend == "sqlite":
            return sqlite_settings(tmp_path / "data", **overrides)
        url = request.getfixturevalue("postgres_url")
        schema = request.getfixturevalue("postgres_schema")
        return postgres_settings(tmp_path / "data", url, schema, **overrides)

    return make


@pytest.fixture
def platform(backend: str, settings_for: Callable[..., Settings]) -> Iterator[Platform]:
    with Platform(settings_for(backend)) as p:
        yield p


OFFICER = Actor(user="pc.jones", force="demo", purpose="investigation", role="officer")
OTHER_FORCE_OFFICER = Actor(user="pc.smith", force="other", purpose="investigation")


@pytest.fixture
def officer() -> Iterator[Actor]:
    """Act as an officer of the demo force for the whole test."""
    with acting_as(OFFICER) as actor:
        yield actor


@pytest.fixture
def other_force_officer() -> Actor:
    """An officer of another force (not set as acting: use it with acting_as)."""
    return OTHER_FORCE_OFFICER


REDIS_URL = os.environ.get("POLICEAI_TEST_REDIS", "127.0.0.1:6379")


@pytest.fixture
def redis_url() -> str:
    """The tests' own Redis database (number 5 unless the URL names one), emptied first."""
    import redis

    url = REDIS_URL if "://" in REDIS_URL else f"redis://{REDIS_URL}/5"
    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError:
        service_missing(f"Redis at {url}")
    finally:
        client.close()
    return url
