"""An officer asks the offence suggester for classifications: the distinctions the Home Office
Counting Rules draw come out right, negation is understood, every suggestion says which words
led to it, and the tool meets Police.AI's standard on the reference narratives."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from policeai.core.cases.offences import get_offence
from policeai.core.evaluation.dataset import DEV_SET_PATH, load_dataset
from policeai.core.evaluation.offence import category_of
from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.types import OffenceSuggestionRequest, OffenceSuggestions
from policeai.plugins.offence_suggestion.card import ATRS, MODEL_CARD
from policeai.plugins.offence_suggestion.plugin import MAX_CHARACTERS
from policeai.registry.demo import demo_atrs, demo_model_card
from policeai.registry.entries.atrs import validate_atrs, validate_model_card
from policeai.registry.suites.offence_suggestion import FACTORS, run_offence_suite

TOOL = "offence-suggester"


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


def suggest(host: PluginHost, narrative: str, limit: int = 3) -> OffenceSuggestions:
    request = OffenceSuggestionRequest(narrative=narrative, limit=limit)
    answer = host.call(TOOL, "policeai_suggest_offences", request=request)
    assert isinstance(answer, OffenceSuggestions)
    return answer


def codes(host: PluginHost, narrative: str, limit: int = 3) -> list[str]:
    return [s.code for s in suggest(host, narrative, limit).suggestions]


# -- distinctions the counting rules draw --------------------------------------------------


@pytest.mark.parametrize(
    ("narrative", "expected"),
    [
        (
            "Someone broke into my house through the kitchen window while I was at work and "
            "stole my laptop and jewellery.",
            "28E",
        ),
        (
            "The office was broken into over the weekend; the rear door was forced and two "
            "computers were stolen.",
            "30C",
        ),
        (
            "The shed on my allotment was broken into, the padlock cut and a strimmer taken.",
            "30C",
        ),
    ],
    ids=["home", "office", "allotment shed"],
)
def test_a_burglary_is_classed_by_the_building_entered(
    host: PluginHost, narrative: str, expected: str
) -> None:
    assert codes(host, narrative)[0] == expected


def test_a_dwelling_burglary_and_a_business_burglary_are_told_apart(host: PluginHost) -> None:
    home = codes(host, "Burglars forced the back door of the family home and took a television.")
    shop = codes(host, "Burglars forced the back door of the corner shop and took the till.")
    assert home[0] == "28E"
    assert shop[0] == "30C"
    assert home.index("28E") < (home.index("30C") if "30C" in home else 99)


def test_nothing_taken_makes_a_burglary_attempted(host: PluginHost) -> None:
    narrative = (
        "Someone tried to force the back door of my house overnight. There are jemmy marks on "
        "the frame but they did not get in and nothing was taken."
    )
    found = codes(host, narrative)
    assert found[0] == "28F"
    assert "28E" not in found[:1]


def test_did_not_take_anything_is_not_a_theft(host: PluginHost) -> None:
    found = codes(host, "He pushed me over in the street but he did not take anything.")
    assert "49" not in found
    assert "34B" not in found
    assert found[0] in {"105A", "8N"}


def test_theft_with_force_or_a_threat_is_robbery(host: PluginHost) -> None:
    threat = codes(host, "He threatened me with a knife, demanded my wallet and I handed it over.")
    force = codes(host, "A man punched me in the face and took my phone as I walked home.")
    assert threat[0] == "34B"
    assert force[0] == "34B"


def test_a_snatch_without_force_is_theft_from_the_person(host: PluginHost) -> None:
    found = codes(host, "My phone was snatched from my hand while I was waiting at the bus stop.")
    assert found[0] == "39"
    assert "34B" not in found[:1]


def test_robbery_of_a_till_is_robbery_of_business_property(host: PluginHost) -> None:
    found = codes(
        host, "A masked man threatened the cashier with a knife and took cash from the till."
    )
    assert found[0] == "34A"
    assert "34B" in found


def test_theft_from_a_vehicle_and_of_a_vehicle(host: PluginHost) -> None:
    from_car = codes(
        host, "My car was broken into overnight and my sat nav and a bag were stolen from it."
    )
    of_car = codes(host, "My car was stolen from the driveway overnight, a silver Ford Focus.")
    assert from_car[0] == "45"
    assert of_car[0] == "48"


def test_an_injury_described_makes_an_assault_one_with_injury(host: PluginHost) -> None:
    injured = codes(host, "He punched me in the face and I suffered a cut lip and bruising.")
    unhurt = codes(host, "He pushed me against the wall but I was not injured.")
    assert injured[0] == "8N"
    assert unhurt[0] == "105A"


def test_stalking_is_harassment_with_following_or_watching(host: PluginHost) -> None:
    messages = codes(host, "My ex keeps texting me every day even though I have told him to stop.")
    following = codes(
        host, "He has been following me home from work and waiting outside my house every night."
    )
    assert messages[0] == "8L"
    assert following[0] == "8Q"
    assert "8L" in following


def test_a_blade_carried_in_public_is_possession(host: PluginHost) -> None:
    found = codes(host, "Male stopped in the street and found in possession of a lock knife.")
    assert found[0] == "10D"


def test_damage_is_classed_by_what_was_damaged(host: PluginHost) -> None:
    assert codes(host, "Someone keyed my car and slashed two of the tyres.")[0] == "58C"
    assert codes(host, "Someone threw a brick through the front window of my house.")[0] == "58A"
    assert codes(host, "Youths smashed the windows of the community centre.")[0] == "58B"


def test_a_kick_to_a_person_is_an_assault_and_to_a_car_is_damage(host: PluginHost) -> None:
    assert codes(host, "He kicked the man twice in the ribs.")[0] in {"105A", "8N"}
    assert codes(host, "He kicked the wing mirrors off my car.")[0] == "58C"


def test_a_threat_to_damage_is_not_damage_done(host: PluginHost) -> None:
    found = codes(host, "My neighbour threatened to smash my windows and burn my house down.")
    assert found[0] == "59"
    assert not {"58A", "56A", "56B"} & set(found[:1])


# -- what the officer is shown --------------------------------------------------------------


def test_every_reason_quotes_words_of_the_narrative(host: PluginHost) -> None:
    narrative = (
        "CALLER STATES SOMEONE HAS SMASHED BACK DOOR GLASS AT 14 ASHGROVE TERRACE AND TAKEN "
        "A LAPTOP FROM THE HOUSE"
    )
    answer = suggest(host, narrative)
    assert answer.suggestions
    for suggestion in answer.suggestions:
        quoted = re.findall(r"'([^']+)'", suggestion.reason)
        assert quoted, suggestion.reason
        assert all(words in narrative for words in quoted), suggestion.reason


def test_suggestions_are_ranked_known_codes_within_the_limit(host: PluginHost) -> None:
    narrative = "He punched me, took my phone and then kicked my car, smashing the wing mirror."
    for limit in (1, 3, 5):
        answer = suggest(host, narrative, limit)
        assert 1 <= len(answer.suggestions) <= limit
        scores = [s.score for s in answer.suggestions]
        assert scores == sorted(scores, reverse=True)
        for s in answer.suggestions:
            offence = get_offence(s.code)
            assert (s.description, s.group) == (offence.description, offence.group)
            assert 0 <= s.score <= 1


def test_capitals_and_lower_case_give_the_same_suggestions(host: PluginHost) -> None:
    narrative = "Two youths threatened the victim with a knife and took his bike and phone."
    assert codes(host, narrative.upper()) == codes(host, narrative)


def test_a_narrative_that_describes_no_offence_gets_no_suggestion(host: PluginHost) -> None:
    assert codes(host, "The caller wanted to know the opening hours of the front counter.") == []


def test_an_overlong_narrative_is_refused_with_a_reason(host: PluginHost) -> None:
    with pytest.raises(ValueError, match="characters long"):
        suggest(host, "word " * (MAX_CHARACTERS // 4))


# -- figures -----------------------------------------------------------------------------------


def test_the_development_set_is_classified_well(host: PluginHost) -> None:
    """A guard against regressions: the development set the rules were checked on."""
    docs = [doc for doc in load_dataset(DEV_SET_PATH) if doc.offence_category]
    hits = sum(
        doc.offence_category in [category_of(c) for c in codes(host, doc.text)] for doc in docs
    )
    assert hits / len(docs) >= 0.9


def test_the_tool_meets_police_ai_standard_on_the_reference_narratives(host: PluginHost) -> None:
    report = run_offence_suite(host, plugin_id=TOOL, now=datetime(2026, 2, 2, tzinfo=UTC))
    top3 = report.metric("top3_accuracy")
    assert top3 is not None
    assert top3.required
    assert top3.value >= 0.8
    assert report.passed, report.failures()


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
