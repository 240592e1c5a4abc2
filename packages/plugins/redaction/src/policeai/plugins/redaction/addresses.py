"""A Presidio recogniser for UK street addresses written in a narrative.

An address is a house number and a street ("14 Mill Lane", "22 chapel ln"), a numbered flat
or unit with its building ("flat 3 22 high st", "Flat 6 Carlton House 12 Victoria St",
"unit 4 Manston Lane"), or a number and a named close without a suffix ("3 The Paddocks").
The locality after it is part of it when a comma sets it off ("12 Moor View, Kippax") or a
postcode follows it ("22 Chapel Lane Farsley LS28 5EX"). The postcode itself is left to the
postcode recogniser.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from policeai.plugins.redaction.lexicon import MONTHS, POLICE_WORDS, WEEKDAYS, Lexicon, words_of
from policeai.plugins.redaction.text import Token, tokenise

#: Words that end a street's name, written out or abbreviated.
STREET_SUFFIXES = words_of("""
    road rd street st lane ln avenue ave av drive dr close cl court ct crescent cres cresc
    grove gr gro terrace terr tce way walk mews place pl gardens gdns gdn garth view bank
    cottages cotts towers tower house hill row square sq parade pde green rise mount mt vale
    fold croft park approach boulevard chase gate gait wynd hall fields field meadow
    meadows heights yard wharf quay lodge mansions buildings estate brow nook dene dale lea
    mill moor common circus bridge passage alley broadway embankment promenade prom glade
    grange manor crest ridge wood hollow
    """)
#: Words that open a flat or unit: "flat 3", "unit 4".
DWELLINGS = frozenset({"flat", "apartment", "apt", "unit", "room", "maisonette", "bedsit"})
#: Words before an address that say one follows.
ADDRESS_CUES = frozenset({"at", "of", "address", "to", "from", "lives", "live", "outside", "o/s"})

#: "14", "14a", "14-16" - not "40s" (an age) or "2nd".
_HOUSE_NUMBER = re.compile(
    r"(?![0-9]*0s$)[0-9]{1,4}[A-Za-z]?(?:-[0-9]{1,4}[A-Za-z]?)?$", re.IGNORECASE
)
_POSTCODE = re.compile(r"[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}\b")
#: Up to three words, commas between them allowed, before a postcode: ", Bramley, Leeds ".
_GAP_TO_POSTCODE = re.compile(
    r",?\s*((?:[^\W\d_][\w'\-]*(?:,?\s+|,)){1,3}?)(?=" + _POSTCODE.pattern + ")"
)
SCORE = 0.7


class UkAddressRecogniser(EntityRecognizer):
    """Street addresses, found on tokens: number, up to three words, a street suffix."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        super().__init__(supported_entities=["ADDRESS"], name="UkAddressRecogniser")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        tokens = tokenise(text)
        results: list[RecognizerResult] = []
        i = 0
        while i < len(tokens):
            end = self._address_at(text, tokens, i)
            if end is None:
                i += 1
                continue
            results.append(
                RecognizerResult(
                    "ADDRESS",
                    tokens[i].start,
                    tokens[end].end,
                    SCORE,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
            i = end + 1
        return results

    # -- the grammar, on tokens: each returns the index of the last token taken, or None --

    def _address_at(self, text: str, tokens: list[Token], i: int) -> int | None:
        token = tokens[i]
        if token.lower in DWELLINGS:
            end = self._dwelling(tokens, i)
        elif _HOUSE_NUMBER.match(token.text) and not self._is_money_or_count(tokens, i):
            end = self._street(tokens, i)
        else:
            return None
        if end is None:
            return None
        return self._locality(text, tokens, end)

    def _dwelling(self, tokens: list[Token], i: int) -> int | None:
        """ "flat 3", then a building ("Carlton House") and/or a street ("22 High St")."""
        j = i + 1
        if j < len(tokens) and tokens[j].text in {"no", "No", "NO", "."}:
            j += 1
        if j >= len(tokens) or not _HOUSE_NUMBER.match(tokens[j].text):
            return None
        end = j
        if j + 1 < len(tokens) and tokens[j + 1].text == ",":
            j += 1
        building = self._named_street(tokens, j + 1)
        if building is not None:
            end = building
            if end + 1 < len(tokens) and tokens[end + 1].text == ",":
                street = self._street(tokens, end + 2)
                end = street if street is not None else end
            else:
                street = self._street(tokens, end + 1)
                end = street if street is not None else end
        else:
            street = self._street(tokens, j + 1)
            if street is not None:
                end = street
        return end

    def _street(self, tokens: list[Token], i: int) -> int | None:
        """A house number and a street: "14 Mill Lane", "3 The Paddocks"."""
        if i >= len(tokens) or not _HOUSE_NUMBER.match(tokens[i].text):
            return None
        j = i + 1
        if j < len(tokens) and tokens[j].text == ",":
            j += 1
        named = self._named_street(tokens, j)
        if named is not None:
            return named
        if j + 1 < len(tokens) and tokens[j].lower == "the" and self._name_word(tokens[j + 1]):
            end = j + 1
            cue = i > 0 and tokens[i - 1].lower in ADDRESS_CUES
            following = tokens[end + 1].text if end + 1 < len(tokens) else ""
            if cue or following == ",":
                return end
        return None

    def _named_street(self, tokens: list[Token], i: int) -> int | None:
        """Up to three words and a street suffix ("Park View Avenue", "harrogate rd")."""
        for length in range(1, 5):
            end = i + length - 1
            if end >= len(tokens):
                return None
            if length > 1 and tokens[end].lower in STREET_SUFFIXES:
                while end + 1 < len(tokens) and tokens[end + 1].lower in STREET_SUFFIXES:
                    end += 1  # "Park View Avenue"
                return end
            if not self._name_word(tokens[end]):
                return None
        return None

    def _name_word(self, token: Token) -> bool:
        lower = token.lower
        return (
            token.is_word
            and (lower == "the" or not self.lexicon.is_stop(lower))
            and lower not in POLICE_WORDS
            and lower not in MONTHS
            and lower not in WEEKDAYS
        )

    def _locality(self, text: str, tokens: list[Token], end: int) -> int:
        """Extend over ", Locality", or over the words between the street and a postcode."""
        after = tokens[end].end
        rest = text[after:]
        gap = _GAP_TO_POSTCODE.match(rest)
        words = [t for t in tokenise(gap.group(1)) if t.text != ","] if gap else []
        if gap and all(self._name_word(t) and t.lower != "the" for t in words):
            stop = after + gap.start(1) + len(gap.group(1).rstrip(" ,"))
            return self._index_ending_at(tokens, end, stop)
        if end + 2 < len(tokens) and tokens[end + 1].text == ",":
            word = tokens[end + 2]
            if self._name_word(word) and word.lower != "the" and not self._is_sentence_word(word):
                last = end + 2
                if last + 1 < len(tokens) and tokens[last + 1].lower in STREET_SUFFIXES:
                    last += 1  # ", harrogate rd"
                return last
        return end

    def _is_sentence_word(self, token: Token) -> bool:
        """A word that starts a new clause rather than naming a place ("..., when")."""
        return self.lexicon.is_stop(token.lower) or self.lexicon.is_verb_form(token.lower)

    @staticmethod
    def _index_ending_at(tokens: list[Token], start: int, stop: int) -> int:
        index = start
        while index + 1 < len(tokens) and tokens[index + 1].end <= stop:
            index += 1
        return index

    @staticmethod
    def _is_money_or_count(tokens: list[Token], i: int) -> bool:
        previous = tokens[i - 1].text if i > 0 else ""
        thousands = previous == "," and i > 1 and tokens[i - 2].text.isdigit()
        return previous in {"£", "$", "€", "."} or thousands
