"""The plugin's hooks: its manifest and ``policeai_suggest_offences``."""

from __future__ import annotations

from policeai.core.cases.offences import get_offence
from policeai.core.plugins import hookimpl
from policeai.core.plugins.manifest import Manifest, Publisher
from policeai.core.plugins.types import (
    OffenceSuggestion,
    OffenceSuggestionRequest,
    OffenceSuggestions,
)
from policeai.plugins.offence_suggestion import VERSION
from policeai.plugins.offence_suggestion.evidence import find_evidence
from policeai.plugins.offence_suggestion.language import MODEL
from policeai.plugins.offence_suggestion.rules import rank, reason_text

PLUGIN_ID = "offence-suggester"
#: Narratives longer than this are refused: a case file is not a narrative.
MAX_CHARACTERS = 20_000


@hookimpl
def policeai_manifest() -> Manifest:
    return Manifest(
        id=PLUGIN_ID,
        version=VERSION,
        name="Offence suggester",
        publisher=Publisher(name="Police.AI", kind="police.ai"),
        capabilities=["offence_suggestion"],
        data_categories=["personal"],
        max_classification="OFFICIAL-SENSITIVE",
        model_name=f"spaCy {MODEL} with weighted offence cue rules",
        model_version=VERSION,
        intended_use=(
            "Suggest Home Office offence classifications for a crime narrative, ranked, each "
            "with the narrative's words that led to it, for the recording officer to choose "
            "from when making the Crime Recording Decision."
        ),
        known_limitations=(
            "Rules written for about 60 common classifications; it reads only the narrative it "
            "is given, in English. It understands simple negation ('did not take anything', "
            "'no injuries') but not every way of saying something did not happen, and cannot "
            "judge intent, consent or ownership beyond the words used. A narrative that "
            "describes several offences gets one ranked list. The officer decides."
        ),
        human_review_required=True,
    )


@hookimpl
def policeai_suggest_offences(request: OffenceSuggestionRequest) -> OffenceSuggestions:
    text = request.narrative
    if not text.strip():
        raise ValueError("the narrative is empty: there is nothing to classify")
    if len(text) > MAX_CHARACTERS:
        raise ValueError(
            f"the narrative is {len(text)} characters long; at most {MAX_CHARACTERS} can be "
            "classified: give the narrative of the crime, not the whole case file"
        )
    ranked = rank(find_evidence(text))
    suggestions = []
    for item in ranked[: request.limit]:
        offence = get_offence(item.code)
        suggestions.append(
            OffenceSuggestion(
                code=offence.code,
                description=offence.description,
                group=offence.group,
                score=round(min(1.0, max(0.0, item.score)), 3),
                reason=reason_text(item),
            )
        )
    return OffenceSuggestions(suggestions=suggestions)
