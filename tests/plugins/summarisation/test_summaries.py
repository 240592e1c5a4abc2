"""An officer asks for a summary of a statement or a case: each sentence is copied exactly
from the span it cites, in the documents' order, within the length asked for, and keeps who,
what, when and where, also in text typed in capitals without punctuation."""

from __future__ import annotations

from typing import Any

import pytest

from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.types import Document, SummariseRequest, Summary
from policeai.plugins.summarisation.card import ATRS, MODEL_CARD
from policeai.plugins.summarisation.language import parse
from policeai.plugins.summarisation.plugin import MAX_CHARACTERS
from policeai.plugins.summarisation.segment import sentences
from policeai.registry.demo import demo_atrs, demo_model_card
from policeai.registry.entries.atrs import validate_atrs, validate_model_card
from policeai.registry.suites.summarisation import FACTORS

TOOL = "summariser"

STATEMENT = (
    "I am Margaret Ellis and I live at 26 Sycamore Drive, Otley. "
    "I work as a receptionist and I have lived at the address for ten years. "
    "I enjoy gardening and I often walk my dog in the evenings. "
    "On Friday 19th January 2024 I left the house at about 8am to go to work. "
    "The weather was cold and the roads were quiet. "
    "When I came home at around 5.30pm I found the kitchen window had been forced. "
    "My jewellery box and my laptop had been stolen from the bedroom. "
    "My neighbour Alan Pickersgill saw two men in a white van outside at about 2pm. "
    "I have not given anyone permission to enter my house."
)
CALL_LOG = (
    "CALLER MRS JOAN WHITFIELD STATES SOMEONE HAS JUST SMASHED BACK DOOR GLASS AT 14 ASHGROVE "
    "TERRACE HEADINGLEY HEARD NOISE 5 MINS AGO 2 MALES SEEN RUNNING TOWARDS WOODHOUSE MOOR ONE "
    "IN GREY HOODIE CALLER VERY SHAKEN SUSPECT ONE WAS CARRYING A CROWBAR CALLER SAYS SAME "
    "HAPPENED TO NEIGHBOUR LAST WEEK CALLER ON 07700 900412"
)


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


def summarise(host: PluginHost, *texts: str, max_sentences: int = 3) -> Summary:
    request = SummariseRequest(
        documents=[Document(doc_id=f"doc-{i}", text=text) for i, text in enumerate(texts, 1)],
        max_sentences=max_sentences,
    )
    answer = host.call(TOOL, "policeai_summarise", request=request)
    assert isinstance(answer, Summary)
    texts_by_id = {d.doc_id: d.text for d in request.documents}
    for sentence in answer.sentences:  # every summary: spans exact and in source order
        source = sentence.source
        assert sentence.text == texts_by_id[source.doc_id][source.start : source.end]
    order = [(s.source.doc_id, s.source.start) for s in answer.sentences]
    assert order == sorted(order)
    return answer


def test_a_long_statement_is_cut_to_who_what_when_and_where(host: PluginHost) -> None:
    summary = summarise(host, STATEMENT, max_sentences=4)
    chosen = " ".join(s.text for s in summary.sentences)
    assert len(summary.sentences) <= 4
    assert "Margaret Ellis" in chosen  # who
    assert "forced" in chosen or "stolen" in chosen  # what
    assert "5.30pm" in chosen or "8am" in chosen  # when
    assert "Sycamore Drive" in chosen  # where
    assert "gardening" not in chosen
    assert "weather" not in chosen


def test_capitals_without_punctuation_are_split_into_sentences(host: PluginHost) -> None:
    parsed = parse(CALL_LOG)
    found = [CALL_LOG[start:end] for start, end in sentences(parsed)]
    assert len(found) >= 3
    assert all(len(s.split()) <= 40 for s in found)
    summary = summarise(host, CALL_LOG, max_sentences=2)
    assert 1 <= len(summary.sentences) <= 2
    assert len(" ".join(s.text for s in summary.sentences)) < len(CALL_LOG)
    assert any("WHITFIELD" in s.text for s in summary.sentences)


def test_a_word_or_number_is_never_cut_in_two(host: PluginHost) -> None:
    text = (
        "MALE USING A BRICK NOW WALKING OFF TOWARDS THE CO-OP WEARING RED CAP AND BLACK COAT "
        "WITH WHITE TRAINERS AND A GREY RUCKSACK CALLER MR PATEL ON 020 7946 0377 SAYS HE SAW IT"
    )
    for start, end in sentences(parse(text)):
        assert start == 0 or not text[start - 1].isalnum()
        assert end == len(text) or not text[end].isalnum()
        assert not text[start:end].startswith("OP ")


def test_a_lower_case_statement_without_capitals_is_summarised(host: PluginHost) -> None:
    text = (
        "me and my girlfriend were in the queue at pizza express. a guy started on us for no "
        "reason. he smashed a bottle over my head. i know him as jordan whitaker. this was "
        "about an hour ago. my name is callum reid."
    )
    summary = summarise(host, text, max_sentences=2)
    assert any("bottle" in s.text for s in summary.sentences)


def test_a_case_summary_cites_its_several_documents(host: PluginHost) -> None:
    summary = summarise(
        host,
        STATEMENT,
        CALL_LOG,
        "attended 4 laburnum st, bramley re burglary dwelling. ip susan clarke states left home "
        "approx 1800hrs returned approx 0200hrs to find rear door forced. stolen: tv, xbox.",
        max_sentences=5,
    )
    cited = {s.source.doc_id for s in summary.sentences}
    assert len(summary.sentences) <= 5
    assert cited == {"doc-1", "doc-2", "doc-3"}


@pytest.mark.parametrize("max_sentences", [1, 2, 5, 50])
def test_never_more_sentences_than_asked_for(host: PluginHost, max_sentences: int) -> None:
    summary = summarise(host, STATEMENT, CALL_LOG, max_sentences=max_sentences)
    assert 1 <= len(summary.sentences) <= max_sentences


def test_spans_are_exact_in_text_with_accents_symbols_and_line_breaks(host: PluginHost) -> None:
    text = (
        "Zoë Brontë reports £450 was taken from the café on Rue Señor.\n\n"
        "İlker Öztürk saw the suspect at 10:15pm.   He ran towards the station.\r\n"
        "The till drawer was forced."
    )
    summary = summarise(host, text, max_sentences=3)
    assert summary.sentences
    assert all("\n" not in s.text and s.text == s.text.strip() for s in summary.sentences)


def test_capitals_whose_lower_case_is_longer_keep_their_offsets(host: PluginHost) -> None:
    text = (
        "CALLER İLKER ÖZTÜRK REPORTS MALE TOOK HIS BIKE FROM OUTSIDE THE CAFÉ ON GROSSE STRAßE "
        "AT 2200HRS SUSPECT RAN TOWARDS THE PARK CALLER ON 07700 900123 SUSPECT WEARING GREY "
        "HOODIE AND BLACK CAP WITH WHITE TRAINERS"
    )
    summary = summarise(host, text, max_sentences=2)
    assert summary.sentences[0].text.startswith("CALLER İLKER ÖZTÜRK")


def test_a_one_sentence_document_is_its_own_summary(host: PluginHost) -> None:
    summary = summarise(host, "Someone stole my bike from outside Leeds station last night.")
    assert [s.text for s in summary.sentences] == [
        "Someone stole my bike from outside Leeds station last night."
    ]


def test_the_same_document_id_twice_is_refused(host: PluginHost) -> None:
    request = SummariseRequest(
        documents=[Document(doc_id="s1", text="One."), Document(doc_id="s1", text="Two.")]
    )
    with pytest.raises(ValueError, match="given twice"):
        host.call(TOOL, "policeai_summarise", request=request)


def test_too_much_text_is_refused_with_a_reason(host: PluginHost) -> None:
    request = SummariseRequest(documents=[Document(doc_id="s1", text="x" * (MAX_CHARACTERS + 1))])
    with pytest.raises(ValueError, match="at most"):
        host.call(TOOL, "policeai_summarise", request=request)


def shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [shape(value[0])]
    return type(value).__name__


def test_the_transparency_records_are_valid_and_shaped_like_the_demo_tool() -> None:
    validate_atrs(ATRS)
    validate_model_card(MODEL_CARD)
    assert set(MODEL_CARD) == set(demo_model_card())
    assert set(ATRS["tier2"]) == set(demo_atrs()["tier2"])
    assert shape(ATRS["tier1"]) == shape(demo_atrs()["tier1"])
    assert set(MODEL_CARD["factors"]) <= set(FACTORS)
