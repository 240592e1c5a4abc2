"""A disclosure officer redacts a case's documents: every name and UK identifier is replaced,
the same person keeps one pseudonym across the case, names in CAPITALS are found, nothing is
fetched from the network, and a failure returns nothing rather than a half-redacted case."""

from __future__ import annotations

import re
import socket
from typing import Any

import pytest

from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.types import (
    Document,
    RedactionRequest,
    RedactionResult,
)
from policeai.plugins.redaction import plugin
from policeai.plugins.redaction.engine import LANGUAGE, Analyser
from policeai.plugins.redaction.pseudonyms import Mention, assign
from policeai.plugins.redaction.redactor import RedactionFailedError, Redactor, splice
from policeai.plugins.redaction.text import restore_case, style_of

TOKEN = re.compile(r"\[[A-Z_]+-[0-9]+\]")


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return plugin.redactor()


def redact(redactor: Redactor, *texts: str) -> RedactionResult:
    documents = [Document(doc_id=f"doc-{i}", text=text) for i, text in enumerate(texts, 1)]
    return redactor.redact(RedactionRequest(case_ref="DEMO/2026/000042", documents=documents))


def tokens_for(result: RedactionResult, doc: int, value: str, text: str) -> set[str]:
    """The pseudonyms of the redactions covering ``value`` in document ``doc`` (1-based)."""
    start = text.index(value)
    end = start + len(value)
    return {
        r.replacement
        for r in result.documents[doc - 1].redactions
        if r.source.start < end and start < r.source.end
    }


def assert_consistent(original: str, redacted: Any) -> None:
    """Spans are exact: each is a non-empty, trimmed piece of the original, they do not
    overlap, and the redacted text is the original with each replaced."""
    previous_end = 0
    for redaction in redacted.redactions:
        source = redaction.source
        assert source.doc_id == redacted.doc_id
        assert previous_end <= source.start < source.end <= len(original)
        piece = original[source.start : source.end]
        assert piece
        assert piece == piece.strip()
        assert TOKEN.fullmatch(redaction.replacement)
        assert redaction.replacement.startswith(f"[{redaction.label}-")
        previous_end = source.end
    assert redacted.text == splice(original, redacted.redactions)


STATEMENT = (
    "My name is Aisha Patel and I live at 14 Mill Lane, Leeds LS6 2QT. My mobile is "
    "07700 900123 and my email is aisha.patel@example.com. On Friday my neighbour Gary "
    "Thornberry shouted at me. His van, a white Transit YX19 KFD, was parked outside."
)
CALL_LOG = (
    "CALLER MRS AISHA PATEL REPORTS NEIGHBOUR THORNBERRY SHOUTING AGAIN. CALLER ON "
    "07700900123. ADDRESS 14 MILL LANE LS62QT. VAN yx19kfd OUTSIDE."
)


def test_the_same_person_keeps_one_pseudonym_across_the_cases_documents(
    redactor: Redactor,
) -> None:
    result = redact(redactor, STATEMENT, CALL_LOG)

    for a, b in (
        ("Aisha Patel", "MRS AISHA PATEL"),
        ("Gary \nThornberry".replace(" \n", " "), "THORNBERRY"),
        ("07700 900123", "07700900123"),
        ("LS6 2QT", "LS62QT"),
        ("YX19 KFD", "yx19kfd"),
        ("14 Mill Lane", "14 MILL LANE"),
    ):
        first, second = tokens_for(result, 1, a, STATEMENT), tokens_for(result, 2, b, CALL_LOG)
        assert first, f"{a!r} was not redacted"
        assert first == second, f"{a!r} became {first} but {b!r} became {second}"
    # Numbered per label by first appearance; different people get different pseudonyms.
    assert tokens_for(result, 1, "Aisha Patel", STATEMENT) == {"[PERSON-1]"}
    assert tokens_for(result, 1, "Gary Thornberry", STATEMENT) == {"[PERSON-2]"}
    assert result.documents[0].text.startswith("My name is [PERSON-1] and I live at [ADDRESS-1]")


def test_a_lone_surname_joins_the_one_full_name_it_can_belong_to() -> None:
    mentions = [
        Mention(0, 0, 10, "PERSON", "John Smith"),
        Mention(0, 20, 28, "PERSON", "Mr Smith"),
        Mention(1, 0, 5, "PERSON", "SMITH"),
        Mention(1, 10, 20, "PERSON", "Jane Jones"),
        Mention(1, 30, 40, "PERSON", "Paul Jones"),
        Mention(1, 50, 55, "PERSON", "Jones"),
        Mention(1, 60, 67, "POSTCODE", "LS6 2QT"),
        Mention(2, 0, 6, "POSTCODE", "ls62qt"),
        Mention(2, 10, 22, "PHONE", "07700 900123"),
        Mention(2, 30, 45, "PHONE", "+44 7700 900123"),
    ]

    replacements = assign(mentions)

    assert [replacements[m] for m in mentions] == [
        "[PERSON-1]",
        "[PERSON-1]",
        "[PERSON-1]",
        "[PERSON-2]",
        "[PERSON-3]",
        "[PERSON-4]",  # two Joneses: a lone "Jones" cannot be told apart, so it stays apart
        "[POSTCODE-1]",
        "[POSTCODE-1]",
        "[PHONE-1]",
        "[PHONE-1]",
    ]


def test_names_in_capitals_are_found_on_a_case_restored_copy(redactor: Redactor) -> None:
    text = "CALLER STATES HER EX PARTNER DARREN OKONJO HAS SMASHED HER WINDOW AND RAN OFF"
    analyser = redactor.analyser
    restored = restore_case(text, analyser.lexicon)

    assert style_of(text) == "upper"
    assert len(restored) == len(text)
    assert "Darren Okonjo" in restored
    assert "smashed her window" in restored
    model = analyser.nlp_engine.nlp[LANGUAGE]
    assert "DARREN OKONJO" not in [e.text for e in model(text).ents if e.label_ == "PERSON"]
    assert "Darren Okonjo" in [e.text for e in model(restored).ents if e.label_ == "PERSON"]

    result = redact(redactor, text, text.lower())
    assert result.documents[0].text == (
        "CALLER STATES HER EX PARTNER [PERSON-1] HAS SMASHED HER WINDOW AND RAN OFF"
    )
    assert result.documents[1].text == (
        "caller states her ex partner [PERSON-1] has smashed her window and ran off"
    )


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("PHONE", "07700 900123"),
        ("PHONE", "07700900123"),
        ("PHONE", "+44 7700 900123"),
        ("PHONE", "+44 (0)113 496 0456"),
        ("PHONE", "(0113) 496 0456"),
        ("PHONE", "0044 7700 900123"),
        ("PHONE", "07700-900-123"),
        ("PHONE", "07700 90012"),  # a digit short: still redacted
        ("POSTCODE", "SW1A 1AA"),
        ("POSTCODE", "m11ae"),
        ("POSTCODE", "b33 8th"),
        ("VRM", "AB12 CDE"),
        ("VRM", "ab12cde"),
        ("VRM", "P123 ABC"),
        ("VRM", "abc 123p"),
        ("NINO", "QQ 12 34 56 C"),
        ("NINO", "ab123456c"),
        ("EMAIL", "o.adeyemi_brown+police@mail.example.co.uk"),
        ("DOB", "12/04/1990"),
        ("DOB", "12.04.90"),
        ("DOB", "12th April 1990"),
        ("DOB", "1990-04-12"),
    ],
)
def test_uk_identifiers_are_redacted_however_they_are_written(
    redactor: Redactor, label: str, value: str
) -> None:
    cue = {"DOB": "dob", "VRM": "reg"}.get(label, "ref")
    text = f"the informant gave {cue} {value} to the officer"

    result = redact(redactor, text).documents[0]

    assert [(r.label, text[r.source.start : r.source.end]) for r in result.redactions] == [
        (label, value)
    ]
    assert result.text == f"the informant gave {cue} [{label}-1] to the officer"


@pytest.mark.parametrize(
    "address",
    [
        "14 Mill Lane, Leeds",
        "flat 3 22 high st",
        "Flat 6 Carlton House 12 Victoria St",
        "3 The Paddocks, Scarcroft",
    ],
)
def test_street_addresses_are_redacted_with_their_locality(
    redactor: Redactor, address: str
) -> None:
    text = f"She lives at {address}. Nobody else was home."

    result = redact(redactor, text).documents[0]

    assert result.text == "She lives at [ADDRESS-1]. Nobody else was home."


def test_the_redacted_text_holds_none_of_the_personal_data(redactor: Redactor) -> None:
    report = (
        "ip kerry-ann mcbride 23/05/1962 reports her ex dwayne fitzpatrick turned up o/s 7 "
        "cedar court, roundhay ls8 1hn at 2100hrs. s/o sent msgs from 07700 900997. ip email "
        "k.mcbride@example.org, nino qq 31 42 59 c. s/o drives blue astra bk17 yzo."
    )
    personal = [
        "kerry-ann mcbride",
        "23/05/1962",
        "dwayne fitzpatrick",
        "7 cedar court, roundhay",
        "ls8 1hn",
        "07700 900997",
        "k.mcbride@example.org",
        "qq 31 42 59 c",
        "bk17 yzo",
    ]

    result = redact(redactor, report, STATEMENT, CALL_LOG)

    redacted = result.documents[0].text
    squeezed = re.sub(r"\s+", "", redacted.lower())
    for value in personal:
        assert re.sub(r"\s+", "", value) not in squeezed, f"{value!r} is still readable"
    for word in ("mcbride", "fitzpatrick", "patel", "thornberry"):
        assert all(word not in d.text.lower() for d in result.documents)
    assert "2100hrs" in redacted  # not personal data
    assert "blue astra" in redacted


def test_spans_are_exact_offsets_into_the_original(redactor: Redactor) -> None:
    texts = [STATEMENT, CALL_LOG, "Nothing personal here: the shed was broken into at 2am."]

    result = redact(redactor, *texts)

    assert [d.doc_id for d in result.documents] == ["doc-1", "doc-2", "doc-3"]
    for original, redacted in zip(texts, result.documents, strict=True):
        assert_consistent(original, redacted)
    assert result.documents[2].redactions == []
    assert result.documents[2].text == texts[2]


def test_an_event_date_a_statute_or_an_age_is_not_personal_data(redactor: Redactor) -> None:
    text = (
        "pc 2241 attended on 12/03/2024 at 2300hrs; s/o arrested s.47 oapa and s23 mda. "
        "the woman was in her 40s."
    )

    result = redact(redactor, text).documents[0]

    assert result.redactions == []


def test_bad_input_is_refused_with_a_clear_message(redactor: Redactor) -> None:
    with pytest.raises(ValueError, match="'doc-2' has no text to redact"):
        redact(redactor, STATEMENT, " \n ")
    twice = RedactionRequest(
        case_ref="X", documents=[Document("same", "John Smith"), Document("same", "Jane Doe")]
    )
    with pytest.raises(ValueError, match="'same' is given twice"):
        redactor.redact(twice)


def test_it_fails_closed_when_analysis_fails(
    redactor: Redactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    analyse = redactor.analyser.find

    def fail_on_the_second(text: str) -> Any:
        if text == CALL_LOG:
            raise RuntimeError("the model crashed")
        return analyse(text)

    monkeypatch.setattr(redactor.analyser, "find", fail_on_the_second)

    with pytest.raises(RedactionFailedError, match=r"'doc-2' failed \(RuntimeError: the model"):
        redact(redactor, STATEMENT, CALL_LOG)
    # Through the host, as the gateway calls it: an error, never a partial result.
    host = PluginHost()
    request = RedactionRequest(
        case_ref="X", documents=[Document("a", STATEMENT), Document("b", CALL_LOG)]
    )
    with pytest.raises(RedactionFailedError, match="nothing unredacted can be disclosed"):
        host.call("redaction", "policeai_redact", request=request)


def test_it_fails_closed_when_anonymisation_fails(
    redactor: Redactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> Any:
        raise ValueError("operator failed")

    monkeypatch.setattr(redactor.anonymiser, "anonymize", broken)

    with pytest.raises(RedactionFailedError, match="anonymisation of document 'doc-1' failed"):
        redact(redactor, STATEMENT)


def test_it_refuses_an_anonymised_text_that_does_not_match_its_spans(
    redactor: Redactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    anonymise = redactor.anonymiser.anonymize

    def leaky(**kwargs: Any) -> Any:
        result = anonymise(**kwargs)
        result.text = kwargs["text"]  # as if nothing had been replaced
        return result

    monkeypatch.setattr(redactor.anonymiser, "anonymize", leaky)

    with pytest.raises(RedactionFailedError, match="does not match its redactions"):
        redact(redactor, STATEMENT)


def test_nothing_is_fetched_from_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> Any:
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    fresh = Redactor(Analyser())  # loading the model and the recognisers, too
    result = redact(
        fresh,
        "Email j.bloggs@example.co.uk or see https://www.example.org/page about "
        "Joe Bloggs, 07700 900123.",
    )

    assert attempts == []
    assert result.documents[0].text == (
        "Email [EMAIL-1] or see https://www.example.org/page about [PERSON-1], [PHONE-1]."
    )


def test_presidio_runs_uk_recognisers_and_none_of_the_united_states(redactor: Redactor) -> None:
    names = {r.name for r in redactor.analyser.analyzer.registry.recognizers}

    assert {"UkPostcodeRecognizer", "UkNinoRecognizer", "UkVehicleRegistrationRecognizer"} <= names
    assert {"UkPhoneRecogniser", "UkAddressRecogniser", "UkNameRecogniser"} <= names
    assert not [n for n in names if n.startswith("Us")]
    # Presidio's e-mail and URL recognisers would fetch a public suffix list: not used.
    assert not names & {"EmailRecognizer", "UrlRecognizer", "PhoneRecognizer", "DateRecognizer"}
    text = "His driving licence is SMITH712034JJ9AA; call 0113 496 0456."
    result = redact(redactor, text).documents[0]
    assert result.text == "His driving licence is [DRIVING_LICENCE-1]; call [PHONE-1]."
