"""eventsourcing's SQLite persistence, with subscriptions so projection runners work on it.

The library's SQLite application recorder does not support ``subscribe()``, which its
projection runner needs. SQLite has no LISTEN/NOTIFY, so this subscription polls the
notification log's maximum id (a cheap indexed query) and pulls new notifications exactly as
the library's PostgreSQL LISTEN/NOTIFY subscription does. Select it with
``PERSISTENCE_MODULE=policeai.core.persistence.sqlite:Factory``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from threading import Thread
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, ListenNotifySubscription, Subscription
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteFactory

POLL_SECONDS = 0.05


class SQLitePollingSubscription(ListenNotifySubscription["PollingSQLiteApplicationRecorder"]):
    def __init__(
        self,
        recorder: PollingSQLiteApplicationRecorder,
        gt: int | None = None,
        topics: Sequence[str] = (),
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._poll_thread = Thread(target=self._poll, daemon=True)
        self._poll_thread.start()

    def __exit__(self, *args: object, **kwargs: Any) -> None:
        try:
            super().__exit__(*args, **kwargs)
        finally:
            self._poll_thread.join()

    def _poll(self) -> None:
        seen = self._last_notification_id or 0
        try:
            while not self._has_been_stopped and not self._thread_error:
                latest = self._recorder.max_notification_id() or 0
                if latest > seen:
                    seen = latest
                    self._has_been_notified.set()
                time.sleep(POLL_SECONDS)
        except BaseException as e:  # surfaced through the subscription, as the library does
            if self._thread_error is None:
                self._thread_error = e
            self.stop()


class PollingSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return SQLitePollingSubscription(recorder=self, gt=gt, topics=topics)


class Factory(SQLiteFactory):
    application_recorder_class = PollingSQLiteApplicationRecorder
