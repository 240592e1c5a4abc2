"""Choosing the sentences: greedy coverage of who, what, when and where, then redundancy.

Each round takes the sentence that adds most: every facet not yet covered counts its kind's
weight (:data:`WEIGHTS`), and less once that kind is covered at all, so the summary first says
who, what, when and where once, then adds detail. A document not yet cited adds
:data:`NEW_DOCUMENT` (a case summary draws on each statement), and a document's opening
sentence a little more. From that gain are taken a penalty for repeating the content words of a
chosen sentence (:data:`REDUNDANCY` times the highest cosine similarity) and one for length
beyond :data:`LONG_WORDS` words. Choosing stops at ``max_sentences`` or when no sentence adds
at least :data:`MIN_GAIN`; the chosen sentences are returned in source order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from policeai.plugins.summarisation.facets import Sentence

WEIGHTS = {"what": 2.5, "who": 2.0, "when": 2.0, "where": 2.0, "role": 0.5}
#: A facet's weight once its kind is covered, as a share of the first.
COVERED_KIND = 0.4
NEW_DOCUMENT = 1.0
OPENING = 0.3
REDUNDANCY = 2.0
LONG_WORDS = 30
LENGTH_PENALTY = 0.03
MIN_GAIN = 1.0


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def gain(
    sentence: Sentence,
    covered: set[tuple[str, str]],
    kinds: set[str],
    cited: set[int],
    chosen: Sequence[Sentence],
    opening: bool,
) -> float:
    """What adding ``sentence`` to the chosen ones adds."""
    value = 0.0
    for kind, _ in sentence.facets - covered:
        weight = WEIGHTS.get(kind, 0.0)
        value += weight if kind not in kinds else weight * COVERED_KIND
    if sentence.doc_index not in cited:
        value += NEW_DOCUMENT
    if opening:
        value += OPENING
    if chosen:
        value -= REDUNDANCY * max(_similarity(sentence.lemmas, c.lemmas) for c in chosen)
    value -= LENGTH_PENALTY * max(0, sentence.words - LONG_WORDS)
    return value


def choose(sentences: Sequence[Sentence], max_sentences: int) -> list[Sentence]:
    """The sentences of the summary, in source order (document, then position)."""
    if not sentences:
        return []
    first_of: dict[int, int] = {}
    for s in sentences:
        first_of[s.doc_index] = min(first_of.get(s.doc_index, s.start), s.start)
    chosen: list[Sentence] = []
    covered: set[tuple[str, str]] = set()
    kinds: set[str] = set()
    cited: set[int] = set()
    remaining = list(sentences)
    while remaining and len(chosen) < max_sentences:
        scored = [
            (gain(s, covered, kinds, cited, chosen, first_of[s.doc_index] == s.start), -i, s)
            for i, s in enumerate(remaining)
        ]
        best_gain, _, best = max(scored, key=lambda item: (item[0], item[1]))
        if chosen and best_gain < MIN_GAIN:
            break
        chosen.append(best)
        remaining.remove(best)
        covered |= best.facets
        kinds |= {kind for kind, _ in best.facets}
        cited.add(best.doc_index)
    return sorted(chosen, key=lambda s: (s.doc_index, s.start))
