"""A Presidio recogniser for dates of birth in any written form.

A full date (day, month and year: "03/11/1988", "14.02.79", "12th April 1939", "1990-04-12")
is a date of birth when a cue comes before it ("dob", "born", "date of birth"), or when it is
at least :data:`MIN_AGE_YEARS` years old (a narrative's events are recent; a person's birth
is not). Any other full date is reported with a low score: the redactor still treats it as
a date of birth when it follows a person's name directly ("ip susan clarke 12/04/2019").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

CUED = 0.95
OLD = 0.7
#: A full date with no cue and not old: redacted only when it follows a name.
CANDIDATE = 0.3
MIN_AGE_YEARS = 10

_MONTH_NAMES = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month_name>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE_PATTERNS = (
    re.compile(
        r"\b(?P<day>[0-9]{1,2})(?P<sep>[/.\-])(?P<month>[0-9]{1,2})(?P=sep)"
        r"(?P<year>[0-9]{4}|[0-9]{2})\b"
    ),
    re.compile(
        r"\b(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+"
        r"(?P<year>[0-9]{4}|'?[0-9]{2})\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b" + _MONTH + r"\s+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>[0-9]{4})\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})\b"),
)
_CUE = re.compile(
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bborn\b|\bbirthday\b|\bb\.)"
    r"(?:\s*(?:is|was|on|of|as|:|-|given|given\s+as)\s*)*\W*$",
    re.IGNORECASE,
)


def _today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def read_date(match: re.Match[str], today: datetime.date) -> datetime.date | None:
    """The date a match stands for, or None if there is no such day."""
    parts = match.groupdict()
    month_name = parts.get("month_name")
    month = _MONTH_NAMES[month_name[:3].lower()] if month_name else int(parts["month"])
    year_text = parts["year"].lstrip("'")
    year = int(year_text)
    if len(year_text) == 2:  # "14.02.79": 1979; "03.03.21": 2021
        year += 2000 if year <= today.year % 100 else 1900
    try:
        return datetime.date(year, month, int(parts["day"]))
    except ValueError:
        return None


class DateOfBirthRecogniser(EntityRecognizer):
    """Full dates, scored by whether they are dates of birth (see the module docstring)."""

    def __init__(self, today: Callable[[], datetime.date] = _today) -> None:
        self.today = today
        super().__init__(supported_entities=["DOB"], name="DateOfBirthRecogniser")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        today = self.today()
        results: list[RecognizerResult] = []
        taken: list[tuple[int, int]] = []
        for pattern in DATE_PATTERNS:
            for match in pattern.finditer(text):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                date = read_date(match, today)
                if date is None or date > today:
                    continue
                taken.append(match.span())
                results.append(
                    RecognizerResult(
                        "DOB",
                        match.start(),
                        match.end(),
                        self._score(text, match.start(), date, today),
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return results

    @staticmethod
    def _score(text: str, start: int, date: datetime.date, today: datetime.date) -> float:
        if _CUE.search(text[max(0, start - 40) : start]):
            return CUED
        if today.year - date.year >= MIN_AGE_YEARS:
            return OLD
        return CANDIDATE
