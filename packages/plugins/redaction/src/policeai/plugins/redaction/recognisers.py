"""Presidio recognisers for UK identifiers: postcodes, registration marks, telephone numbers,
National Insurance numbers and e-mail addresses.

Each is a pattern with context words, checked by the core's normaliser for that identifier
(:mod:`policeai.core.cases.identifiers`). Redaction errs towards hiding: a value with the
shape of an identifier but that the normaliser refuses (a mistyped phone number, a National
Insurance number with a prefix never issued) is still redacted, with a lower score.

None of these uses ``tldextract`` (Presidio's own e-mail and URL recognisers do, and it
fetches the public suffix list over the network on first use).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from policeai.core.cases.identifiers import (
    InvalidIdentifierError,
    normalise_email,
    normalise_nino,
    normalise_phone,
    normalise_postcode,
    normalise_vrm,
)
from policeai.plugins.redaction.lexicon import Lexicon

#: The score of a value the normaliser accepts, and of one with the shape but refused.
VALID = 0.95
PLAUSIBLE = 0.6


def _accepts(normaliser: Callable[[str], object], value: str) -> bool:
    try:
        normaliser(value)
    except InvalidIdentifierError:
        return False
    return True


class UkPostcodeRecogniser(PatternRecognizer):
    """UK postcodes with or without the space, in any case ("LS6 2QT", "ls62qt")."""

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "UK postcode",
            r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}|GIR\s*0AA)\b",
            PLAUSIBLE,
        )
    ]
    CONTEXT: ClassVar[list[str]] = ["postcode", "post code", "address", "lives", "live", "at"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="POSTCODE",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            name="UkPostcodeRecogniser",
        )

    def validate_result(self, pattern_text: str) -> bool:
        return _accepts(normalise_postcode, pattern_text)


_VEHICLE_CUE = re.compile(
    r"\b(?:reg(?:istration)?|vrm|index|plate|veh(?:icle)?|car|van|lorry|motorbike|moped)\b",
    re.IGNORECASE,
)
#: Statutes police write as "s23 mda", which have the shape of a prefix-style mark.
_STATUTES = frozenset({"mda", "poa", "cja", "pca", "soa", "rta", "tha", "cda", "fsa"})


class UkVrmRecogniser(PatternRecognizer):
    """Registration marks in current, prefix and suffix style, spaced or not, in any case."""

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("VRM current", r"\b[A-Z]{2}[0-9]{2}[\s\-]?[A-Z]{3}\b", PLAUSIBLE),
        Pattern("VRM prefix", r"\b[A-Z][0-9]{1,3}[\s\-]?[A-Z]{3}\b", PLAUSIBLE),
        Pattern("VRM suffix", r"\b[A-Z]{3}[\s\-]?[0-9]{1,3}[A-Z]\b", PLAUSIBLE),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "reg",
        "registration",
        "vrm",
        "index",
        "plate",
        "vehicle",
        "veh",
        "car",
        "van",
    ]

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        super().__init__(
            supported_entity="VRM",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            name="UkVrmRecogniser",
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """The marks found, less prefix- and suffix-style ones whose letters are a word
        ("her 40s", "was 2 a") unless a vehicle is mentioned just before them."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags) or []
        return [r for r in results if not self._wordy(text, r.start, r.end)]

    def _wordy(self, text: str, start: int, end: int) -> bool:
        letters = re.findall(r"[A-Za-z]+", text[start:end])
        if len(letters) != 2 or len(letters[0]) == 2:  # current style: AB12 CDE
            return False
        word = letters[0] if len(letters[0]) == 3 else letters[1]
        if not self.lexicon.is_known(word):
            return False
        return _VEHICLE_CUE.search(text[max(0, start - 40) : start]) is None

    def validate_result(self, pattern_text: str) -> bool:
        compact = re.sub(r"[\s\-]", "", pattern_text).lower()
        if compact[0] == "s" and compact[-3:] in _STATUTES and compact[1:-3].isdigit():
            return False
        try:
            vrm = normalise_vrm(pattern_text)
        except InvalidIdentifierError:
            return False
        return vrm.style in {"current", "prefix", "suffix"}


class UkNinoRecogniser(PatternRecognizer):
    """National Insurance numbers, spaced or not, in any case ("QQ 12 34 56 C")."""

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "NINO",
            r"\b[A-Z]{2}\s?[0-9]{2}\s?[0-9]{2}\s?[0-9]{2}\s?[A-D]\b",
            PLAUSIBLE,
        )
    ]
    CONTEXT: ClassVar[list[str]] = ["national insurance", "ni number", "nino", "ni", "insurance"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="NINO",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            name="UkNinoRecogniser",
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        # A number whose prefix was never issued (QQ is the specimen) is still redacted.
        return True if _accepts(normalise_nino, pattern_text) else None


class EmailRecogniser(PatternRecognizer):
    """E-mail addresses, checked by the core's normaliser (no public suffix list needed)."""

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "E-mail",
            r"(?<![\w.+\-])[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)*\.[A-Z]{2,}\b",
            PLAUSIBLE,
        )
    ]
    CONTEXT: ClassVar[list[str]] = ["email", "e-mail", "mail", "address"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="EMAIL",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            name="EmailRecogniser",
        )

    def validate_result(self, pattern_text: str) -> bool:
        return _accepts(normalise_email, pattern_text)


_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)[0-9]{1,5}\)?(?:[\s\-.]{0,2}[0-9]{1,6}){1,5}(?![0-9])"
)
_GROUP = re.compile(r"[0-9]+")


class UkPhoneRecogniser(EntityRecognizer):
    """UK telephone numbers however they are spaced, with +44, and mistyped ones.

    A candidate is a run of digit groups starting with 0, +44 or 0044; the longest run of whole
    groups with 10 or 11 digits (counting the trunk 0) is taken, so a number followed by
    another figure ("07700 900412 2 males") keeps only the number. A run of 9 or 12 digits
    (a digit dropped or doubled) is still redacted, at a lower score.
    """

    def __init__(self) -> None:
        super().__init__(supported_entities=["PHONE"], name="UkPhoneRecogniser")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for match in _PHONE_CANDIDATE.finditer(text):
            found = self._best_prefix(text, match)
            if found is not None:
                end, score = found
                results.append(
                    RecognizerResult(
                        "PHONE",
                        match.start(),
                        end,
                        score,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return results

    @staticmethod
    def _best_prefix(text: str, match: re.Match[str]) -> tuple[int, float] | None:
        candidate = match.group()
        # Digits before the national number: "+44" 2, "0044" 4; the national number then
        # gains its trunk 0 unless it is written "+44 (0)".
        prefix = 4 if candidate.startswith("00") else 2 if candidate.startswith("+") else 0
        trunk = 1 if prefix and "(0)" not in candidate else 0
        best: tuple[int, float] | None = None
        digits = 0
        for group in _GROUP.finditer(candidate):
            digits += len(group.group())
            count = digits - prefix + trunk
            end = match.start() + group.end()
            if count in (10, 11):
                valid = _accepts(normalise_phone, text[match.start() : end])
                best = (end, VALID if valid else PLAUSIBLE)
            elif count in (9, 12) and best is None:
                best = (end, PLAUSIBLE)
        return best
