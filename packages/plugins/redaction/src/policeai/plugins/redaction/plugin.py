"""The redaction-for-disclosure tool's plugin: its manifest and its ``policeai_redact`` hook.

The model is loaded on the first request (a few seconds) and kept for the process's life.
Importing this module stays light (no spaCy, no Presidio), so that every process that loads
the plugin host - the gateway's worker child included - starts quickly.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from policeai.core.plugins import hookimpl
from policeai.core.plugins.manifest import Manifest, Publisher
from policeai.core.plugins.types import RedactionRequest, RedactionResult
from policeai.plugins.redaction import MODEL, VERSION

if TYPE_CHECKING:
    from policeai.plugins.redaction.redactor import Redactor

_lock = threading.Lock()
_redactor: Redactor | None = None


def redactor() -> Redactor:
    """The process's redactor, built on first use."""
    global _redactor  # noqa: PLW0603 - one loaded model per process
    with _lock:
        if _redactor is None:
            from policeai.plugins.redaction.redactor import Redactor

            _redactor = Redactor()
        return _redactor


@hookimpl
def policeai_manifest() -> Manifest:
    return Manifest(
        id="redaction",
        version=VERSION,
        name="Redaction for disclosure",
        publisher=Publisher(name="Police.AI", kind="police.ai"),
        capabilities=["redaction"],
        data_categories=["personal", "special_category"],
        max_classification="OFFICIAL-SENSITIVE",
        model_name=f"Microsoft Presidio with spaCy {MODEL} and UK recognisers",
        model_version=VERSION,
        intended_use=(
            "Prepare a case's statements and reports for disclosure: replace names, dates of "
            "birth, addresses, postcodes, telephone numbers, e-mail addresses, National "
            "Insurance numbers and registration marks with pseudonyms that stay the same for "
            "the same person across the case, for a disclosure officer to check."
        ),
        known_limitations=(
            "It finds names from the small spaCy model and from cues (titles, roles, common "
            "forenames), so a name with no cue, especially one that is also an ordinary word, "
            "may be missed. It does not redact places that are not street addresses, "
            "descriptions that identify someone, or details only a reader of the case "
            "would recognise. English text only. A person must review every redacted document "
            "before it is disclosed."
        ),
        human_review_required=True,
    )


@hookimpl
def policeai_redact(request: RedactionRequest) -> RedactionResult:
    return redactor().redact(request)
