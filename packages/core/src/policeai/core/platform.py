"""The platform assembled from settings: event store, read models, access log, users, the
plugin host, the catalogue view and the invocation gateway.

One place builds everything, so the web app, the CLI, the workers, the benchmarks and the
tests all get the same wiring; which backend is used (SQLite or PostgreSQL, in-process jobs
or arq on Redis) is only a matter of settings.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.projection import BaseProjectionRunner, Projection

from policeai.core.accesslog import AccessLog
from policeai.core.cases.application import Cases
from policeai.core.cases.projection import CaseProjection
from policeai.core.cases.views import CaseViews
from policeai.core.catalogue.installations import Installations
from policeai.core.catalogue.view import LocalCatalogue
from policeai.core.database import make_engine, metadata
from policeai.core.invocations.gateway import Gateway, GatewayConfig, JobRunner
from policeai.core.invocations.projection import InvocationProjection
from policeai.core.invocations.views import InvocationViews
from policeai.core.plugins.host import PluginHost
from policeai.core.settings import Settings, get_settings
from policeai.core.tracking import SQLTrackingRecorder
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
        self.cases.statement_source = self.views.statements
        self.invocation_views = InvocationViews(self.engine)
        self.users = Users(self.engine)
        self.host = PluginHost()
        for spec in self.settings.extra_plugins:
            self.host.register_spec(spec)
        self.catalogue = LocalCatalogue(self.engine)
        self.installations = Installations(self.engine)
        self.gateway = Gateway(
            records=self.cases,
            host=self.host,
            catalogue=self.catalogue,
            installations=self.installations,
            views=self.invocation_views,
            config=GatewayConfig(
                timeout_s=self.settings.plugin_timeout_s,
                cache_window_s=self.settings.invocation_cache_s,
            ),
        )
        self._runners: list[BaseProjectionRunner[Any]] = []

    # -- projections --------------------------------------------------------------------------

    def _projections(self) -> list[tuple[Projection[Any], SQLTrackingRecorder]]:
        return [
            (CaseProjection(view=self.views), self.views),
            (InvocationProjection(view=self.invocation_views), self.invocation_views),
        ]

    def start_projections(self) -> None:
        """Start eventsourcing's projection runners: they catch up, then follow new events."""
        if self._runners:
            return
        for projection, view in self._projections():
            runner = BaseProjectionRunner(
                projection=projection,
                application_class=Cases,
                tracking_recorder=view,
                topics=(),
                env=self.env,
            )
            self._runners.append(runner.__enter__())

    def stop_projections(self) -> None:
        runners, self._runners = self._runners, []
        for runner in runners:
            runner.__exit__(None, None, None)

    def wait_for_projections(self, timeout: float = 30.0) -> None:
        """Block until the read models include every event recorded so far."""
        if not self._runners:
            self.start_projections()
        head = self.cases.recorder.max_notification_id()
        for runner in self._runners:
            runner.wait(head, timeout=timeout)

    def rebuild_projections(self) -> None:
        """Empty the read models and replay the whole event log into them."""
        self.stop_projections()
        self.views.reset()
        self.invocation_views.reset()
        self.start_projections()
        self.wait_for_projections(timeout=600)

    # -- jobs ---------------------------------------------------------------------------------

    def start_jobs(self, runner: JobRunner | None = None) -> JobRunner:
        """Attach a job runner to the gateway: the given one (arq), or in-process threads."""
        if self.gateway.runner is None:
            if runner is None:
                from policeai.core.invocations.runners import InProcessRunner

                runner = InProcessRunner(
                    self.gateway,
                    workers=self.settings.job_workers,
                    extra_plugins=self.settings.extra_plugins,
                )
            self.gateway.runner = runner
        return self.gateway.runner

    def close(self) -> None:
        if self.gateway.runner is not None:
            self.gateway.runner.close()
            self.gateway.runner = None
        self.stop_projections()
        self.cases.close()
        self.engine.dispose()

    def __enter__(self) -> Platform:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
