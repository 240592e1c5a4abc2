"""The platform assembled from settings: event store, read models, access log, users.

One place builds everything, so the web app, the CLI, the benchmarks and the tests all get
the same wiring; which backend is used (SQLite or PostgreSQL) is only a matter of settings.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.projection import BaseProjectionRunner

from policeai.core.accesslog import AccessLog
from policeai.core.cases.application import Cases
from policeai.core.cases.projection import CaseProjection
from policeai.core.cases.views import CaseViews
from policeai.core.database import make_engine, metadata
from policeai.core.settings import Settings, get_settings
from policeai.core.users import Users


class Platform:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.settings.ensure_data_dir()
        self.engine = make_engine(self.settings.database_url)
        metadata.create_all(self.engine)
        self.env = {
            **self.settings.event_store_env(),
            "POLICEAI_SNAPSHOT_INTERVAL": str(self.settings.snapshot_interval),
        }
        self.access_log = AccessLog(self.engine, self.settings.session_secret())
        self.cases = Cases(self.env, access_log=self.access_log)
        self.views = CaseViews(self.engine, self.access_log)
        self.users = Users(self.engine)
        self._runner: BaseProjectionRunner[Any] | None = None

    # -- projections --------------------------------------------------------------------------

    def start_projections(self) -> None:
        """Start eventsourcing's projection runner: it catches up, then follows new events."""
        if self._runner is not None:
            return
        self._runner = BaseProjectionRunner(
            projection=CaseProjection(view=self.views),
            application_class=Cases,
            tracking_recorder=self.views,
            topics=(),
            env=self.env,
        ).__enter__()

    def stop_projections(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            runner.__exit__(None, None, None)

    def wait_for_projections(self, timeout: float = 30.0) -> None:
        """Block until the read models include every event recorded so far."""
        if self._runner is None:
            self.start_projections()
        assert self._runner is not None
        self._runner.wait(self.cases.recorder.max_notification_id(), timeout=timeout)

    def rebuild_projections(self) -> None:
        """Empty the read models and replay the whole event log into them."""
        self.stop_projections()
        self.views.reset()
        self.start_projections()
        self.wait_for_projections(timeout=600)

    def close(self) -> None:
        self.stop_projections()
        self.cases.close()
        self.engine.dispose()

    def __enter__(self) -> Platform:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
