"""The record-entry tool on narratives written as 999-call notes (capitals), officers' reports
(lower case, shorthand) and statements: what it finds, the values it gives and its spans."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

import msgspec
import pytest

from policeai.core.evaluation.dataset import DEV_SET_PATH
from policeai.core.invocations.items import items_from_output
from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.types import Document, ProposedField, ProposedFields, RecordEntryRequest
from policeai.plugins.record_entry.card import ATRS, DEV_SHA256, MODEL_CARD, TEST_SHA256
from policeai.plugins.record_entry.extract import restore_case, text_style
from policeai.registry.demo import demo_atrs, demo_model_card
from policeai.registry.entries.atrs import validate_atrs, validate_model_card

HOOK = "policeai_propose_record_fields"
WINTER = datetime(2024, 3, 10, 8, 0, tzinfo=UTC)  # a Sunday, GMT
SUMMER = datetime(2024, 7, 13, 9, 30, tzinfo=UTC)  # a Saturday, BST (10:30 in London)


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


def propose(host: PluginHost, text: str, when: datetime = WINTER) -> list[ProposedField]:
    request = RecordEntryRequest(document=Document(doc_id="doc-1", text=text), report_time=when)
    answer = host.call("record-entry", HOOK, request=request)
    assert isinstance(answer, ProposedFields)
    # Every answer survives the gateway's validation unchanged, and its spans are exact.
    assert msgspec.convert(msgspec.to_builtins(answer), ProposedFields) == answer
    for field in answer.fields:
        assert field.source.doc_id == "doc-1"
        assert text[field.source.start : field.source.end] == field.text
        assert field.text == field.text.strip()
        assert field.value
        assert 0.0 <= field.confidence <= 1.0
    return answer.fields


def found(fields: list[ProposedField], label: str) -> dict[str, ProposedField]:
    return {f.text: f for f in fields if f.label == label}


CALL = (
    "CALLER ZOFIA NOWAK STATES HER EX PARTNER BARTOSZ KOWALCZYK DOB 17/08/1991 HAS SMASHED HER "
    "FRONT WINDOW WITH A HAMMER AT 9 WESTFIELD CRESCENT ARMLEY LS12 3RT ABOUT 20 MINS AGO HE "
    "LEFT IN A BLUE NISSAN QASHQAI FE19 TZK TOWARDS TOWN STREET CALLER ON 07700 900777"
)


def test_a_call_in_capitals(host: PluginHost) -> None:
    fields = propose(host, CALL)
    people = found(fields, "PERSON")
    assert set(people) == {"ZOFIA NOWAK", "BARTOSZ KOWALCZYK"}
    assert people["ZOFIA NOWAK"].value == "Zofia Nowak"
    assert people["ZOFIA NOWAK"].role == "reporter"
    assert people["BARTOSZ KOWALCZYK"].attributes["dob"] == "1991-08-17"
    assert found(fields, "DOB")["17/08/1991"].value == "1991-08-17"
    assert found(fields, "ADDRESS")["9 WESTFIELD CRESCENT ARMLEY"].value == (
        "9 Westfield Crescent Armley"
    )
    assert found(fields, "POSTCODE")["LS12 3RT"].value == "LS12 3RT"
    assert found(fields, "PHONE")["07700 900777"].value == "+447700900777"
    assert "HAMMER" in found(fields, "WEAPON")
    assert "TOWN STREET" in found(fields, "LOCATION")
    when = found(fields, "DATETIME")["ABOUT 20 MINS AGO"]
    assert when.value == "2024-03-10T07:40:00+00:00"


def test_a_registration_mark_with_its_make_model_and_colour(host: PluginHost) -> None:
    vehicle = found(propose(host, CALL), "VRM")["FE19 TZK"]
    assert vehicle.value == "FE19TZK"
    assert vehicle.attributes == {"make": "Nissan", "model": "Qashqai", "colour": "Blue"}
    statement = (
        "My van, a white Ford Transit Custom, reg PX18 HGE, was broken into. Later I saw a "
        "red Vauxhall Corsa yb66 kfd outside."
    )
    vehicles = found(propose(host, statement), "VRM")
    assert vehicles["PX18 HGE"].attributes == {
        "make": "Ford",
        "model": "Transit Custom",
        "colour": "White",
    }
    assert vehicles["yb66 kfd"].value == "YB66KFD"
    assert vehicles["yb66 kfd"].attributes["make"] == "Vauxhall"
    assert vehicles["yb66 kfd"].attributes["colour"] == "Red"


REPORT = (
    "attended 27 greenmount st, holbeck ls11 9bq 1930hrs. ip ahmed raza 45yrs states s/o "
    "dwayne mcallister dob 02.02.96 punched him and took cash approx £250. s/o arrested. nino "
    "qq 12 34 56 b. ip tel 0113 496 0123, email a.raza@example.com."
)


def test_a_report_in_lower_case(host: PluginHost) -> None:
    fields = propose(host, REPORT)
    people = found(fields, "PERSON")
    assert people["ahmed raza"].role == "victim"
    assert people["ahmed raza"].attributes.get("age") == "45"
    assert people["dwayne mcallister"].value == "Dwayne McAllister"
    assert people["dwayne mcallister"].role == "suspect"
    assert people["dwayne mcallister"].attributes["dob"] == "1996-02-02"
    assert (
        found(fields, "ADDRESS")["27 greenmount st, holbeck"].value == "27 Greenmount St, Holbeck"
    )
    assert found(fields, "POSTCODE")["ls11 9bq"].value == "LS11 9BQ"
    assert found(fields, "NINO")["qq 12 34 56 b"].value == "QQ123456B"
    assert found(fields, "EMAIL")["a.raza@example.com"].value == "a.raza@example.com"
    assert found(fields, "PHONE")["0113 496 0123"].value == "+441134960123"
    assert found(fields, "DATETIME")["1930hrs"].value == "2024-03-09T19:30:00+00:00"


def test_money_values_in_pounds(host: PluginHost) -> None:
    text = (
        "Power tools worth around £3,500 were taken, my purse had £45.50 in it and the "
        "glazier says the window alone is about 800 pounds."
    )
    money = found(propose(host, text), "PROPERTY_VALUE")
    assert money["around £3,500"].value == "GBP 3500.00"
    assert money["around £3,500"].attributes["approximate"] == "yes"
    assert money["£45.50"].value == "GBP 45.50"
    assert money["£45.50"].attributes == {"amount": "45.50", "currency": "GBP"}
    assert money["about 800 pounds"].value == "GBP 800.00"


def test_a_statement_author_with_date_of_birth_and_address(host: PluginHost) -> None:
    text = (
        "I was walking along Kirkgate last night when a man I now know to be Lee Hardwick "
        "punched me. My name is Daniel Oyelaran, I was born on 22nd June 1994 and I live at "
        "5 Cavendish Mews, Wakefield WF1 4GH."
    )
    fields = propose(host, text)
    author = found(fields, "PERSON")["Daniel Oyelaran"]
    assert author.role == "victim"
    assert author.attributes["dob"] == "1994-06-22"
    assert author.attributes["address"] == "5 Cavendish Mews, Wakefield, WF1 4GH"
    assert "Lee Hardwick" in found(fields, "PERSON")
    assert found(fields, "DOB")["22nd June 1994"].value == "1994-06-22"


def test_text_with_no_punctuation(host: PluginHost) -> None:
    text = (
        "i was sat on the bench in hyde park last night about half ten when two lads came over "
        "one of them pulled a knife and took my phone worth about 600 quid my name is josh "
        "whitlock im 19 and my number is 07700900808"
    )
    fields = propose(host, text)
    assert found(fields, "PERSON")["josh whitlock"].value == "Josh Whitlock"
    assert found(fields, "PHONE")["07700900808"].value == "+447700900808"
    assert found(fields, "DATETIME")["last night about half ten"].value == (
        "2024-03-09T22:30:00+00:00"
    )
    assert "knife" in found(fields, "WEAPON")
    assert "hyde park" in found(fields, "LOCATION")
    assert found(fields, "PROPERTY_VALUE")["about 600 quid"].value == "GBP 600.00"


@pytest.mark.parametrize(
    ("phrase", "when", "value"),
    [
        ("last night", WINTER, "2024-03-09T22:00:00+00:00"),
        ("yesterday about 10pm", WINTER, "2024-03-09T22:00:00+00:00"),
        ("on Saturday", WINTER, "2024-03-09"),
        ("last Tuesday", WINTER, "2024-03-05"),
        # The report's own weekday is that day; "last" takes the week before.
        ("on Sunday", WINTER, "2024-03-10"),
        ("last Sunday", WINTER, "2024-03-03"),
        ("this morning at 7am", WINTER, "2024-03-10T07:00:00+00:00"),
        ("5 mins ago", WINTER, "2024-03-10T07:55:00+00:00"),
        ("between 1pm and 2.30pm yesterday", WINTER, None),
        # In summer the UK is an hour ahead of UTC: 10:30 in London.
        ("an hour ago", SUMMER, "2024-07-13T09:30:00+01:00"),
        ("last night at about 11:15pm", SUMMER, "2024-07-12T23:15:00+01:00"),
        ("Friday 12th July 2024", SUMMER, "2024-07-12"),
        ("fri 12/07 approx 1800hrs", SUMMER, "2024-07-12T18:00:00+01:00"),
    ],
)
def test_relative_times_are_resolved_against_the_report_time(
    host: PluginHost, phrase: str, when: datetime, value: str | None
) -> None:
    text = f"The car was taken {phrase} from outside the house."
    times = found(propose(host, text, when), "DATETIME")
    expected_text = phrase.removeprefix("on ")
    assert expected_text in times, times
    if value is None:
        assert times[expected_text].value == ("2024-03-09T13:00:00+00:00/2024-03-09T14:30:00+00:00")
        assert times[expected_text].attributes["precision"] == "range"
    else:
        assert times[expected_text].value == value


def test_the_report_time_offset_does_not_change_the_answer(host: PluginHost) -> None:
    same_moment = WINTER.astimezone(timezone(timedelta(hours=-5)))
    text = "It happened yesterday about 10pm."
    assert [f.value for f in propose(host, text, WINTER)] == [
        f.value for f in propose(host, text, same_moment)
    ]


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("07700 900412", "+447700900412"),  # Ofcom's drama range, not allocated
        ("0113 496 0000", "+441134960000"),
        ("07700 90041", "+44770090041"),  # a digit short: formatted, not judged
        ("077009004123", "+4477009004123"),  # a digit too many
        ("+44 (0)20 7946 0123", "+442079460123"),
        ("020-7946-0999", "+442079460999"),
    ],
)
def test_telephone_numbers_in_e164_even_when_mistyped_or_fictional(
    host: PluginHost, written: str, e164: str
) -> None:
    phones = found(propose(host, f"Caller can be contacted on {written} any time."), "PHONE")
    assert phones[written].value == e164


def test_a_title_and_a_cue_give_people_and_roles(host: PluginHost) -> None:
    text = (
        "CALLER IS WIFE RACHEL JONES STATES HUSBAND GARETH JONES IS THREATENING HER WITH A "
        "KITCHEN KNIFE WITNESS MR PATEL NEXT DOOR"
    )
    people = found(propose(host, text), "PERSON")
    assert people["RACHEL JONES"].role == "reporter"
    assert people["GARETH JONES"].role == "other"
    assert people["MR PATEL"].role == "witness"
    assert people["MR PATEL"].value == "Mr Patel"


def test_weapons_carried_or_used(host: PluginHost) -> None:
    text = (
        "He hit me with a bottle and his friend had a lock knife. Someone had smashed the door "
        "glass earlier."
    )
    weapons = found(propose(host, text), "WEAPON")
    assert set(weapons) == {"bottle", "lock knife"}


def test_capitals_are_restored_for_the_tagger_with_the_same_offsets() -> None:
    from policeai.plugins.record_entry.extract import Narrative

    doc = Narrative("CALLER JOAN WHITFIELD STATES HER IP WAS HIT", WINTER)
    assert doc.style == "upper"
    assert len(doc.restored) == len(doc.text)
    assert doc.restored == "caller Joan Whitfield states her IP was hit"
    assert text_style("ip susan clarke states she was hit.") == "lower"
    assert text_style("I saw Susan Clarke.") == "mixed"
    assert restore_case("I saw Susan Clarke.", doc.tokens[:0], "mixed", doc.lex) == (
        "I saw Susan Clarke."
    )


def test_fields_become_suggestion_items_with_their_attributes(host: PluginHost) -> None:
    request = RecordEntryRequest(document=Document(doc_id="doc-1", text=CALL), report_time=WINTER)
    items = items_from_output("record_entry", host.call("record-entry", HOOK, request=request), "t")
    vehicle = next(i for i in items if i["label"] == "VRM: FE19 TZK")
    assert vehicle["value"]["identifiers"] == {"vrm": "FE19TZK"}
    assert vehicle["detail"]["attributes"]["make"] == "Nissan"
    caller = next(i for i in items if i["label"] == "PERSON: ZOFIA NOWAK")
    assert caller["value"]["role"] == "reporter"
    assert "attributes" not in caller["detail"]


def test_a_naive_report_time_is_refused(host: PluginHost) -> None:
    request = RecordEntryRequest(
        document=Document(doc_id="doc-1", text="It happened last night."),
        report_time=datetime(2024, 3, 10, 8, 0),  # noqa: DTZ001 - the point of the test
    )
    with pytest.raises(ValueError, match="report_time has no UTC offset"):
        host.call("record-entry", HOOK, request=request)


def test_an_overlong_document_is_refused(host: PluginHost) -> None:
    request = RecordEntryRequest(
        document=Document(doc_id="doc-1", text="word " * 20_000), report_time=WINTER
    )
    with pytest.raises(ValueError, match="give one statement or note at a time"):
        host.call("record-entry", HOOK, request=request)


def test_the_transparency_record_and_model_card_are_valid() -> None:
    assert validate_atrs(ATRS).tier1.name == "Record entry"
    assert validate_model_card(MODEL_CARD).factors == ["narrative style", "label"]
    assert set(ATRS) == set(demo_atrs())
    for tier in ("tier1", "tier2"):
        assert set(ATRS[tier]) == set(demo_atrs()[tier])
    assert set(MODEL_CARD) == set(demo_model_card())
    # The card states figures measured on both sets, named by the hashes of the files there.
    data = DEV_SET_PATH.parent
    assert hashlib.sha256((data / "dev.jsonl").read_bytes()).hexdigest() == DEV_SHA256
    assert hashlib.sha256((data / "test.jsonl").read_bytes()).hexdigest() == TEST_SHA256, (
        "the held-out set changed: measure the tool on it again and update the model card"
    )
    analyses = MODEL_CARD["quantitative_analyses"]
    assert "Held-out test set" in analyses
    assert "Development set" in analyses
