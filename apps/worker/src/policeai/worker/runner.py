"""Submit AI invocations to arq workers from synchronous code (web handlers, the CLI).

:class:`ArqRunner` is the gateway's job runner when ``POLICEAI_REDIS_URL`` is set: it owns an
asyncio event loop in a daemon thread and an arq Redis pool on that loop, and ``submit``
blocks the calling thread until the job is in Redis. The arq job id is the invocation id, so
submitting an invocation twice (while its job or its result is still in Redis) is a no-op;
the gateway's ``execute`` is idempotent besides.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Coroutine, Mapping
from typing import Any, TypeVar
from uuid import UUID

from arq import create_pool
from arq.connections import ArqRedis, RedisSettings
from redis.exceptions import RedisError

from policeai.core.errors import PoliceAIError

DEFAULT_QUEUE = "policeai:invocations"
QUEUE_ENV = "POLICEAI_JOB_QUEUE"
JOB_FUNCTION = "run_invocation"

T = TypeVar("T")


def queue_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The queue named by ``POLICEAI_JOB_QUEUE``, or the default one."""
    env = os.environ if environ is None else environ
    return env.get(QUEUE_ENV, "").strip() or DEFAULT_QUEUE


class JobQueueError(PoliceAIError):
    """The job queue (Redis) did not take the job."""

    status_code = 503


class ArqRunner:
    """Enqueue ``run_invocation`` jobs on arq from any thread (thread-safe).

    ``queue_name`` defaults to ``POLICEAI_JOB_QUEUE``, else ``policeai:invocations``, as the
    workers' does.
    """

    def __init__(
        self,
        redis_url: str,
        *,
        queue_name: str | None = None,
        timeout: float = 10.0,
        connect_timeout: float = 30.0,
    ) -> None:
        self.queue_name = queue_name or queue_from_env()
        self.timeout = timeout
        self._closed = False
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="arq-runner", daemon=True
        )
        self._thread.start()
        try:
            self._pool: ArqRedis = self._wait(
                create_pool(RedisSettings.from_dsn(redis_url), default_queue_name=self.queue_name),
                connect_timeout,
            )
        except BaseException:
            self._stop_loop()
            raise

    def submit(self, invocation_id: UUID) -> None:
        """Put the invocation on the queue; a no-op if its job is already there (or done)."""
        if self._closed:
            raise JobQueueError("the job runner is closed")
        try:
            self._wait(
                self._pool.enqueue_job(
                    JOB_FUNCTION,
                    str(invocation_id),
                    _job_id=str(invocation_id),
                    _queue_name=self.queue_name,
                ),
                self.timeout,
            )
        except (RedisError, OSError, TimeoutError) as error:
            raise JobQueueError(
                f"the job queue did not take invocation {invocation_id}: {error}"
            ) from error

    def queued(self) -> int:
        """How many jobs wait in the queue (or run) now."""
        count: int = self._wait(self._pool.zcard(self.queue_name), self.timeout)
        return count

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._wait(self._pool.aclose(close_connection_pool=True), self.timeout)
        finally:
            self._stop_loop()

    def __enter__(self) -> ArqRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait(self, coroutine: Coroutine[Any, Any, T], timeout: float) -> T:
        if threading.current_thread() is self._thread:
            coroutine.close()
            raise RuntimeError("ArqRunner is for synchronous callers, not its own event loop")
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self._loop.close()
