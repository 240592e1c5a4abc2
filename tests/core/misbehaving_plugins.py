"""Plugins that misbehave in every way a plugin can, for the executor's tests.

Imported by name (``misbehaving_plugins``) in the executor's spawned child, which inherits the
test process's ``sys.path`` (pytest puts this folder on it).
"""

from __future__ import annotations

import os
import signal
import time

import msgspec

from policeai.core.plugins import hookimpl
from policeai.core.plugins.builtin import keyword_offences
from policeai.core.plugins.types import (
    OffenceSuggestion,
    OffenceSuggestionRequest,
    OffenceSuggestions,
)

ANSWER = OffenceSuggestions(
    [OffenceSuggestion("44", "Theft of a pedal cycle", "Theft", 0.9, "the word 'bike'")]
)
SLOW_ANSWER = OffenceSuggestions(
    [OffenceSuggestion("SLOW", "A late answer", "Late", 0.1, "answered after a sleep")]
)


def manifest(plugin_id: str) -> dict[str, object]:
    data = msgspec.to_builtins(keyword_offences.policeai_manifest())
    data.update(id=plugin_id, capabilities=["offence_suggestion"])
    return data


class GoodPlugin:
    @hookimpl
    def policeai_manifest(self) -> dict[str, object]:
        return manifest("good")

    @hookimpl
    def policeai_suggest_offences(self, request: OffenceSuggestionRequest) -> OffenceSuggestions:
        return ANSWER


class RaisingPlugin:
    @hookimpl
    def policeai_manifest(self) -> dict[str, object]:
        return manifest("raising")

    @hookimpl
    def policeai_suggest_offences(self, request: OffenceSuggestionRequest) -> OffenceSuggestions:
        raise ValueError("narrative too short")


class HangingPlugin:
    @hookimpl
    def policeai_manifest(self) -> dict[str, object]:
        return manifest("hanging")

    @hookimpl
    def policeai_suggest_offences(self, request: OffenceSuggestionRequest) -> OffenceSuggestions:
        time.sleep(60)
        return ANSWER


class SlowPlugin:
    """Answers after a second: long enough to be interrupted mid-call."""

    @hookimpl
    def policeai_manifest(self) -> dict[str, object]:
        return manifest("slow")

    @hookimpl
    def policeai_suggest_offences(self, request: OffenceSuggestionRequest) -> OffenceSuggestions:
        time.sleep(1.0)
        return SLOW_ANSWER


class SelfKillingPlugin:
    @hookimpl
    def policeai_manifest(self) -> dict[str, object]:
        return manifest("self-killing")

    @hookimpl
    def policeai_suggest_offences(self, request: OffenceSuggestionRequest) -> OffenceSuggestions:
        os.kill(os.getpid(), signal.SIGKILL)
        return ANSWER


class WrongShapePlugin:
    @hookimpl
    def policeai_manifest(self) -> dict[str, object]:
        return manifest("wrong-shape")

    @hookimpl
    def policeai_suggest_offences(self, request: OffenceSuggestionRequest) -> object:
        return {"suggestions": [{"code": 5}]}


class UnencodablePlugin:
    @hookimpl
    def policeai_manifest(self) -> dict[str, object]:
        return manifest("unencodable")

    @hookimpl
    def policeai_suggest_offences(self, request: OffenceSuggestionRequest) -> object:
        return object()


PLUGINS = [
    f"{__name__}:{cls.__name__}"
    for cls in (
        GoodPlugin,
        RaisingPlugin,
        HangingPlugin,
        SlowPlugin,
        SelfKillingPlugin,
        WrongShapePlugin,
        UnencodablePlugin,
    )
]
