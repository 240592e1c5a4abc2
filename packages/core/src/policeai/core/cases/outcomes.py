"""Home Office crime outcome types 0-22 (the outcomes framework in force since April 2013).

Outcome 0 means the investigation has no outcome yet; a case may be closed only with one of
:data:`FINAL_OUTCOMES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from policeai.core.errors import PoliceAIError

__all__ = [
    "FINAL_OUTCOMES",
    "NO_OUTCOME_YET",
    "OUTCOMES",
    "Outcome",
    "UnknownOutcomeError",
    "get_outcome",
]

NO_OUTCOME_YET = 0
_FIRST, _LAST = 0, 22


class UnknownOutcomeError(PoliceAIError):
    """The value is not a Home Office outcome type."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One Home Office outcome type."""

    code: int
    title: str

    @property
    def final(self) -> bool:
        """True for every outcome a case may be closed with (all but 0)."""
        return self.code != NO_OUTCOME_YET

    def __str__(self) -> str:
        return f"Outcome {self.code}: {self.title}"


_TITLES: tuple[str, ...] = (
    "No outcome yet",
    "Charged/summonsed",
    "Caution: youth",
    "Caution: adult",
    "Taken into consideration",
    "Offender died",
    "Penalty notice for disorder",
    "Cannabis/khat warning",
    "Community resolution",
    "Prosecution not in the public interest (CPS decision)",
    "Formal action not in the public interest (police decision)",
    "Prosecution prevented: suspect under the age of criminal responsibility",
    "Prosecution prevented: suspect too ill to prosecute",
    "Prosecution prevented: victim or key witness dead or too ill to give evidence",
    "Evidential difficulties: suspect not identified; victim does not support further action",
    "Evidential difficulties: suspect identified; victim supports action",
    "Evidential difficulties: victim does not support (or has withdrawn support from) action",
    "Prosecution time limit expired",
    "Investigation complete: no suspect identified",
    "National Fraud Intelligence Bureau filed",
    "Action undertaken by another body or agency",
    "Further investigation not in the public interest (police decision)",
    "Diversionary, educational or intervention activity",
)

OUTCOMES: dict[int, Outcome] = {
    code: Outcome(code=code, title=title) for code, title in enumerate(_TITLES)
}

FINAL_OUTCOMES: frozenset[int] = frozenset(code for code in OUTCOMES if code != NO_OUTCOME_YET)


def get_outcome(code: int | str) -> Outcome:
    """Return the outcome type for ``code`` (an int, or its digits as text such as "14")."""
    number: int | None = None
    if isinstance(code, int) and not isinstance(code, bool):
        number = code
    elif isinstance(code, str) and code.strip().isdecimal() and code.strip().isascii():
        number = int(code.strip())
    outcome = OUTCOMES.get(number) if number is not None else None
    if outcome is None:
        raise UnknownOutcomeError(
            f"unknown Home Office outcome type {code!r}: "
            f"outcome types are numbered {_FIRST}-{_LAST}"
        )
    return outcome
