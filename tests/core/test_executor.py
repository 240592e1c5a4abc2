"""The plugin executor: a plugin that raises, hangs, crashes or answers nonsense never takes
the caller down, and the same executor answers the next call correctly."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator

import misbehaving_plugins
import msgspec
import pytest
from misbehaving_plugins import ANSWER, PLUGINS

from policeai.core.invocations.executor import (
    PluginCallError,
    PluginCrashed,
    PluginExecutor,
    PluginRaised,
    PluginTimeout,
)
from policeai.core.plugins.types import OffenceSuggestionRequest, OffenceSuggestions

HOOK = "policeai_suggest_offences"
PAYLOAD = msgspec.json.encode(OffenceSuggestionRequest("My bike was stolen from outside the shop"))


@pytest.fixture(scope="module")
def executor() -> Iterator[PluginExecutor]:
    with PluginExecutor(extra_plugins=PLUGINS) as executor:
        executor.warm()
        yield executor


def good_call(executor: PluginExecutor) -> OffenceSuggestions:
    out = executor.call("good", HOOK, PAYLOAD, timeout=30)
    return msgspec.json.decode(out, type=OffenceSuggestions)


def pid_is_gone(pid: int) -> bool:
    """True once the process is reaped (a zombie still answers signal 0)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_plugins_module_is_importable_by_the_name_the_child_uses():
    assert misbehaving_plugins.__name__ == "misbehaving_plugins"


def test_a_good_plugin_answers_with_its_json(executor):
    assert good_call(executor) == ANSWER


def test_the_builtin_keyword_suggester_is_reachable(executor):
    out = executor.call("keyword-offence-suggester", HOOK, PAYLOAD, timeout=30)
    suggestions = msgspec.json.decode(out, type=OffenceSuggestions).suggestions
    assert suggestions[0].code == "44"


@pytest.mark.parametrize(
    ("plugin_id", "error", "error_class", "message"),
    [
        ("raising", PluginRaised, "ValueError", "narrative too short"),
        ("hanging", PluginTimeout, "PluginTimeout", "did not answer"),
        ("self-killing", PluginCrashed, "PluginCrashed", f"code {-signal.SIGKILL}"),
        ("unencodable", PluginRaised, "UnencodableOutput", "object"),
        ("no-such-plugin", PluginRaised, "NotFoundError", "no-such-plugin"),
    ],
)
def test_a_failing_plugin_raises_in_bounded_time_and_the_caller_carries_on(
    executor, plugin_id, error, error_class, message
):
    child = executor.process
    assert child is not None
    pid = child.pid
    started = time.monotonic()
    with pytest.raises(error) as raised:
        executor.call(plugin_id, HOOK, PAYLOAD, timeout=1.5)
    assert time.monotonic() - started < 5
    assert isinstance(raised.value, PluginCallError)
    assert raised.value.error_class == error_class
    assert message in raised.value.message
    assert good_call(executor) == ANSWER
    if error in (PluginTimeout, PluginCrashed):
        assert pid is not None
        assert pid_is_gone(pid), "the killed child was left a zombie"
        assert executor.process is not None
        assert executor.process.pid != pid


def test_a_wrong_shape_comes_back_as_json_that_fails_validation(executor):
    out = executor.call("wrong-shape", HOOK, PAYLOAD, timeout=5)
    assert msgspec.json.decode(out) == {"suggestions": [{"code": 5}]}
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(out, type=OffenceSuggestions)
    assert good_call(executor) == ANSWER


@pytest.mark.parametrize(
    ("hook", "payload", "error_class"),
    [
        ("policeai_no_such_hook", PAYLOAD, "NotFoundError"),
        (HOOK, b'{"narrative": ""}', "ValidationError"),
        (HOOK, b"not json", "DecodeError"),
    ],
)
def test_a_bad_request_is_refused_by_name(executor, hook, payload, error_class):
    with pytest.raises(PluginRaised) as raised:
        executor.call("good", hook, payload, timeout=5)
    assert raised.value.error_class == error_class
    assert good_call(executor) == ANSWER


class AlarmInterruptError(Exception):
    pass


def test_an_interrupted_call_kills_the_child_so_its_late_answer_is_never_read(executor):
    def interrupt(signum: int, frame: object) -> None:
        raise AlarmInterruptError

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(AlarmInterruptError):
            executor.call("slow", HOOK, PAYLOAD, timeout=10)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert good_call(executor) == ANSWER


def test_the_child_ignores_sigint(executor):
    assert good_call(executor) == ANSWER
    child = executor.process
    assert child is not None
    assert child.pid is not None
    os.kill(child.pid, signal.SIGINT)
    time.sleep(0.2)
    assert child.is_alive()
    assert good_call(executor) == ANSWER


def test_concurrent_callers_take_turns(executor):
    results: list[OffenceSuggestions] = []

    def worker() -> None:
        results.append(good_call(executor))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [ANSWER] * 4


def test_close_leaves_no_live_child():
    with PluginExecutor(extra_plugins=PLUGINS) as executor:
        assert executor.process is None  # started lazily
        assert good_call(executor) == ANSWER
        child = executor.process
        assert child is not None
        pid = child.pid
        assert pid is not None
        assert pid in {p.pid for p in multiprocessing.active_children()}
    assert executor.process is None
    assert pid not in {p.pid for p in multiprocessing.active_children()}
    assert pid_is_gone(pid)
    # A closed executor starts afresh when called again.
    assert good_call(executor) == ANSWER
    executor.close()
    assert executor.process is None


def test_a_plugin_module_that_cannot_load_is_reported_and_nothing_is_left_running():
    with PluginExecutor(extra_plugins=["no_such_module_anywhere"]) as executor:
        with pytest.raises(PluginRaised) as raised:
            executor.warm()
        assert raised.value.error_class == "ModuleNotFoundError"
        assert executor.process is None
