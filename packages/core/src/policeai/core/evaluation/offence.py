"""Scoring offence suggestions against the evaluation format's offence categories.

A document of the shared format (:mod:`policeai.core.evaluation.dataset`) carries an
``offence_category``, one of :data:`OFFENCE_CATEGORIES`, not a Home Office code. A tool
suggests Home Office codes (:mod:`policeai.core.cases.offences`); :data:`CODE_CATEGORIES` maps
each code to the category it falls in, so that a suggestion can be scored against the
document's category.

The categories follow the police.uk street-level crime categories: bicycle theft, theft from
the person and shoplifting are counted as ``theft``; theft of and from a vehicle and
interfering with one as ``vehicle crime``; sexual offences as ``violence`` (police.uk counts
"violence and sexual offences" together); stalking, harassment and malicious communications as
``harassment``; arson and threats to damage as ``criminal damage``. Handling stolen goods,
perverting the course of justice and absconding fall in none of the categories: a suggestion
of one of them never matches a document's category.

Accuracy at rank k is the share of labelled documents whose category is that of one of the
first k suggestions (top-1: the first suggestion; top-3: any of the three an officer is
shown). Documents whose category is ``null`` are not scored and are counted apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from policeai.core.cases.offences import OFFENCES, get_offence
from policeai.core.evaluation.dataset import OFFENCE_CATEGORIES, EvalDocument

__all__ = [
    "CODE_CATEGORIES",
    "RANKS",
    "Hits",
    "OffenceScores",
    "category_of",
    "rank_of",
    "score_offences",
]

#: The ranks at which accuracy is reported: the first suggestion, and the three shown.
RANKS: tuple[int, ...] = (1, 3)

_GROUPS: dict[str, tuple[str, ...]] = {
    "burglary": ("28E", "28F", "29A", "30C", "30D"),
    "robbery": ("34A", "34B"),
    "theft": ("39", "40", "44", "46", "49", "49A"),
    "vehicle crime": ("45", "48", "126"),
    "violence": (
        *("2", "3B", "5D", "8N", "8P", "8S", "36", "104", "105A", "105B"),
        *("17A", "19C", "19F", "20A", "88A"),
    ),
    "harassment": ("8L", "8M", "8Q", "8R"),
    "criminal damage": ("56A", "56B", "58A", "58B", "58C", "58D", "59"),
    "drugs": ("92A", "92D", "92E"),
    "weapons": ("10A", "10B", "10C", "10D"),
    "public order": ("9A", "9B", "62A"),
    "fraud": ("33A", "53C", "53D", "53F"),
}
_NO_CATEGORY: tuple[str, ...] = ("54", "79", "80")

#: Home Office offence code -> the evaluation category it falls in (None: in no category).
CODE_CATEGORIES: Mapping[str, str | None] = {
    **{code: category for category, codes in _GROUPS.items() for code in codes},
    **dict.fromkeys(_NO_CATEGORY),
}

if set(CODE_CATEGORIES) != set(OFFENCES) or set(_GROUPS) != set(OFFENCE_CATEGORIES):
    raise RuntimeError("CODE_CATEGORIES must map every known offence code to a category")


def category_of(code: str) -> str | None:
    """The evaluation category of a Home Office offence code (None when it has none).

    Raises :class:`~policeai.core.cases.offences.UnknownOffenceError` for an unknown code.
    """
    return CODE_CATEGORIES[get_offence(code).code]


def rank_of(category: str, ranked: Sequence[str | None]) -> int | None:
    """Where ``category`` first comes among the ranked suggestions' categories (1 = first),
    or None when no suggestion falls in it."""
    try:
        return list(ranked).index(category) + 1
    except ValueError:
        return None


@dataclass(frozen=True)
class Hits:
    """How many documents were scored, and how many had their category within each rank."""

    n: int
    hits: Mapping[int, int]

    def accuracy(self, k: int) -> float:
        return self.hits[k] / self.n if self.n else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            **{f"top{k}_hits": self.hits[k] for k in sorted(self.hits)},
            **{f"top{k}_accuracy": self.accuracy(k) for k in sorted(self.hits)},
        }


@dataclass(frozen=True)
class OffenceScores:
    """Accuracy at each rank, overall and per gold category (only categories with documents)."""

    overall: Hits
    categories: Mapping[str, Hits]
    ranks: tuple[int, ...] = RANKS
    unlabelled: int = 0
    ranks_found: Mapping[str, int | None] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ranks": list(self.ranks),
            "unlabelled": self.unlabelled,
            "overall": self.overall.as_dict(),
            "categories": {name: hits.as_dict() for name, hits in self.categories.items()},
        }


def _hits(ranks: Iterable[int | None], at: Sequence[int]) -> Hits:
    found = list(ranks)
    return Hits(
        n=len(found),
        hits={k: sum(1 for rank in found if rank is not None and rank <= k) for k in at},
    )


def score_offences(
    docs: Sequence[EvalDocument],
    predicted: Mapping[str, Sequence[str | None]],
    ranks: Sequence[int] = RANKS,
) -> OffenceScores:
    """Score each labelled document's ranked suggestion categories against its category.

    ``predicted`` maps a document id to the categories of its suggestions, best first (as
    :func:`category_of` gives them). A labelled document missing from ``predicted`` is an
    error; its category must be one of :data:`OFFENCE_CATEGORIES`.
    """
    if not ranks or any(k < 1 for k in ranks):
        raise ValueError("ranks must be positive whole numbers, e.g. (1, 3)")
    found: dict[str, int | None] = {}
    by_category: dict[str, list[int | None]] = {}
    unlabelled = 0
    for doc in docs:
        gold = doc.offence_category
        if gold is None:
            unlabelled += 1
            continue
        if gold not in OFFENCE_CATEGORIES:
            raise ValueError(f"document {doc.id!r} has an unknown offence category {gold!r}")
        if doc.id not in predicted:
            raise ValueError(f"no suggestions were given for document {doc.id!r}")
        found[doc.id] = rank_of(gold, predicted[doc.id])
        by_category.setdefault(gold, []).append(found[doc.id])
    at = tuple(sorted(set(ranks)))
    return OffenceScores(
        overall=_hits(found.values(), at),
        categories={
            name: _hits(by_category[name], at) for name in OFFENCE_CATEGORIES if name in by_category
        },
        ranks=at,
        unlabelled=unlabelled,
        ranks_found=found,
    )
