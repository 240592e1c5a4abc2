"""A deterministic keyword offence suggester: the smallest real tool, so the whole path
(catalogue, gateway, worker, suggestion, human decision) works before the real tools land.

It scores each Home Office offence classification by the keywords found in the narrative
and explains every suggestion by the words that matched.
"""

from __future__ import annotations

import re

from policeai.core.cases.offences import get_offence
from policeai.core.plugins import hookimpl
from policeai.core.plugins.manifest import Manifest, Publisher
from policeai.core.plugins.types import (
    OffenceSuggestion,
    OffenceSuggestionRequest,
    OffenceSuggestions,
)

VERSION = "1.0.0"

#: Offence code -> keywords (lower case; a trailing * matches any ending).
KEYWORDS: dict[str, tuple[str, ...]] = {
    "28E": ("burglar*", "broke into", "break-in", "forced entry", "house", "home", "dwelling"),
    "30C": ("burglar*", "shop", "office", "warehouse", "premises", "shed", "garage"),
    "46": ("shoplift*", "store", "shop", "security guard", "concealed", "left without paying"),
    "45": ("car window", "from the car", "from a vehicle", "from his car", "from her car"),
    "48": ("stole the car", "car stolen", "vehicle stolen", "taken without", "keys"),
    "44": ("bike", "bicycle", "cycle"),
    "39": ("pickpocket*", "snatched", "from her bag", "from his pocket", "phone snatch*"),
    "34B": ("robbed", "robbery", "threatened", "demanded", "mugged", "knife"),
    "34A": ("robbery", "till", "cashier", "demanded cash"),
    "8N": ("punched", "injur*", "bleeding", "broken nose", "bruis*", "hospital", "assault*"),
    "105A": ("pushed", "shoved", "slapped", "spat", "assault*", "grabbed"),
    "5D": ("stabbed", "serious injur*", "life-changing", "glassed"),
    "8L": ("harass*", "messages", "texts", "calls", "repeated*"),
    "8Q": ("stalk*", "followed", "watching", "turned up"),
    "58A": ("damage*", "smashed", "window", "door", "graffiti"),
    "58C": ("scratched", "keyed", "tyres", "slashed", "wing mirror", "damage*"),
    "56B": ("fire", "arson", "set alight", "burnt", "burned"),
    "92A": ("dealing", "supply", "county lines", "wraps", "drugs"),
    "10D": ("knife", "blade", "lock knife", "machete"),
    "9A": ("shouting", "abusive", "threatening behaviour", "alarm", "distress"),
    "49": ("stolen", "theft", "stole", "taken"),
}


def _pattern(keyword: str) -> re.Pattern[str]:
    stem = re.escape(keyword.rstrip("*"))
    tail = r"\w*" if keyword.endswith("*") else r"\b"
    return re.compile(rf"\b{stem}{tail}", re.IGNORECASE)


PATTERNS = {code: [(kw, _pattern(kw)) for kw in kws] for code, kws in KEYWORDS.items()}


@hookimpl
def policeai_manifest() -> Manifest:
    return Manifest(
        id="keyword-offence-suggester",
        version=VERSION,
        name="Keyword offence suggester",
        publisher=Publisher(name="Police.AI", kind="police.ai"),
        capabilities=["offence_suggestion"],
        data_categories=["personal"],
        max_classification="OFFICIAL-SENSITIVE",
        model_name="keyword rules",
        model_version=VERSION,
        intended_use=(
            "Suggest Home Office offence classifications for a crime narrative, each with "
            "the words that led to it, for the recording officer to choose from."
        ),
        known_limitations=(
            "Matches keywords only: it does not understand negation, context or intent, "
            "and it knows a small set of common offences."
        ),
        human_review_required=True,
    )


@hookimpl
def policeai_suggest_offences(request: OffenceSuggestionRequest) -> OffenceSuggestions:
    text = request.narrative
    if not text.strip():
        raise ValueError("the narrative is empty: there is nothing to classify")
    scored: list[tuple[float, str, list[str]]] = []
    for code, patterns in PATTERNS.items():
        matched = [kw.rstrip("*") for kw, pattern in patterns if pattern.search(text)]
        if matched:
            scored.append((len(matched) / len(patterns), code, matched))
    scored.sort(key=lambda item: (-item[0], -len(item[2]), item[1]))
    suggestions = []
    for score, code, matched in scored[: request.limit]:
        offence = get_offence(code)
        suggestions.append(
            OffenceSuggestion(
                code=offence.code,
                description=offence.description,
                group=offence.group,
                score=round(min(1.0, score), 3),
                reason="the narrative mentions " + ", ".join(f"'{m}'" for m in matched),
            )
        )
    return OffenceSuggestions(suggestions=suggestions)
