"""What an arq worker process runs: AI invocations, one at a time, through the gateway.

Each worker process builds one :class:`Platform` and one :class:`PluginExecutor` (a killable
child process, warmed at start-up so models load once) and takes one job at a time
(``max_jobs=1``): scale with processes (``policeai worker --processes N``). A job runs
``gateway.execute`` in a thread; the gateway records the outcome, whatever the plugin does.
Every minute one worker (arq's unique cron job) starts queued invocations whose quota period
has rolled over.

At start-up a worker re-submits the invocations that the invocation read model still shows
as ``requested`` or ``running``, so that none is stranded when Redis lost its job: the arq
job id is the invocation id, so one still in Redis is not queued twice. A job whose worker
was killed stays in Redis and is run again by another worker once arq's in-progress marker
expires (the job timeout plus 10 s); the gateway then records the lost run as failed
("Interrupted").

Workers are configured from the environment (``POLICEAI_REDIS_URL`` and the other
settings; ``POLICEAI_JOB_QUEUE`` names the queue, default ``policeai:invocations``).
``policeai worker`` and ``python -m policeai.worker`` run :class:`InvocationWorker`;
``arq policeai.worker.settings.WorkerSettings`` runs arq's own worker on the same settings,
which takes at most one job per poll (20 a second).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import random
import time
from functools import cache
from typing import Any
from uuid import UUID

from arq import Retry, Worker, cron, func
from arq.connections import RedisSettings
from arq.utils import to_seconds
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from policeai.core.errors import NotFoundError
from policeai.core.invocations.executor import PluginCallError, PluginExecutor
from policeai.core.invocations.views import invocation_list
from policeai.core.platform import Platform
from policeai.core.settings import Settings, SettingsError, get_settings
from policeai.worker.runner import JOB_FUNCTION, ArqRunner, queue_from_env

log = logging.getLogger(__name__)

#: Seconds a job may run beyond the plugin timeout (loading and saving the invocation and
#: the case); arq's own timeout is a backstop, the plugin executor enforces the plugin's.
JOB_TIMEOUT_MARGIN_S = 10.0
#: How often an idle worker asks Redis for a job.
POLL_DELAY_S = 0.05
#: Seconds before a job whose run raised (e.g. the database was unreachable) is tried again.
RETRY_DELAY_S = 5.0
MAX_TRIES = 5
UNFINISHED = ("requested", "running")


# -- jobs -------------------------------------------------------------------------------------


async def run_invocation(ctx: dict[str, Any], invocation_id: str) -> str:
    """Run one invocation through the gateway (in a thread); return its final status."""
    platform: Platform = ctx["platform"]
    executor: PluginExecutor = ctx["executor"]
    try:
        return await asyncio.to_thread(platform.gateway.execute, UUID(invocation_id), executor)
    except NotFoundError:
        log.warning("invocation %s does not exist: nothing to run", invocation_id)
        return "not found"
    except Exception as error:
        # The next try records a run cut short as failed ("Interrupted") or runs it again.
        log.exception("invocation %s could not be run (try %s)", invocation_id, ctx["job_try"])
        raise Retry(defer=RETRY_DELAY_S) from error


async def release_queued(ctx: dict[str, Any]) -> int:
    """Start queued invocations whose quota period has rolled over; return how many."""
    platform: Platform = ctx["platform"]
    started = await asyncio.to_thread(platform.gateway.release_queued)
    if started:
        log.info("released %d queued invocation(s)", len(started))
    return len(started)


# -- the worker's life ------------------------------------------------------------------------


def unfinished_invocations(platform: Platform) -> list[UUID]:
    """Invocations the read model shows as requested or running, oldest first."""
    with platform.engine.connect() as conn:
        return list(
            conn.execute(
                select(invocation_list.c.invocation_id)
                .where(invocation_list.c.status.in_(UNFINISHED))
                .order_by(invocation_list.c.requested_at)
            ).scalars()
        )


def resubmit_unfinished(platform: Platform) -> int:
    runner = platform.gateway.runner
    if runner is None:
        return 0
    ids = unfinished_invocations(platform)
    for invocation_id in ids:
        runner.submit(invocation_id)
    return len(ids)


def open_platform(settings: Settings, attempts: int = 5) -> Platform:
    """The platform; tried again if another process was creating its tables at that moment
    (PostgreSQL refuses two concurrent CREATE TABLEs of the same name)."""
    for attempt in range(1, attempts):
        try:
            return Platform(settings)
        except DBAPIError:
            log.warning("the platform did not open (try %d of %d)", attempt, attempts)
            time.sleep(0.2 * attempt + random.random() * 0.3)  # noqa: S311 - jitter only
    return Platform(settings)


def warm(executor: PluginExecutor) -> None:
    try:
        executor.warm()
    except PluginCallError:  # each call tries again, and records why it failed
        log.exception("the plugin host did not start")


async def startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx["settings"]
    platform = await asyncio.to_thread(open_platform, settings)
    ctx["platform"] = platform
    try:
        runner = await asyncio.to_thread(
            ArqRunner, settings.redis_url, queue_name=ctx["queue_name"]
        )
        platform.start_jobs(runner)
        executor = PluginExecutor(extra_plugins=settings.extra_plugins)
        ctx["executor"] = executor
        await asyncio.to_thread(warm, executor)
        resubmitted = await asyncio.to_thread(resubmit_unfinished, platform)
    except BaseException:
        await shutdown(ctx)
        raise
    log.info(
        "worker ready (pid %d, queue %s; %d unfinished invocation(s) re-submitted)",
        os.getpid(),
        ctx["queue_name"],
        resubmitted,
    )


async def after_job_end(ctx: dict[str, Any]) -> None:
    """Restart a plugin process that a job killed (timeout) or lost (crash) before the next job."""
    executor: PluginExecutor | None = ctx.get("executor")
    if executor is not None and executor.process is None:
        await asyncio.to_thread(warm, executor)


async def shutdown(ctx: dict[str, Any]) -> None:
    executor: PluginExecutor | None = ctx.pop("executor", None)
    platform: Platform | None = ctx.pop("platform", None)
    if executor is not None:
        await asyncio.to_thread(executor.close)
    if platform is not None:
        await asyncio.to_thread(platform.close)


# -- settings for arq -------------------------------------------------------------------------


def worker_settings(
    settings: Settings | None = None, *, queue_name: str | None = None
) -> dict[str, Any]:
    """Keyword arguments for ``arq.Worker`` (``arq.run_worker`` takes them as settings)."""
    settings = settings or get_settings()
    if not settings.redis_url:
        raise SettingsError("POLICEAI_REDIS_URL is not set: the workers take their jobs from Redis")
    queue = queue_name or queue_from_env()
    job_timeout = settings.plugin_timeout_s + JOB_TIMEOUT_MARGIN_S
    return {
        "functions": [func(run_invocation, name=JOB_FUNCTION, max_tries=MAX_TRIES)],
        "cron_jobs": [cron(release_queued, second=0, unique=True)],
        "on_startup": startup,
        "on_shutdown": shutdown,
        "after_job_end": after_job_end,
        "max_jobs": 1,
        "job_timeout": job_timeout,
        # On SIGINT/SIGTERM: take no new job, let the running one finish, then stop.
        "job_completion_wait": math.ceil(job_timeout),
        "queue_name": queue,
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "poll_delay": POLL_DELAY_S,
        "ctx": {"settings": settings, "queue_name": queue},
    }


@cache
def _worker_settings_class() -> type:
    return type("WorkerSettings", (), worker_settings())


def __getattr__(name: str) -> Any:
    # ``WorkerSettings`` is built on first use, from the environment of the worker process.
    if name == "WorkerSettings":
        return _worker_settings_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class InvocationWorker(Worker):
    """An arq worker that asks for its next job as soon as its job ends.

    arq asks Redis for jobs once per ``poll_delay``, so a worker that runs one job at a time
    takes at most ``1 / poll_delay`` jobs a second, however short they are. This one waits,
    after each look at the queue, until its job ends or ``poll_delay`` has passed, whichever
    comes first (arq 0.28's worker loop, with its ``_poll_iteration`` and job-end callback).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.idle_poll_s = to_seconds(kwargs.get("poll_delay", POLL_DELAY_S)) or POLL_DELAY_S
        super().__init__(*args, **{**kwargs, "poll_delay": 0})
        self._job_ended = asyncio.Event()

    def _release_sem_dec_counter_on_complete(self) -> None:
        super()._release_sem_dec_counter_on_complete()
        self._job_ended.set()

    async def _poll_iteration(self) -> None:
        self._job_ended.clear()
        await super()._poll_iteration()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._job_ended.wait(), self.idle_poll_s)


LOG_FORMAT = "%(asctime)s %(process)d %(name)s %(levelname)s: %(message)s"


def run(queue_name: str | None = None) -> None:
    """Run one worker process until SIGINT or SIGTERM (logging to stderr)."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    InvocationWorker(**worker_settings(queue_name=queue_name)).run()
