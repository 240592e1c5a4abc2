"""Run plugin hook calls in a child process the caller can kill.

A plugin that hangs past its timeout, crashes, or kills its own process never takes the
caller down: the child is killed (or found dead), the call raises a :class:`PluginCallError`,
and the next call starts a fresh child. One long-lived child builds the :class:`PluginHost`
once (so models load once) and serves requests over a pipe, one at a time.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any, Self

import msgspec

_Reply = tuple[str, str, bytes | str]  # ("ok", "", json) | ("error", class name, message)


class PluginCallError(Exception):
    """A plugin call failed; ``error_class`` and ``message`` say how, fit to record."""

    error_class: str = "PluginCallError"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class PluginTimeout(PluginCallError):  # noqa: N818 - the API's names
    """The plugin did not answer in time; its process was killed."""

    error_class = "PluginTimeout"


class PluginCrashed(PluginCallError):  # noqa: N818 - the API's names
    """The plugin's process died mid-call; the message gives its exit code."""

    error_class = "PluginCrashed"


class PluginRaised(PluginCallError):  # noqa: N818 - the API's names
    """The plugin (or the host, e.g. for an unknown plugin) raised an exception."""

    def __init__(self, error_class: str, message: str) -> None:
        Exception.__init__(self, error_class, message)
        self.error_class = error_class
        self.message = message


def _serve_one(host: Any, signatures: dict[str, Any], request: tuple[str, str, bytes]) -> _Reply:
    plugin_id, hook, payload = request
    if hook not in signatures or hook == "policeai_manifest":
        return ("error", "NotFoundError", f"no hook {hook!r} can be called through the executor")
    signature = signatures[hook]
    try:
        value = msgspec.json.decode(payload, type=signature.input_type)
        result = host.call(plugin_id, hook, **{signature.argument: value})
    except BaseException as error:  # the plugin's failure is the caller's answer
        return ("error", type(error).__name__, str(error))
    try:
        return ("ok", "", msgspec.json.encode(result))
    except Exception as error:
        return (
            "error",
            "UnencodableOutput",
            f"the plugin returned {type(result).__name__}: {error}",
        )


def _child_main(conn: Connection, extra_plugins: Sequence[str]) -> None:
    """The child: build the host once, report ready, then answer requests until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        from policeai.core.plugins.host import PluginHost, hook_signatures

        host = PluginHost()
        for spec in extra_plugins:
            host.register_spec(spec)
        signatures = hook_signatures()
    except BaseException as error:
        conn.send(("error", type(error).__name__, f"the plugin host did not start: {error}"))
        return
    conn.send(("ready", "", b""))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the parent went away
            return
        if request is None:
            return
        try:
            conn.send(_serve_one(host, signatures, request))
        except OSError:  # the parent went away mid-call (killed, or it gave up on us)
            return


class PluginExecutor:
    """Run plugin hooks in a killable child process, one call at a time (thread-safe).

    Callers that want parallelism create several executors. The child starts lazily on the
    first call (or eagerly with :meth:`warm`) and is restarted lazily after it is killed or dies.
    """

    #: Seconds the child may take to build its plugin host (import plugins, load models).
    startup_timeout: float = 300.0

    def __init__(self, *, extra_plugins: Sequence[str] = (), start_method: str = "spawn") -> None:
        self._extra_plugins = tuple(extra_plugins)
        self._context = multiprocessing.get_context(start_method)
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    @property
    def process(self) -> BaseProcess | None:
        """The current child process, if one is running."""
        return self._process

    def warm(self) -> None:
        """Start the child now and wait until its plugin host is ready."""
        with self._lock:
            self._ensure_started()

    def call(self, plugin_id: str, hook: str, payload: bytes, *, timeout: float) -> bytes:
        """Call ``hook`` of ``plugin_id`` with a JSON ``payload``; return the result's JSON."""
        with self._lock:
            self._ensure_started()
            status, error_class, body = self._exchange(
                (plugin_id, hook, payload), timeout, f"plugin {plugin_id!r} during {hook}"
            )
            if status == "ok" and isinstance(body, bytes):
                return body
            raise PluginRaised(error_class, str(body))

    def close(self) -> None:
        """Stop the child (asking first, then killing it); the executor can be used again."""
        with self._lock:
            self._stop(ask=True, grace=2.0)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- the child's life (called with the lock held) -----------------------------------------

    def _ensure_started(self) -> None:
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return
        self._stop()  # reap a child that died between calls
        parent_conn, child_conn = self._context.Pipe()
        process = self._context.Process(
            target=_child_main,
            args=(child_conn, self._extra_plugins),
            name="policeai-plugin-executor",
            daemon=True,
        )
        process.start()
        child_conn.close()  # so the parent sees EOF when the child dies
        self._process, self._conn = process, parent_conn
        status, error_class, body = self._exchange(
            None, self.startup_timeout, "the plugin host while starting"
        )
        if status != "ready":
            self._stop()
            raise PluginRaised(error_class, str(body))

    def _exchange(self, request: object, timeout: float, what: str) -> _Reply:
        """Send ``request`` (unless None) and wait ``timeout`` seconds for the child's reply.

        On timeout the child is killed; if it died, :class:`PluginCrashed` gives its exit
        code. If the wait is interrupted (e.g. Ctrl-C) the child is killed too, so that its
        late answer can never be read as the answer to the next call.
        """
        assert self._conn is not None
        try:
            if request is not None:
                self._conn.send(request)
            reply: _Reply | None = self._conn.recv() if self._conn.poll(timeout) else None
        except (EOFError, OSError):  # the child died
            exitcode = self._stop(grace=2.0)  # it is dying: let it finish, to read its code
            raise PluginCrashed(
                f"{what} crashed: its process exited with code {exitcode}"
            ) from None
        except BaseException:
            self._stop()
            raise
        if reply is None:
            self._stop()
            raise PluginTimeout(f"{what} did not answer in {timeout:g} s; it was killed")
        return reply

    def _stop(self, *, ask: bool = False, grace: float = 0.0) -> int | None:
        """Stop and reap the child: ask it to leave if ``ask``, wait ``grace`` seconds, then
        kill it. Return its exit code (negative: killed by that signal)."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None and ask:
            with contextlib.suppress(OSError):
                conn.send(None)  # ask the child to leave
        if process is None:
            if conn is not None:
                conn.close()
            return None
        if grace > 0:
            process.join(timeout=grace)
        if process.is_alive():
            process.kill()
        process.join()
        if conn is not None:
            conn.close()
        exitcode = process.exitcode
        process.close()
        return exitcode
