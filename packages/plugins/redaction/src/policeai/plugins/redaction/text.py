"""Tokens and letter case: how the tool reads a narrative before it looks for personal data.

Narratives come in three hands. A 999 call log is in CAPITALS; an officer's pocket-book
report is often all in lower case; a witness statement is written normally. The small spaCy
model finds names by their capital letters, so it sees a *case-restored copy* of a CAPITALS or
lower-case narrative: ordinary English words in lower case and every other word (a likely
name) capitalised. The copy has exactly the original's length, so every offset found in it
is an offset into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from policeai.plugins.redaction.lexicon import Lexicon

Style = Literal["upper", "lower", "mixed"]

#: Shorthand with slashes ("s/o", "i/p"), a word ("O'Brien", "Smith-Jones"), a number or a
#: mixed run of letters and digits ("14a", "07700", "a58", "ls13"), or one other character.
_LETTERS = r"[^\W\d_]+"
_WORD_PATTERN = rf"{_LETTERS}(?:['\u2019\-]{_LETTERS})*"
_TOKEN = re.compile(r"[^\W_]+(?:/[^\W_]+)+|[^\W_]+(?:['\u2019\-][^\W_]+)*|\S")
_WORD = re.compile(_WORD_PATTERN)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha() and "/" not in self.text and not self.has_digit

    @property
    def has_digit(self) -> bool:
        return any(char.isdigit() for char in self.text)

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()


def tokenise(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def style_of(text: str) -> Style:
    """Whether the text is written in CAPITALS, all in lower case, or normally."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return "mixed"
    upper = sum(char.isupper() for char in letters) / len(letters)
    if upper > 0.6:
        return "upper"
    first = letters[0]
    lower_pronoun = re.search(r"(?:^|[\s,.;])i(?:[\s,.;']|$)", text) is not None
    if upper < 0.15 and (first.islower() or lower_pronoun):
        return "lower"
    return "mixed"


def _capitalised(word: str) -> str:
    restored = word[:1].upper() + word[1:].lower()
    return restored if len(restored) == len(word) else word  # "ß" would become "SS"


def restore_case(text: str, lexicon: Lexicon, style: Style | None = None) -> str:
    """A copy of ``text``, of the same length, with the case a name finder expects."""
    style = style or style_of(text)
    if style == "mixed":
        return text

    def restore(match: re.Match[str]) -> str:
        word = match.group()
        likely_name = lexicon.is_forename(word) or not lexicon.is_known(word)
        if style == "upper":
            lower = word.lower()
            return _capitalised(word) if likely_name or len(lower) != len(word) else lower
        if word.islower() and likely_name:  # style "lower": keep what the writer capitalised
            return _capitalised(word)
        return word

    return _WORD.sub(restore, text)
