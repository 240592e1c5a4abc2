"""``policeai worker``: run arq worker processes for AI invocations until stopped."""

from __future__ import annotations

import multiprocessing
import signal
import time
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType

import click

from policeai.cli.runtime import Runtime, hide_password, pass_runtime

#: A worker that exits with an error this soon after it started is misconfigured: stop all.
FAST_FAILURE_S = 10.0


def _worker_main(queue_name: str) -> None:
    """A worker process (spawned): settings from the environment it inherits."""
    from policeai.worker.settings import run

    run(queue_name)


class Supervisor:
    """Keep ``count`` worker processes running until SIGINT or SIGTERM, then stop them.

    A worker that dies (killed, or crashed) is replaced; one that fails at start-up stops the
    others, since its replacements would fail alike. On stop each worker is sent SIGTERM, takes
    no new job and finishes the one it runs; after ``grace`` seconds the rest are killed.
    """

    def __init__(self, count: int, queue_name: str, *, grace: float) -> None:
        self.queue_name = queue_name
        self.grace = grace
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[BaseProcess | None] = [None] * count
        self._started_at = [0.0] * count
        self._stopping = False

    def run(self) -> int:
        """Run until stopped; return 0, or 1 if a worker failed at start-up."""
        handled = (signal.SIGINT, signal.SIGTERM)
        previous = {sig: signal.signal(sig, self._stop) for sig in handled}
        status = 0
        try:
            for index in range(len(self._workers)):
                self._start(index)
            while not self._stopping:
                wait([p.sentinel for p in self._workers if p is not None], timeout=0.5)
                status = self._replace_dead()
                if status:
                    break
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return status

    def _start(self, index: int) -> None:
        process = self._context.Process(
            target=_worker_main, args=(self.queue_name,), name=f"policeai-worker-{index + 1}"
        )
        process.start()
        self._workers[index] = process
        self._started_at[index] = time.monotonic()
        click.echo(f"worker {index + 1} started (pid {process.pid})", err=True)

    def _replace_dead(self) -> int:
        for index, process in enumerate(self._workers):
            if process is None or process.is_alive() or self._stopping:
                continue
            process.join()
            code = process.exitcode or 0
            lived = time.monotonic() - self._started_at[index]
            click.echo(f"worker {index + 1} (pid {process.pid}) exited with code {code}", err=True)
            process.close()
            self._workers[index] = None
            if code > 0 and lived < FAST_FAILURE_S:
                click.echo("it failed at start-up (see its log above): stopping", err=True)
                return 1
            self._start(index)
        return 0

    def _stop(self, signum: int, _frame: FrameType | None) -> None:
        self._stopping = True

    def _stop_all(self) -> None:
        running = [p for p in self._workers if p is not None and p.is_alive()]
        if running:
            click.echo(f"stopping {len(running)} worker(s)", err=True)
        for process in running:
            process.terminate()
        deadline = time.monotonic() + self.grace
        for process in running:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
        self._workers = [None] * len(self._workers)


@click.command()
@click.option(
    "--processes",
    "-p",
    type=click.IntRange(1, 256),
    default=1,
    show_default=True,
    help="Worker processes; each runs one plugin call at a time.",
)
@click.option(
    "--queue",
    envvar="POLICEAI_JOB_QUEUE",
    default="policeai:invocations",
    show_default=True,
    help="The arq queue (default: $POLICEAI_JOB_QUEUE if set).",
)
@pass_runtime
def worker(runtime: Runtime, processes: int, queue: str) -> None:
    """Run AI invocation workers (arq, on POLICEAI_REDIS_URL) until stopped.

    Each process has its own plugin process and takes one job at a time: scale with
    --processes. Ctrl+C or SIGTERM stops them after their current job.
    """
    from policeai.worker.settings import worker_settings

    config = worker_settings(runtime.settings, queue_name=queue)  # fails early if misconfigured
    click.echo(
        f"Police.AI workers: {processes} process(es) on {hide_password(runtime.settings.redis_url)}"
        f", queue {queue}. Press Ctrl+C to stop.",
        err=True,
    )
    supervisor = Supervisor(processes, queue, grace=float(config["job_timeout"]) + 5.0)
    if supervisor.run():
        raise click.ClickException("a worker failed at start-up")
