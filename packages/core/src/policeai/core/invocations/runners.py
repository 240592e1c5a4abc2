"""The in-process job runner of the embedded default, behind the same interface as arq.

Worker threads take invocation ids from a queue and run them through the gateway, each with
its own plugin executor (a killable child process). Between jobs they start queued
invocations whose quota period has rolled over. A failure in one job is logged and the
thread carries on.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Sequence
from uuid import UUID

from policeai.core.invocations.executor import PluginExecutor
from policeai.core.invocations.gateway import Gateway

log = logging.getLogger(__name__)


class InProcessRunner:
    def __init__(
        self,
        gateway: Gateway,
        *,
        workers: int = 1,
        extra_plugins: Sequence[str] = (),
        release_every_s: float = 30.0,
    ) -> None:
        self.gateway = gateway
        self.release_every_s = release_every_s
        self._queue: queue.Queue[UUID | None] = queue.Queue()
        self._executors = [PluginExecutor(extra_plugins=extra_plugins) for _ in range(workers)]
        self._threads = [
            threading.Thread(target=self._work, args=(executor,), daemon=True, name=f"jobs-{i}")
            for i, executor in enumerate(self._executors)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, invocation_id: UUID) -> None:
        self._queue.put(invocation_id)

    def join(self) -> None:
        """Wait until every submitted invocation has been run (for tests and scripts)."""
        self._queue.join()

    def _work(self, executor: PluginExecutor) -> None:
        try:
            executor.warm()  # load the plugins now, not on the first officer's request
        except Exception:
            log.exception("the plugin process did not start; it is retried on the first job")
        while True:
            try:
                invocation_id = self._queue.get(timeout=self.release_every_s)
            except queue.Empty:
                self._release_queued()
                continue
            try:
                if invocation_id is None:
                    return
                self.gateway.execute(invocation_id, executor)
            except Exception:
                log.exception("invocation %s could not be run", invocation_id)
            finally:
                self._queue.task_done()

    def _release_queued(self) -> None:
        try:
            self.gateway.release_queued()
        except Exception:
            log.exception("queued invocations could not be released")

    def close(self) -> None:
        for _thread in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=60)
        for executor in self._executors:
            executor.close()
