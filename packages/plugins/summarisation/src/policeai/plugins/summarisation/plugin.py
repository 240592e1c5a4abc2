"""The plugin's hooks: its manifest and ``policeai_summarise``."""

from __future__ import annotations

from policeai.core.plugins import hookimpl
from policeai.core.plugins.manifest import Manifest, Publisher
from policeai.core.plugins.types import Span, SummariseRequest, Summary, SummarySentence
from policeai.plugins.summarisation import VERSION
from policeai.plugins.summarisation.facets import Sentence, facets_of
from policeai.plugins.summarisation.language import MODEL, parse
from policeai.plugins.summarisation.segment import sentences
from policeai.plugins.summarisation.select import choose

PLUGIN_ID = "summariser"
#: The most text one request may hold, all documents together.
MAX_CHARACTERS = 200_000


@hookimpl
def policeai_manifest() -> Manifest:
    return Manifest(
        id=PLUGIN_ID,
        version=VERSION,
        name="Summariser",
        publisher=Publisher(name="Police.AI", kind="police.ai"),
        capabilities=["summarise"],
        data_categories=["personal"],
        max_classification="OFFICIAL-SENSITIVE",
        model_name=f"spaCy {MODEL} with greedy who-what-when-where sentence selection",
        model_version=VERSION,
        intended_use=(
            "Summarise a long statement or a case's documents for an officer or supervisor "
            "reviewing the case: the sentences that say who, what, when and where, each "
            "citing the exact span of the document it comes from, in the documents' order."
        ),
        known_limitations=(
            "Extractive: it copies sentences and never rewords, so a summary can read "
            "abruptly and cannot resolve 'he' or 'she'. It finds people, times and places with "
            "a small general English model and patterns, and misses some, especially in text "
            "typed in capitals. It does not weigh credibility or spot contradictions between "
            "statements. English only."
        ),
        human_review_required=True,
    )


def _check(request: SummariseRequest) -> None:
    seen: set[str] = set()
    for document in request.documents:
        if document.doc_id in seen:
            raise ValueError(
                f"the document id {document.doc_id!r} is given twice: each document needs an "
                "id of its own for the summary to cite"
            )
        seen.add(document.doc_id)
        if not any(char.isalnum() for char in document.text):
            raise ValueError(
                f"document {document.doc_id!r} has no text to summarise (only spaces or "
                "punctuation)"
            )
    total = sum(len(document.text) for document in request.documents)
    if total > MAX_CHARACTERS:
        raise ValueError(
            f"the documents hold {total} characters; at most {MAX_CHARACTERS} can be "
            "summarised in one request: summarise fewer documents at a time"
        )


@hookimpl
def policeai_summarise(request: SummariseRequest) -> Summary:
    _check(request)
    found: list[Sentence] = []
    for index, document in enumerate(request.documents):
        parsed = parse(document.text)
        for start, end in sentences(parsed):
            facets, lemmas = facets_of(parsed, start, end)
            text = document.text[start:end]
            found.append(
                Sentence(
                    index, document.doc_id, start, end, text, facets, lemmas, len(text.split())
                )
            )
    chosen = choose(found, request.max_sentences)
    return Summary(
        sentences=[
            SummarySentence(text=s.text, source=Span(doc_id=s.doc_id, start=s.start, end=s.end))
            for s in chosen
        ]
    )
