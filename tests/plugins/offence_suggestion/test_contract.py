"""The offence suggester keeps the contract every Police.AI plugin keeps."""

from __future__ import annotations

from policeai.core.plugins.testing import PluginContractTests
from policeai.core.plugins.types import OffenceSuggestionRequest


class TestOffenceSuggesterContract(PluginContractTests):
    plugin_id = "offence-suggester"
    sample_inputs = {  # noqa: RUF012 - the kit's class-level inputs
        "policeai_suggest_offences": OffenceSuggestionRequest(
            narrative=(
                "Someone forced the rear door of the victim's house overnight and stole a "
                "laptop and jewellery."
            )
        )
    }
    bad_inputs = {  # noqa: RUF012
        "policeai_suggest_offences": OffenceSuggestionRequest(narrative="   ")
    }
