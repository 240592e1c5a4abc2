"""A plugin that does nothing but answer, for measuring what the gateway costs around a call.

Registered with ``POLICEAI_EXTRA_PLUGINS=noop_plugin:NoopPlugin`` (``benchmarks`` on
``PYTHONPATH``). Its one suggestion is built once, so the call itself costs next to nothing.
"""

from __future__ import annotations

from policeai.core.plugins import hookimpl
from policeai.core.plugins.manifest import Manifest, Publisher
from policeai.core.plugins.types import (
    OffenceSuggestion,
    OffenceSuggestionRequest,
    OffenceSuggestions,
)

PLUGIN_ID = "noop"
VERSION = "1.0.0"
ANSWER = OffenceSuggestions(
    [OffenceSuggestion("44", "Theft of a pedal cycle", "Theft", 0.9, "the word 'bike'")]
)


class NoopPlugin:
    @hookimpl
    def policeai_manifest(self) -> Manifest:
        return Manifest(
            id=PLUGIN_ID,
            version=VERSION,
            name="No-op offence suggester",
            publisher=Publisher(name="Police.AI benchmarks", kind="police.ai"),
            capabilities=["offence_suggestion"],
            data_categories=["personal"],
            max_classification="OFFICIAL-SENSITIVE",
            model_name="none",
            model_version=VERSION,
            intended_use="Benchmarks only: answers every request with the same suggestion.",
            known_limitations="It reads nothing: its answer means nothing.",
            human_review_required=True,
        )

    @hookimpl
    def policeai_suggest_offences(self, request: OffenceSuggestionRequest) -> OffenceSuggestions:
        return ANSWER
