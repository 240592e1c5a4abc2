"""A Presidio recogniser for people's names, from the cues police narratives give them.

The small spaCy model misses many names in narratives (more so in CAPITALS or all lower case,
even on the case-restored copy). This recogniser finds the rest from what surrounds them:

- a title: "Mrs Patel", "MR GRAHAM TOWNEND" (the title is part of the name);
- a role or a phrase that introduces a name: "caller Helen Fairburn", "ip susan clarke",
  "s/o mark hepworth", "my name is Rebecca Dunn", "known as Chloe", "his mates called him
  Robbo", "PC 2241"-style ranks ("dc james wright": the rank is not part of the name);
- a common forename followed by a surname: "Connor Riley", "DEAN MORLEY".

A word may start a name when it is a forename, a word the lexicon does not know, or (where
the writer uses capitals normally) a capitalised word; up to two more words may follow.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from policeai.plugins.redaction.addresses import STREET_SUFFIXES
from policeai.plugins.redaction.lexicon import (
    MONTHS,
    PLACE_WORDS,
    POLICE_WORDS,
    RANKS,
    TITLES,
    WEEKDAYS,
    Lexicon,
    words_of,
)
from policeai.plugins.redaction.text import Style, Token, style_of, tokenise

#: A word that, right before a name, introduces it ("caller", "ip", "victim", "named").
ROLE_CUES = words_of("""
    caller informant ip i/p victim suspect s/o s/o1 s/o2 s/o3 susp witness wit driver passenger
    occupant occupier owner keeper manager manageress caretaker groundsman guard detective staff
    neighbour partner ex husband wife boyfriend girlfriend son daughter mother father mum dad
    brother sister friend colleague male female man woman lad boy girl youth pupil child
    customer landlord landlady tenant resident named name aka a/k/a nicknamed surname forename
    cousin uncle aunt nephew niece grandson granddaughter grandmother grandfather nan grandad
    marshal steward cleaner teacher nurse head deputy assistant cashier shopkeeper worker
    employee boss mate associate offender prisoner detainee complainant buyer seller student
    member doorman bouncer receptionist supervisor director proprietor licensee carer
    injured deceased missing arrested detained
    """)
#: Phrases that introduce a name, as lower-case tokens.
PHRASE_CUES: tuple[tuple[str, ...], ...] = (
    ("known", "as"),
    ("name", "as"),
    ("name", "is"),
    ("name", "was"),
    ("name", "of"),
    ("names", "are"),
    ("i", "am"),
    ("i'm",),
    ("im",),
    ("i", ","),
    ("called",),
    ("calls",),
    ("call", "him"),
    ("call", "her"),
    ("calls", "him"),
    ("calls", "her"),
    ("called", "him"),
    ("called", "her"),
    ("calling", "himself"),
    ("calling", "herself"),
    ("called", "himself"),
    ("called", "herself"),
    ("know", "him", "as"),
    ("know", "her", "as"),
    ("knew", "him", "as"),
    ("knew", "her", "as"),
    ("to", "be"),
    ("this", "is"),
)
#: Parts of speech (from the model, on the case-restored copy) that a known word must have
#: to be taken as a surname: "Karen Wood", "ken moss" - not "graham stead reports".
NAME_POS = frozenset({"PROPN", "NOUN", "X"})

CUED = 0.8
TITLED = 0.85
GAZETTEER = 0.7
MAX_WORDS = 3


class UkNameRecogniser(EntityRecognizer):
    """Names of people from titles, role cues and forenames (see the module docstring)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        super().__init__(supported_entities=["PERSON"], name="UkNameRecogniser")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        reader = _Reader(text, self.lexicon, nlp_artifacts)
        return [
            RecognizerResult(
                "PERSON",
                start,
                end,
                score,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for start, end, score in reader.names()
        ]


class ModelNameRecogniser(SpacyRecognizer):
    """The spaCy model's PERSON entities (from the case-restored copy), without the role,
    rank or shorthand words around them ("Caller Joan Whitfield" -> "Joan Whitfield"), and
    without those that are plainly not a person ("Elland Rd", "Ambo Requested")."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        super().__init__(supported_entities=["PERSON"], name="ModelNameRecogniser")

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        kept = []
        for result in super().analyze(text, entities, nlp_artifacts) or []:
            trimmed = self._trim(text, result.start, result.end)
            if trimmed is not None:
                result.start, result.end = trimmed
                kept.append(result)
        return kept

    def _noise(self, token: Token) -> bool:
        lower = token.lower
        return (
            not token.text[0].isalpha()
            or lower in POLICE_WORDS
            or lower in ROLE_CUES
            or lower in RANKS
            or self.lexicon.is_stop(lower)
        )

    def _trim(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        tokens = tokenise(text[start:end])
        while tokens and self._noise(tokens[0]):
            tokens.pop(0)
        while tokens and self._noise(tokens[-1]):
            tokens.pop()
        if not tokens or any(t.has_digit for t in tokens):
            return None
        lexicon = self.lexicon
        last, first = tokens[-1].lower, tokens[0]
        forename = first.lower.rstrip(".") in TITLES or lexicon.is_forename(first.text)
        if last in PLACE_WORDS or (
            last in STREET_SUFFIXES and not (forename and lexicon.is_surname(last))
        ):
            return None  # "Elland Rd", "Boar Lane", "White Rose Centre" ("Karen Wood" is not)
        if not any(
            t.lower.rstrip(".") in TITLES
            or lexicon.is_forename(t.text)
            or lexicon.is_surname(t.text)
            or not lexicon.is_known(t.text)
            for t in tokens
        ):
            return None  # "Ambo Requested": ordinary words the model took for a name
        return start + tokens[0].start, start + tokens[-1].end


class _Reader:
    """One narrative's tokens, its style and the model's parts of speech."""

    def __init__(self, text: str, lexicon: Lexicon, nlp_artifacts: NlpArtifacts | None) -> None:
        self.text = text
        self.lexicon = lexicon
        self.style: Style = style_of(text)
        self.tokens = tokenise(text)
        self.pos: dict[int, str] = {}
        if nlp_artifacts is not None and nlp_artifacts.tokens is not None:
            self.pos = {token.idx: token.pos_ for token in nlp_artifacts.tokens}

    def names(self) -> list[tuple[int, int, float]]:
        found: list[tuple[int, int, float]] = []
        i = 0
        while i < len(self.tokens):
            name = self._name_at(i)
            if name is None:
                i += 1
                continue
            first, last, score = name
            found.append((self.tokens[first].start, self.tokens[last].end, score))
            i = last + 1
        return found

    def _name_at(self, i: int) -> tuple[int, int, float] | None:
        token = self.tokens[i]
        if token.lower.rstrip(".") in TITLES and self._titled(i):
            first = i + 2 if self.tokens[i + 1].text == "." else i + 1
            return i, self._extend(self._after_initials(first)), TITLED
        if self._cued(i) and self._starts_cued_name(i):
            return i, self._extend(i), CUED
        if self.lexicon.is_forename(token.text) and self.name_like(token):
            if self.style == "mixed" and not token.is_capitalised:
                return None
            nxt = self._next_word(i)
            if nxt is not None and self._surname_after_forename(self.tokens[nxt]):
                return i, self._extend(i), GAZETTEER
        return None

    # -- cues ----------------------------------------------------------------------------

    def _after_initials(self, i: int) -> int:
        """The first token after any initials at ``i`` ("J.", "J R"), if a word follows them."""
        j = i
        while j < len(self.tokens) and len(self.tokens[j].text) == 1 and self.tokens[j].is_word:
            j += 1
            if j < len(self.tokens) and self.tokens[j].text == ".":
                j += 1
        return j if j < len(self.tokens) and self.name_like(self.tokens[j]) else i

    def _titled(self, i: int) -> bool:
        first = i + 1
        if first < len(self.tokens) and self.tokens[first].text == ".":
            first += 1
        if first < len(self.tokens):
            first = self._after_initials(first)
        if first >= len(self.tokens):
            return False
        token = self.tokens[first]
        if self.style == "mixed" and not token.is_capitalised:
            return False
        return self.name_like(token)

    def _cued(self, i: int) -> bool:
        before = [t.lower for t in self.tokens[max(0, i - 4) : i]]
        if not before:
            return False
        if before[-1] in ROLE_CUES or before[-1] in RANKS:
            return True
        if len(before) > 1 and before[-2] in RANKS and before[-1].isdigit():
            return True  # "DC 4432 Hughes": a rank, a collar number, a name
        return any(tuple(before[-len(phrase) :]) == phrase for phrase in PHRASE_CUES)

    def _starts_cued_name(self, i: int) -> bool:
        token = self.tokens[i]
        if not self.name_like(token):
            return False
        if self.style == "mixed" and not (
            token.is_capitalised or self.lexicon.is_forename(token.text)
        ):
            return False  # where the writer uses capitals, a name after a cue has them
        if self.strong(token):
            return True
        # A known word starts a name when a surname follows it ("witness ken moss").
        nxt = self._next_word(i)
        return (
            nxt is not None
            and not self.lexicon.is_verb_form(token.text)
            and self.name_like(self.tokens[nxt])
            and (self.strong(self.tokens[nxt]) or self._known_surname(self.tokens[nxt]))
        )

    # -- words ---------------------------------------------------------------------------

    def name_like(self, token: Token) -> bool:
        """A word that could be part of a name at all."""
        lower = token.lower
        return (
            token.is_word
            and len(lower) >= 2
            and not self.lexicon.is_stop(lower)
            and lower not in POLICE_WORDS
            and lower not in TITLES
            and lower not in RANKS
            and lower not in ROLE_CUES
            and lower not in MONTHS
            and lower not in WEEKDAYS
        )

    def strong(self, token: Token) -> bool:
        """A word that is probably a name: a forename, an unknown word, or a capitalised word
        where the writer uses capitals."""
        if self.lexicon.is_forename(token.text) or not self.lexicon.is_known(token.text):
            return True
        return self.style != "upper" and token.is_capitalised

    def _known_surname(self, token: Token) -> bool:
        if not self.lexicon.is_surname(token.text):
            return False
        return self.style != "mixed" or token.is_capitalised

    def _weak_surname(self, token: Token) -> bool:
        """A known word that may still be a surname ("Wood", "moss"): a noun, not a verb."""
        if self.style == "mixed":
            return token.is_capitalised
        if self.lexicon.is_verb_form(token.text):
            return False
        return self.pos.get(token.start, "PROPN") in NAME_POS

    def _place_word(self, token: Token) -> bool:
        """A word that ends a place's name ("Park", "Centre"), unless it is also a common
        surname ("Wood", "Hill")."""
        lower = token.lower
        return lower in PLACE_WORDS or (
            lower in STREET_SUFFIXES and not self.lexicon.is_surname(lower)
        )

    def _surname_after_forename(self, token: Token) -> bool:
        if not self.name_like(token) or self._place_word(token):
            return False
        if self.style == "mixed":
            return token.is_capitalised
        return self.strong(token) or self.lexicon.is_surname(token.text)

    def _next_word(self, i: int) -> int | None:
        j = i + 1
        if j < len(self.tokens) and self.text[self.tokens[i].end : self.tokens[j].start] in {
            " ",
            "  ",
        }:
            return j
        return None

    def _extend(self, first: int) -> int:
        """The last token of a name starting at ``first``: up to three words in all."""
        last = first
        for count in range(1, MAX_WORDS):
            nxt = self._next_word(last)
            if nxt is None:
                break
            token = self.tokens[nxt]
            if not self.name_like(token) or self._place_word(token):
                break
            # A known word continues a name if it is a common surname ("Holmes"), or if it is
            # the second word and may be one ("ken moss").
            if not (
                self.strong(token)
                or self._known_surname(token)
                or (count == 1 and self._weak_surname(token))
            ):
                break
            last = nxt
        return last
