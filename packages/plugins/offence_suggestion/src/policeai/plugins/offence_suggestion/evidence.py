"""What a narrative says: every cue found in it, where, and whether it was negated.

Words are matched by lemma ("smashed", "smashing" -> smash) and phrases by pattern over the
lower-cased text. A match is cancelled by a negation that governs it in the dependency parse
("did not take anything", "no injuries") or that shortly precedes it with nothing but auxiliary
words between ("nothing appears to have been taken"). Verbs of violence are assigned by their
object: done to a person they are force against a person, done to a thing they are damage.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from policeai.plugins.offence_suggestion.language import parse
from policeai.plugins.offence_suggestion.lexicon import (
    BODY_PARTS,
    CUES,
    PERSON_WORDS,
    PERSONAL_VERBS,
    TAKE_NOT_THEFT,
    THING_WORDS,
    VIOLENT_VERBS,
    Cue,
    words,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NEGATORS = frozenset({"no", "not", "n't", "never", "nothing", "nil", "none", "neither", "nor"})
#: Words that may stand between a negation and what it negates ("nothing has been taken").
NEGATION_BRIDGE = words(
    "be have do appear seem to get any anything actually really yet been being was were is are "
    "had has did one visible apparent obvious physical serious reported sign signs of"
)
NEGATION_WINDOW = 6
#: Cues that are acts, which a threat or a future tense does not make happen.
ACTS = frozenset({"damage", "take", "arson", "entry", "forced_opening", "violence"})
#: The cue that holds assaults found from the parse (verbs of violence done to a person).
VIOLENCE = "violence"
VIOLENCE_MEANING = "violence against a person"
#: Verbs of violence that also say so as nouns ("an assault", "a punch").
VIOLENT_NOUNS = frozenset({"assault", "attack", "punch", "kick", "headbutt", "stab", "slap"})


@dataclass(frozen=True)
class Match:
    """One cue found in the narrative: its words, where they are and whether negated."""

    cue: str
    start: int  # character offsets into the narrative, end exclusive
    end: int
    first: int  # token indices, end exclusive
    last: int
    text: str
    negated: bool = False


@cache
def _compiled(cue: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in CUES[cue].patterns)


def _negated(doc: Doc, span: Span) -> bool:
    """Whether a negation governs the span or shortly precedes it."""
    for token in span:
        heads = [token]
        if token.dep_ in {"dobj", "nsubjpass", "attr", "pobj", "nsubj", "acomp", "amod"}:
            heads.append(token.head)
        for head in heads:
            for child in head.children:
                if span.start <= child.i < span.end:
                    continue  # the words matched say it themselves ("had not paid for")
                if child.dep_ == "neg" or (
                    child.lower_ in NEGATORS and child.i < span.start and not _numbering(child)
                ):
                    return True
    sentence_start = span.sent.start
    for i in range(span.start - 1, max(sentence_start, span.start - NEGATION_WINDOW) - 1, -1):
        token = doc[i]
        if token.lower_ in NEGATORS and not _numbering(token):
            return True
        if token.is_punct or token.lower_ in {"but", "and", "or", "then", "when"}:
            return False
        if token.pos_ in {"VERB", "NOUN", "PROPN"} and token.lemma_ not in NEGATION_BRIDGE:
            return False
    return False


def _hypothetical(doc: Doc, span: Span) -> bool:
    """Whether the span is only threatened or foretold ("threatening to smash the place up",
    "said he would take it"), not done."""
    before = doc[max(span.sent.start, span.start - 4) : span.start]
    words = [t.lower_ for t in before]
    threatened = any(t.lemma_ == "threaten" or t.lower_ in {"threat", "threats"} for t in before)
    foretold = any(w in {"gonna", "will", "'ll", "would", "'d"} for w in words) or (
        "going" in words and "to" in words
    )
    return (threatened and "to" in words) or foretold


def _numbering(token: Token) -> bool:
    """Whether "no" abbreviates number ("the no.6 bus", "no 90")."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.lower_.startswith("no") and (
        token.text.endswith(".")
        or (following is not None and (following.text == "." or following.like_num))
    )


def _prefixed_non(token: Token) -> bool:
    """A word after "non" ("non dwelling", "non-dwelling") means its opposite."""
    before = [t.lower_ for t in token.doc[max(0, token.i - 2) : token.i]]
    return bool(before) and (before[-1] == "non" or before == ["non", "-"])


def _ridden(token: Token) -> bool:
    """A bicycle someone rode ("made off on a pushbike", "youths on bikes"): not property."""
    before = [t.lower_ for t in token.doc[max(0, token.i - 3) : token.i]]
    return any(word in {"on", "onto", "rode", "riding", "cycled", "cycling"} for word in before)


def _target(verb: Token) -> str | None:  # noqa: PLR0911 - one answer per kind of clue
    """Whether a verb of violence was done to a "person" or a "thing", from its objects."""
    candidates = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "obj"}]
    candidates += [
        grandchild
        for child in verb.children
        if child.dep_ == "prep" and child.lower_ in {"at", "into", "on", "in", "over", "across"}
        for grandchild in child.children
        if grandchild.dep_ == "pobj"
    ]
    if verb.dep_ in {"acl", "amod"} and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
        candidates.append(verb.head)
    for token in candidates:
        if token.lemma_ in THING_WORDS:
            return "thing"
        if (
            token.lemma_ in PERSON_WORDS
            or token.lemma_ in BODY_PARTS
            or token.lower_ in PERSON_WORDS
            or token.ent_type_ == "PERSON"
        ):
            return "person"
        if any(t.dep_ == "pobj" and t.lemma_ in BODY_PARTS for t in token.subtree):
            return "person"  # "a bottle over my head"
        if token.lemma_ in THING_WORDS or any(t.lemma_ in THING_WORDS for t in token.subtree):
            return "thing"
    # No parse to go on (run-on capitals): look at the next few words.
    for token in verb.doc[verb.i + 1 : verb.i + 4]:
        if token.lower_ in PERSON_WORDS:
            return "person"
        if token.lemma_ in THING_WORDS:
            return "thing"
    return None


def _take_is_theft(token: Token) -> bool:
    """Whether a use of "take" is a theft: not "taken to hospital", "took a statement"."""
    after = token.doc[token.i + 1 : token.i + 3]
    if any(t.lower_ in TAKE_NOT_THEFT for t in after[:1]):
        return False
    if len(after) > 1 and after[0].lower_ in {"him", "her", "them", "me", "us"}:
        return after[1].lower_ not in TAKE_NOT_THEFT and after[1].lower_ not in {"home", "away"}
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    return not any(o.lower_ in {"i", "me", "him", "her", "them", "us", "ip"} for o in objects)


class Evidence:
    """Every cue found in one narrative (negated ones kept apart)."""

    def __init__(self, text: str, matches: Iterable[Match]) -> None:
        self.text = text
        self.found: dict[str, list[Match]] = defaultdict(list)
        self.negated: dict[str, list[Match]] = defaultdict(list)
        matches = list(matches)
        assaults = [m for m in matches if m.cue == VIOLENCE]
        for match in sorted(matches, key=lambda m: (m.start, -m.end)):
            if match.cue == "damage" and any(
                a.start < match.end and match.start < a.end for a in assaults
            ):
                continue  # a verb done to a person ("smashed a bottle over my head")
            (self.negated if match.negated else self.found)[match.cue].append(match)

    def has(self, cue: str) -> bool:
        return bool(self.found.get(cue))

    def first(self, cue: str) -> Match | None:
        found = self.found.get(cue)
        return found[0] if found else None

    def near(self, a: str, b: str, window: int) -> tuple[Match, Match] | None:
        """The closest pair of an ``a`` match and a ``b`` match at most ``window`` tokens
        apart (0 when they touch or overlap), or None."""
        best: tuple[int, Match, Match] | None = None
        for ma in self.found.get(a, ()):
            for mb in self.found.get(b, ()):
                gap = max(0, max(ma.first, mb.first) - min(ma.last, mb.last))
                if gap <= window and (best is None or gap < best[0]):
                    best = (gap, ma, mb)
        return (best[1], best[2]) if best else None


def _match(cue: str, doc: Doc, text: str, start: int, end: int, definition: Cue) -> Match | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    negated = definition.negatable and (
        _negated(doc, span) or (cue in ACTS and _hypothetical(doc, span))
    )
    return Match(cue, start, end, span.start, span.end, text[start:end], negated)


def find_evidence(text: str) -> Evidence:
    """Parse the narrative and find every cue in it."""
    doc = parse(text)
    lowered = doc.text
    matches: list[Match] = []
    for name, definition in CUES.items():
        for token in doc:
            if (token.lemma_ in definition.lemmas or token.lower_ in definition.lemmas) and not (
                _prefixed_non(token) or (name == "bike" and _ridden(token))
            ):
                found = _match(name, doc, text, token.idx, token.idx + len(token), definition)
                if found:
                    matches.append(found)
        for pattern in _compiled(name):
            for hit in pattern.finditer(lowered):
                if hit.end() > hit.start():
                    found = _match(name, doc, text, hit.start(), hit.end(), definition)
                    if found:
                        matches.append(found)
    matches += _parsed_matches(doc, text)
    return Evidence(text, matches)


def _parsed_matches(doc: Doc, text: str) -> list[Match]:
    """Cues that need the parse: "take" as theft, and violence by what it was done to."""
    found = []
    for token in doc:
        start, end = token.idx, token.idx + len(token)
        if token.lemma_ == "take" and _take_is_theft(token):
            span = doc[token.i : token.i + 1]
            negated = _negated(doc, span) or _hypothetical(doc, span)
            found.append(Match("take", start, end, token.i, token.i + 1, text[start:end], negated))
        entering = (
            token.lemma_ == "break"
            and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ in {"in", "into", "in-to"}
        )
        if (
            token.lemma_ in VIOLENT_VERBS
            and not entering
            and (token.pos_ == "VERB" or token.lemma_ in VIOLENT_NOUNS)
        ):
            target = _target(token)
            cue = None
            if target == "person" or (target is None and token.lemma_ in PERSONAL_VERBS):
                cue = VIOLENCE
            elif target == "thing":
                cue = "damage"
            if cue:
                span = doc[token.i : token.i + 1]
                negated = _negated(doc, span) or _hypothetical(doc, span)
                found.append(Match(cue, start, end, token.i, token.i + 1, text[start:end], negated))
    return found


def meaning(cue: str) -> str:
    return VIOLENCE_MEANING if cue == VIOLENCE else CUES[cue].meaning
