"""Police.AI job workers: AI invocations run by arq worker processes on Redis.

:class:`policeai.worker.runner.ArqRunner` submits invocations from synchronous code (the web
app, the CLI); :class:`policeai.worker.settings.WorkerSettings` is what ``arq`` runs.
"""
