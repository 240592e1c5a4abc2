"""Sentences: where each one starts and ends in its document.

spaCy's parser finds the sentences; a line break always ends one, and a break the parser puts
inside a word or a number ("CO- | OP", "07700 | 900155") is undone. In run-on text (typed in
capitals, or with fewer than one full stop in :data:`RUN_ON_WORDS` words: a control-room log)
a sentence of more than :data:`MAX_WORDS` words is split further before the words that start a
new clause in such logs ("CALLER", "SUSPECT", "S/O", "THEN", "MALE"...) and after a
semicolon, colon or dash, keeping at least :data:`MIN_WORDS` words on each side. Spans are
trimmed of white space; ``text[start:end]`` is the sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policeai.plugins.summarisation.language import Parsed

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MAX_WORDS = 30
MIN_WORDS = 5
RUN_ON_WORDS = 25
SENTENCE_ENDS = re.compile(r"[.!?](?:\s|$)")
#: Words that start a new clause in unpunctuated logs (lower case).
CLAUSE_CUES = frozenset(
    str.split(
        """caller callers suspect suspects susp victim victims witness witnesses informant then
    male males female females he she they we police officers officer pc ambo ambulance also
    after later offender offenders youth youths another driver manager staff neighbour
    neighbours cctv nil area ip s/o i"""
    )
)
#: Punctuation after which a long sentence may be split.
CLAUSE_MARKS = frozenset({";", ":", "-", "--", "\u2013", "\u2014"})
LINE_BREAK = re.compile(r"\n\s*")


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not any(char.isalnum() for char in text[start:end]):
        return None
    return start, end


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces, cursor = [], start
    for found in LINE_BREAK.finditer(text, start, end):
        pieces.append((cursor, found.start()))
        cursor = found.end()
    pieces.append((cursor, end))
    return pieces


def _is_cue(doc: Doc, i: int) -> bool:
    token = doc[i]
    word = token.lower_
    if doc.text[token.idx : token.idx + 3].lower() == "s/o":
        word = "s/o"
    if word not in CLAUSE_CUES:
        return False
    previous = doc[i - 1] if i > 0 else None
    if previous is None:
        return True
    # "the caller", "by the suspect", "2 males": part of the clause before, not a new one;
    # "a man I now know": a pronoun after a noun begins a relative clause.
    if previous.pos_ in {"DET", "ADP", "PART", "AUX", "NUM"} or previous.like_num:
        return False
    return not (token.pos_ == "PRON" and previous.pos_ in {"NOUN", "PROPN"})


def _clause_mark(token: Token) -> bool:
    """A semicolon or colon, or a dash standing between spaces (not "CO-OP")."""
    if token.text in {";", ":"}:
        return True
    return token.text in CLAUSE_MARKS and bool(token.doc[token.i - 1].whitespace_)


def run_on(parsed: Parsed) -> bool:
    """Whether the text is a run-on log: in capitals, or with few full stops."""
    words = len(parsed.text.split())
    ends = len(SENTENCE_ENDS.findall(parsed.text))
    return parsed.capitals or words > RUN_ON_WORDS * (ends + 1)


def _split_long(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    span = doc.char_span(start, end, alignment_mode="contract")
    words = [t for t in span if not t.is_punct and not t.is_space] if span is not None else []
    if span is None or len(words) <= MAX_WORDS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    piece_start, count = span.start, 0
    for i in range(span.start, span.end):
        token = doc[i]
        left = sum(1 for t in doc[i : span.end] if not t.is_punct)
        room = count >= MIN_WORDS and left >= MIN_WORDS
        if room and (_is_cue(doc, i) or (i > span.start + 1 and _clause_mark(doc[i - 1]))):
            pieces.append((doc[piece_start].idx, doc[i - 1].idx + len(doc[i - 1])))
            piece_start, count = i, 0
        if not token.is_punct:
            count += 1
    pieces.append((doc[piece_start].idx, end))
    return pieces


def _parser_sentences(parsed: Parsed) -> list[tuple[int, int]]:
    """The parser's sentences, with a break inside a word or a number undone."""
    text = parsed.text
    merged: list[tuple[int, int]] = []
    for sent in parsed.doc.sents:
        start, end = sent.start_char, sent.end_char
        if merged:
            before = text[merged[-1][1] - 1] if merged[-1][1] else ""
            gap = text[merged[-1][1] : start]
            after = text[start] if start < len(text) else ""
            inside_word = (gap == "" and before.isalnum()) or before == "-"
            inside_number = before.isdigit() and after.isdigit()
            if (inside_word or inside_number) and "\n" not in gap:
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    return merged


def sentences(parsed: Parsed) -> list[tuple[int, int]]:
    """The document's sentences as (start, end) character offsets, in order."""
    text, doc = parsed.text, parsed.doc
    split = run_on(parsed)
    found: list[tuple[int, int]] = []
    for sent_start, sent_end in _parser_sentences(parsed):
        for line_start, line_end in _lines(text, sent_start, sent_end):
            trimmed = _trim(text, line_start, line_end)
            if trimmed is None:
                continue
            for piece in _split_long(doc, *trimmed) if split else [trimmed]:
                kept = _trim(text, *piece)
                if kept is not None:
                    found.append(kept)
    return found
