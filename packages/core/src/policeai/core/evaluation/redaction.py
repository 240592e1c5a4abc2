"""How well a redaction tool hides personal data, measured on the shared evaluation format.

What matters in disclosure is that no personal data is left readable, so the measure is
character coverage, not span matching: a gold personal-data span (:data:`PERSONAL_DATA_LABELS`)
counts as *redacted* when every character of it that is not white space lies inside some
redaction, whatever the redactions' own boundaries or labels. A looser figure counts a span as
*touched* when any of its characters is redacted (a partly hidden name may still be read).

Over-redaction shows in the precision: the share of the redacted characters (not counting
white space) that lie inside gold personal-data spans. Redacting dates, places or whole
sentences keeps recall high and makes a disclosed document useless; precision shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from policeai.core.evaluation.dataset import EvalDocument

#: The labels that are personal data: what a redaction tool must hide.
PERSONAL_DATA_LABELS: tuple[str, ...] = (
    "PERSON",
    "DOB",
    "ADDRESS",
    "POSTCODE",
    "PHONE",
    "EMAIL",
    "NINO",
    "VRM",
)
#: The structured UK identifiers among them; the target for these is :data:`UK_IDENTIFIER_TARGET`.
UK_IDENTIFIER_LABELS: tuple[str, ...] = ("POSTCODE", "PHONE", "EMAIL", "NINO", "VRM")
UK_IDENTIFIER_TARGET = 0.95

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SpanOutcome:
    """One gold personal-data span and whether the redactions hid it."""

    doc_id: str
    label: str
    start: int
    end: int
    text: str
    redacted: bool  # every non-space character covered
    touched: bool  # at least one character covered


@dataclass(frozen=True, slots=True)
class Count:
    """A proportion: how many of ``total`` spans were hidden."""

    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass
class RedactionScore:
    """The outcome of every gold personal-data span, and the redacted characters."""

    outcomes: list[SpanOutcome] = field(default_factory=list)
    documents: int = 0
    redacted_characters: int = 0
    redacted_inside_personal_data: int = 0

    def count(self, labels: Iterable[str] = PERSONAL_DATA_LABELS, *, loose: bool = False) -> Count:
        wanted = set(labels)
        chosen = [o for o in self.outcomes if o.label in wanted]
        hits = sum(o.touched if loose else o.redacted for o in chosen)
        return Count(hits, len(chosen))

    @property
    def precision(self) -> float | None:
        if not self.redacted_characters:
            return None
        return self.redacted_inside_personal_data / self.redacted_characters

    @property
    def missed(self) -> list[SpanOutcome]:
        return [o for o in self.outcomes if not o.redacted]

    def add(self, other: RedactionScore) -> None:
        self.outcomes.extend(other.outcomes)
        self.documents += other.documents
        self.redacted_characters += other.redacted_characters
        self.redacted_inside_personal_data += other.redacted_inside_personal_data


def _covered(spans: Iterable[Span], length: int) -> set[int]:
    covered: set[int] = set()
    for start, end in spans:
        if not 0 <= start <= end <= length:
            raise ValueError(f"redaction {start}-{end} is not within the text (length {length})")
        covered.update(range(start, end))
    return covered


def score_document(doc: EvalDocument, redactions: Iterable[Span]) -> RedactionScore:
    """Score one document's redactions (offsets into ``doc.text``, end exclusive)."""
    text = doc.text
    covered = _covered(redactions, len(text))
    gold: set[int] = set()
    outcomes = []
    for entity in doc.entities:
        if entity.label not in PERSONAL_DATA_LABELS:
            continue
        chars = [i for i in range(entity.start, entity.end) if not text[i].isspace()]
        gold.update(chars)
        hidden = [i in covered for i in chars]
        outcomes.append(
            SpanOutcome(
                doc_id=doc.id,
                label=entity.label,
                start=entity.start,
                end=entity.end,
                text=entity.text,
                redacted=all(hidden),
                touched=any(hidden),
            )
        )
    redacted = {i for i in covered if not text[i].isspace()}
    return RedactionScore(
        outcomes=outcomes,
        documents=1,
        redacted_characters=len(redacted),
        redacted_inside_personal_data=len(redacted & gold),
    )


def score_redactions(
    docs: Sequence[EvalDocument], redactions: Mapping[str, Iterable[Span]]
) -> RedactionScore:
    """Score every document; a document with no entry in ``redactions`` had none."""
    total = RedactionScore()
    for doc in docs:
        total.add(score_document(doc, redactions.get(doc.id, ())))
    return total
