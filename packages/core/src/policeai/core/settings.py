"""One settings object, read from environment variables (never by editing code).

| variable | default | meaning |
|---|---|---|
| ``POLICEAI_DATA_DIR`` | ``./var`` | where the embedded default keeps its SQLite files and keys |
| ``POLICEAI_EVENT_STORE_URL`` | ``sqlite:///<data dir>/events.db`` | the event store (1) |
| ``POLICEAI_DATABASE_URL`` | ``sqlite:///<data dir>/records.db`` | read models, users, logs (2) |
| ``POLICEAI_SECRET_KEY`` | generated once into ``<data dir>/secret.key`` | signs session cookies |
| ``POLICEAI_SNAPSHOT_INTERVAL`` | ``100`` | take a snapshot of a case every N events |
| ``POLICEAI_REDIS_URL`` | (none: in-process jobs) | run AI invocations on arq workers via Redis |
| ``POLICEAI_JOB_WORKERS`` | ``1`` | in-process job threads (each with its own plugin process) |
| ``POLICEAI_PLUGIN_TIMEOUT`` | ``30`` | seconds a tool may take before it is killed |
| ``POLICEAI_INVOCATION_CACHE_SECONDS`` | ``600`` | serve an identical request from cache (0: off) |
| ``POLICEAI_EXTRA_PLUGINS`` | (none) | ``module:attr`` plugins to load beside entry points (dev) |
| ``POLICEAI_REGISTRY_URL`` | ``http://127.0.0.1:8000`` | the registry a force syncs from |
| ``POLICEAI_REGISTRY_PUBLIC_KEY`` | (none) | the registry's pinned Ed25519 public key (base64) |

(1) ``sqlite:///PATH`` or ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=NAME]``.
(2) an SQLAlchemy URL, e.g. ``postgresql+psycopg://USER@HOST/DB``.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs, unquote, urlparse

from policeai.core.errors import PoliceAIError

N = TypeVar("N", int, float)


class SettingsError(PoliceAIError):
    """A configuration value is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    event_store_url: str
    database_url: str
    secret_key: str = field(repr=False)
    snapshot_interval: int = 100
    redis_url: str = ""
    job_workers: int = 1
    plugin_timeout_s: float = 30.0
    invocation_cache_s: float = 600.0
    extra_plugins: tuple[str, ...] = ()
    registry_url: str = "http://127.0.0.1:8000"
    registry_public_key: str = ""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        data_dir = Path(env.get("POLICEAI_DATA_DIR", "var")).resolve()
        interval = _number(env, "POLICEAI_SNAPSHOT_INTERVAL", 100, int, minimum=1)
        return cls(
            data_dir=data_dir,
            event_store_url=env.get("POLICEAI_EVENT_STORE_URL", f"sqlite:///{data_dir}/events.db"),
            database_url=env.get("POLICEAI_DATABASE_URL", f"sqlite:///{data_dir}/records.db"),
            secret_key=env.get("POLICEAI_SECRET_KEY", ""),
            snapshot_interval=interval,
            redis_url=env.get("POLICEAI_REDIS_URL", "").strip(),
            job_workers=_number(env, "POLICEAI_JOB_WORKERS", 1, int, minimum=1),
            plugin_timeout_s=_number(env, "POLICEAI_PLUGIN_TIMEOUT", 30.0, float, minimum=0.1),
            invocation_cache_s=_number(
                env, "POLICEAI_INVOCATION_CACHE_SECONDS", 600.0, float, minimum=0
            ),
            extra_plugins=tuple(
                spec.strip()
                for spec in env.get("POLICEAI_EXTRA_PLUGINS", "").split(",")
                if spec.strip()
            ),
            registry_url=env.get("POLICEAI_REGISTRY_URL", "").strip() or "http://127.0.0.1:8000",
            registry_public_key=env.get("POLICEAI_REGISTRY_PUBLIC_KEY", "").strip(),
        )

    def ensure_data_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)

    def session_secret(self) -> str:
        """The configured secret, or one generated once and kept in the data directory."""
        if self.secret_key:
            return self.secret_key
        self.ensure_data_dir()
        path = self.data_dir / "secret.key"
        if not path.exists():
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return path.read_text().strip()

    def event_store_env(self) -> dict[str, str]:
        """Translate the event store URL into the eventsourcing library's environment."""
        return event_store_env(self.event_store_url)


def _number(env: dict[str, str], name: str, default: N, kind: type[N], *, minimum: N) -> N:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise SettingsError(f"{name} must be {what}, not {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}")
    return value


def event_store_env(url: str) -> dict[str, str]:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if not path or path == "/":
            raise SettingsError(f"the SQLite event store URL {url!r} names no file")
        if path.startswith("//"):
            path = path[1:]
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "policeai.core.persistence.sqlite:Factory",
            "SQLITE_DBNAME": path if path == ":memory:" else str(Path(path)),
            "SQLITE_LOCK_TIMEOUT": "30",
        }
    if parsed.scheme in {"postgresql", "postgres", "postgresql+psycopg"}:
        query = parse_qs(parsed.query)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": parsed.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": parsed.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parsed.port or 5432),
            "POSTGRES_USER": unquote(parsed.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parsed.password or ""),
            "POSTGRES_POOL_SIZE": query.get("pool_size", ["5"])[0],
            "POSTGRES_MAX_OVERFLOW": query.get("max_overflow", ["10"])[0],
            "POSTGRES_LOCK_TIMEOUT": "5",
        }
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"][0]
        return env
    raise SettingsError(
        f"unsupported event store URL {url!r}: use sqlite:///PATH or postgresql://USER@HOST/DB"
    )


@cache
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings.from_env()
