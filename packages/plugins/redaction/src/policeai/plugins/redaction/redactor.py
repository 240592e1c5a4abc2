"""Redaction of a case's documents for disclosure, with one pseudonym per person across them.

For a request, the redactor:

1. analyses every document (:class:`.engine.Analyser`);
2. looks again, in every document, for each name it found in any of them, so that a surname
   mentioned alone later ("WHITFIELD was seen...") is redacted too;
3. resolves overlapping findings character by character (an e-mail address beats the name
   inside it; see :data:`.engine.PRIORITY`) into non-overlapping redactions;
4. gives each redaction its pseudonym (:mod:`.pseudonyms`);
5. replaces the redacted spans with Presidio's anonymiser, and checks its output against the
   spans: each :class:`Redaction` says where in the *original* text it was and what replaced
   it, and the redacted text is exactly the original with those replacements.

It fails closed: if analysis or anonymisation fails for any document, it raises
:class:`RedactionFailedError` and returns nothing, never a partly redacted case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from policeai.core.plugins.types import (
    Document,
    RedactedDocument,
    Redaction,
    RedactionRequest,
    RedactionResult,
    Span,
)
from policeai.plugins.redaction.addresses import STREET_SUFFIXES
from policeai.plugins.redaction.engine import PRIORITY, Analyser, Finding
from policeai.plugins.redaction.lexicon import TITLES
from policeai.plugins.redaction.pseudonyms import Mention, assign, name_words
from policeai.plugins.redaction.text import style_of

#: Punctuation and space trimmed from the ends of a redaction (a bracket only if unmatched).
_EDGE = " \t\r\n,;:.\"'"
_OPENING, _CLOSING = "([", ")]"
_RANK = {label: rank for rank, label in enumerate(PRIORITY)}
PROPAGATED = 0.75


class RedactionFailedError(RuntimeError):
    """Analysis or anonymisation failed for a document: the whole request is refused."""


class Redactor:
    """Redacts a request's documents; build once (it holds the loaded model)."""

    def __init__(self, analyser: Analyser | None = None) -> None:
        self.analyser = analyser or Analyser()
        self.anonymiser = AnonymizerEngine()

    def redact(self, request: RedactionRequest) -> RedactionResult:
        documents = request.documents
        _check(documents)
        findings = [self._analyse(doc) for doc in documents]
        findings = self._propagate_names(documents, findings)
        mentions = [
            Mention(index, start, end, label, doc.text[start:end])
            for index, doc in enumerate(documents)
            for label, start, end in _resolve(doc.text, findings[index])
        ]
        replacements = assign(mentions)
        by_document: list[list[Mention]] = [[] for _ in documents]
        for mention in mentions:
            by_document[mention.doc_index].append(mention)
        return RedactionResult(
            documents=[
                self._anonymise(doc, by_document[index], replacements)
                for index, doc in enumerate(documents)
            ]
        )

    def _analyse(self, doc: Document) -> list[Finding]:
        try:
            return self.analyser.find(doc.text)
        except Exception as error:
            raise RedactionFailedError(
                f"the analysis of document {doc.doc_id!r} failed ({type(error).__name__}: "
                f"{error}); no document is returned, so nothing unredacted can be disclosed"
            ) from error

    def _propagate_names(
        self, documents: Sequence[Document], findings: list[list[Finding]]
    ) -> list[list[Finding]]:
        """Every document's findings, plus each other mention of a name found anywhere.

        A full name is looked for as it is. A word of a name is looked for on its own when
        no ordinary word could be meant ("Whitfield"), or when it is a common surname that
        is neither an adjective nor a street's suffix ("Smith", "Ellis"; not "White" or
        "Lane"); in a document written with normal capitals it must be capitalised."""
        lexicon = self.analyser.lexicon
        names: set[tuple[str, ...]] = set()
        surnames: set[str] = set()
        for doc, found in zip(documents, findings, strict=True):
            for finding in found:
                if finding.label != "PERSON":
                    continue
                words = name_words(doc.text[finding.start : finding.end])
                if len(words) > 1:
                    names.add(words)
                for word in words:
                    if len(word) < 3:
                        continue
                    if not lexicon.is_known(word):
                        names.add((word,))
                    elif (
                        lexicon.is_surname(word)
                        and not lexicon.is_adjective(word)
                        and word not in STREET_SUFFIXES
                    ):
                        surnames.add(word)
        if not names and not surnames:
            return findings
        exact, capitalised = _name_pattern(names), _name_pattern({(s,) for s in surnames})
        result = []
        for doc, found in zip(documents, findings, strict=True):
            extra = [m.span() for m in exact.finditer(doc.text)] if names else []
            if surnames:
                mixed = style_of(doc.text) == "mixed"
                extra += [
                    m.span()
                    for m in capitalised.finditer(doc.text)
                    if not mixed or m.group("name")[0].isupper()
                ]
            result.append([*found, *(Finding("PERSON", s, e, PROPAGATED) for s, e in extra)])
        return result

    def _anonymise(
        self, doc: Document, mentions: list[Mention], replacements: dict[Mention, str]
    ) -> RedactedDocument:
        redactions = [
            Redaction(
                label=m.label,
                source=Span(doc_id=doc.doc_id, start=m.start, end=m.end),
                replacement=replacements[m],
            )
            for m in sorted(mentions, key=lambda m: m.start)
        ]
        try:
            # One entity type per redaction, so each gets its own replacement.
            result = self.anonymiser.anonymize(
                text=doc.text,
                analyzer_results=[
                    RecognizerResult(f"R{i}", r.source.start, r.source.end, 1.0)
                    for i, r in enumerate(redactions)
                ],
                operators={
                    f"R{i}": OperatorConfig("replace", {"new_value": r.replacement})
                    for i, r in enumerate(redactions)
                },
            )
            redacted = result.text
        except Exception as error:
            raise RedactionFailedError(
                f"the anonymisation of document {doc.doc_id!r} failed ({type(error).__name__}:"
                f" {error}); no document is returned, so nothing unredacted can be disclosed"
            ) from error
        if redacted != splice(doc.text, redactions):
            raise RedactionFailedError(
                f"the anonymised text of document {doc.doc_id!r} does not match its "
                "redactions; no document is returned"
            )
        return RedactedDocument(doc_id=doc.doc_id, text=redacted, redactions=redactions)


def _name_pattern(names: set[tuple[str, ...]]) -> re.Pattern[str]:
    """Any of ``names`` (as words, any case, any spacing), with a title before it if any."""
    alternatives = sorted((r"\s+".join(map(re.escape, n)) for n in names), key=len, reverse=True)
    titles = "|".join(sorted(TITLES))
    return re.compile(
        rf"(?<![\w'])(?:(?:{titles})\.?\s+)?(?P<name>{'|'.join(alternatives)})(?![\w'])",
        re.IGNORECASE,
    )


def splice(text: str, redactions: Sequence[Redaction]) -> str:
    """``text`` with each redaction's source span replaced by its replacement."""
    parts, position = [], 0
    for redaction in sorted(redactions, key=lambda r: r.source.start):
        parts += [text[position : redaction.source.start], redaction.replacement]
        position = redaction.source.end
    parts.append(text[position:])
    return "".join(parts)


def _check(documents: Sequence[Document]) -> None:
    seen: set[str] = set()
    for doc in documents:
        if not doc.text.strip():
            raise ValueError(f"document {doc.doc_id!r} has no text to redact")
        if doc.doc_id in seen:
            raise ValueError(
                f"document id {doc.doc_id!r} is given twice: each document needs its own id"
            )
        seen.add(doc.doc_id)


def _resolve(text: str, findings: Sequence[Finding]) -> list[tuple[str, int, int]]:
    """Non-overlapping (label, start, end) redactions: each character takes the label of
    the highest-priority finding covering it; runs of one label become one redaction, and a
    name's words separated only by space stay one name."""
    owner: list[int | None] = [None] * len(text)
    for finding in findings:
        rank = _RANK.get(finding.label, len(PRIORITY))
        for i in range(finding.start, finding.end):
            current = owner[i]
            if current is None or rank < current:
                owner[i] = rank
    labels = [*PRIORITY, "OTHER"]
    runs: list[tuple[str, int, int]] = []
    i = 0
    while i < len(text):
        rank = owner[i]
        if rank is None:
            i += 1
            continue
        j = i
        while j < len(text) and owner[j] == rank:
            j += 1
        label = labels[rank] if rank < len(PRIORITY) else _other_label(findings, i)
        if (
            runs
            and label == "PERSON"
            and runs[-1][0] == "PERSON"
            and not text[runs[-1][2] : i].strip()
        ):
            runs[-1] = ("PERSON", runs[-1][1], j)
        else:
            runs.append((label, i, j))
        i = j
    return [r for r in (_trim(text, *run) for run in runs) if r is not None]


def _other_label(findings: Sequence[Finding], position: int) -> str:
    return next(f.label for f in findings if f.start <= position < f.end)


def _trim(text: str, label: str, start: int, end: int) -> tuple[str, int, int] | None:
    while True:
        before = (start, end)
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        inside = text[start:end]
        if inside[:1] in _OPENING and _CLOSING[_OPENING.index(inside[0])] not in inside:
            start += 1
        if inside[-1:] in _CLOSING and _OPENING[_CLOSING.index(inside[-1])] not in inside:
            end -= 1
        if (start, end) == before or start >= end:
            break
    return (label, start, end) if start < end else None
