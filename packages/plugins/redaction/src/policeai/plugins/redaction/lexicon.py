"""Words: which are ordinary English, which are common forenames, which are police shorthand.

The redaction tool decides whether a word may be part of a person's name partly by whether it
is an ordinary English word. The lexicon is the one the spaCy model already carries (its
lemmatiser's WordNet index of nouns, verbs, adjectives and adverbs, plus its stop words), so
nothing is downloaded. Forenames are a list shipped with the tool (``data/forenames.txt``).
"""

from __future__ import annotations

import re
from importlib.resources import files

from spacy.language import Language


def words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Titles written before a name; they belong to the name ("Mrs Patel").
TITLES = words_of("mr mrs ms miss mx dr master sir dame lady lord rev revd reverend prof")

#: Police ranks written before an officer's name; they do not belong to the name.
RANKS = words_of(
    "pc wpc dc ps ds di dci dsi dcs supt insp inspector sgt sergeant constable pcso "
    "detective officer"
)

#: Shorthand and words of police narratives that are never names, whether or not the
#: lexicon knows them (it knows few abbreviations).
POLICE_WORDS = words_of("""
    ip i/p s/o s/o1 s/o2 s/o3 susp suspt o/s w/o w/s a/k/a aka dob d.o.b nino ni tel mob
    mobile email e-mail veh vehs reg vrm index ambo amb soco cctv pnc pnd anpr h2h bwv pace
    oapa pola cja mda poca pwits nfa rui cbo dash marac rtc ftr cad lgi afc fc hrs hr yrs yr
    mins min approx appx est val twds req enq enqs nil neg poss pls ic1 ic2 ic3 ic4 ic5 ic6 ic9
    caller callers informant victim suspect suspects witness witnesses driver passenger
    occupant occupier owner keeper manager staff male males female females man men woman women
    lad lads youth youths pupil child children boy girl baby mum dad nan grandad
    unknown anon anonymous unk nk none n/k tbc
    states stated reports reported says said advises advised believes believed
    """)

#: Last words of a place's name ("White Rose Centre"), never of a person's.
PLACE_WORDS = words_of(
    "centre center station shop store supermarket market pub bar club hotel school academy "
    "college university hospital surgery church mosque temple library stadium arena"
)

MONTHS = words_of(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
WEEKDAYS = words_of(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs "
    "fri sat sun"
)

#: Regular endings: (ending, what replaces it, the parts of speech whose base form it inflects).
_INFLECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("'s", "", ("noun",)),
    ("ies", "y", ("noun", "verb")),
    ("es", "", ("noun", "verb")),
    ("s", "", ("noun", "verb")),
    ("ied", "y", ("verb",)),
    ("ed", "", ("verb",)),
    ("ed", "e", ("verb",)),
    ("ing", "", ("verb",)),
    ("ing", "e", ("verb",)),
    ("ly", "", ("adj",)),
)
#: Endings after which a doubled consonant is undone ("running" -> "run").
_DOUBLING = frozenset({"ed", "ing"})
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1$")
_PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")


def _word_list(name: str) -> frozenset[str]:
    """A word list shipped with the tool: whitespace-separated, ``#`` starts a comment line."""
    text = files("policeai.plugins.redaction").joinpath(f"data/{name}").read_text("utf-8")
    words = (
        word
        for line in text.splitlines()
        if not line.lstrip().startswith("#")
        for word in line.split()
    )
    return frozenset(words)


class Lexicon:
    """What the tool knows about words, built once from the loaded spaCy pipeline."""

    def __init__(
        self,
        base_forms: dict[str, frozenset[str]],
        irregular: dict[str, frozenset[str]],
        stop_words: frozenset[str],
    ) -> None:
        self.base_forms = base_forms  # part of speech -> base forms ("run", "house")
        self.irregular = irregular  # part of speech -> irregular forms ("ran", "mice")
        self.stop_words = stop_words
        self.forenames = _word_list("forenames.txt")
        self.surnames = _word_list("surnames.txt")
        self._known: dict[str, bool] = {}

    @classmethod
    def from_pipeline(cls, nlp: Language) -> Lexicon:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        index, exceptions = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
        base_forms = {
            pos: frozenset(w for w in index.get(pos, ()) if "_" not in w)
            for pos in _PARTS_OF_SPEECH
        }
        irregular = {pos: frozenset(exceptions.get(pos, {})) for pos in _PARTS_OF_SPEECH}
        stop_words = frozenset(w.lower() for w in nlp.Defaults.stop_words)
        return cls(base_forms, irregular, stop_words)

    def is_stop(self, word: str) -> bool:
        return word.lower() in self.stop_words

    def is_forename(self, word: str) -> bool:
        return word.lower() in self.forenames

    def is_surname(self, word: str) -> bool:
        return word.lower() in self.surnames

    def is_adjective(self, word: str) -> bool:
        return word.lower() in self.base_forms["adj"]

    def is_known(self, word: str) -> bool:
        """True for an ordinary English word, a stop word or police shorthand, in any form."""
        lower = word.lower()
        known = self._known.get(lower)
        if known is None:
            known = self._known[lower] = self._lookup(lower)
        return known

    def _lookup(self, word: str) -> bool:
        if word in self.stop_words or word in POLICE_WORDS or word in MONTHS:
            return True
        if word in WEEKDAYS or word in TITLES or word in RANKS:
            return True
        if any(
            word in self.base_forms[pos] or word in self.irregular[pos] for pos in _PARTS_OF_SPEECH
        ):
            return True
        return any(self._inflects(word, ending) for ending in _INFLECTIONS)

    def is_verb_form(self, word: str) -> bool:
        """True for an inflected verb ("reports", "stated", "rang"): not taken as a surname."""
        lower = word.lower()
        if lower in self.irregular["verb"]:
            return True
        return any(
            self._stem(lower, suffix, replacement, "verb")
            for suffix, replacement, parts in _INFLECTIONS
            if "verb" in parts
        )

    def _inflects(self, word: str, ending: tuple[str, str, tuple[str, ...]]) -> bool:
        suffix, replacement, parts = ending
        return any(self._stem(word, suffix, replacement, pos) for pos in parts)

    def _stem(self, word: str, suffix: str, replacement: str, pos: str) -> bool:
        if not word.endswith(suffix) or len(word) <= len(suffix) + 1:
            return False
        stem = word[: -len(suffix)]
        vocabulary = self.base_forms[pos]
        if stem + replacement in vocabulary:
            return True
        return suffix in _DOUBLING and bool(_DOUBLED.search(stem)) and stem[:-1] in vocabulary
