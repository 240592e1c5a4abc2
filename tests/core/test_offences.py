"""An officer classifies a crime with a Home Office offence code; the platform knows what the
code means and which offence group it is counted in."""

from __future__ import annotations

import re

import pytest

from policeai.core.cases.offences import (
    OFFENCE_GROUPS,
    OFFENCES,
    Offence,
    UnknownOffenceError,
    get_offence,
)
from policeai.core.errors import PoliceAIError

# Codes other parts of the platform rely on, with their Home Office descriptions.
RELIED_ON = [
    ("8N", "Assault with injury", "Violence against the person"),
    ("105A", "Assault without injury", "Violence against the person"),
    ("5D", "Assault with intent to cause serious harm", "Violence against the person"),
    ("8Q", "Stalking", "Violence against the person"),
    ("8L", "Harassment", "Violence against the person"),
    ("28E", "Burglary - residential", "Theft offences"),
    ("30C", "Burglary - business and community", "Theft offences"),
    ("34A", "Robbery of business property", "Robbery"),
    ("34B", "Robbery of personal property", "Robbery"),
    ("39", "Theft from the person", "Theft offences"),
    ("44", "Theft or unauthorised taking of a pedal cycle", "Theft offences"),
    ("45", "Theft from a vehicle", "Theft offences"),
    ("46", "Shoplifting", "Theft offences"),
    ("48", "Theft or unauthorised taking of a motor vehicle", "Theft offences"),
    ("49", "Other theft", "Theft offences"),
    ("58A", "Criminal damage to a dwelling", "Criminal damage and arson"),
    ("58C", "Criminal damage to a vehicle", "Criminal damage and arson"),
    ("56B", "Arson not endangering life", "Criminal damage and arson"),
    ("92A", "Trafficking in controlled drugs", "Drug offences"),
    ("10D", "Possession of article with blade or point", "Possession of weapons offences"),
    ("9A", "Public fear, alarm or distress", "Public order offences"),
]


@pytest.mark.parametrize(("code", "description", "group"), RELIED_ON)
def test_a_commonly_recorded_code_is_known(code: str, description: str, group: str) -> None:
    assert get_offence(code) == Offence(code=code, description=description, group=group)


@pytest.mark.parametrize("typed", ["8n", " 8N ", "8N\n", "105a", "\t28e"])
def test_a_code_is_matched_whatever_its_case_and_surrounding_space(typed: str) -> None:
    assert get_offence(typed).code == typed.strip().upper()


@pytest.mark.parametrize("typed", ["99Z", "", "   ", "8", "8 N", "burglary", "28/E"])
def test_an_unknown_code_is_refused_pointing_at_the_list(typed: str) -> None:
    with pytest.raises(UnknownOffenceError) as caught:
        get_offence(typed)
    assert str(caught.value) == (
        f"unknown Home Office offence code {typed!r}: see the offence list"
    )


def test_the_message_for_an_unknown_code_reads_plainly() -> None:
    with pytest.raises(UnknownOffenceError, match=r"^unknown Home Office offence code '99Z': see"):
        get_offence("99Z")


def test_an_unknown_offence_is_a_platform_error_a_user_may_see() -> None:
    assert issubclass(UnknownOffenceError, PoliceAIError)


def test_the_list_is_a_useful_size_and_keyed_by_code() -> None:
    assert 40 <= len(OFFENCES) <= 60
    for code, offence in OFFENCES.items():
        assert offence.code == code
        assert re.fullmatch(r"[0-9]{1,3}[A-Z]?", code), code
        assert offence.description.strip() == offence.description
        assert offence.description[0].isupper()


def test_every_offence_is_in_a_home_office_group_and_every_group_is_used() -> None:
    assert set(OFFENCE_GROUPS) == {
        "Violence against the person",
        "Sexual offences",
        "Robbery",
        "Theft offences",
        "Criminal damage and arson",
        "Drug offences",
        "Possession of weapons offences",
        "Public order offences",
        "Miscellaneous crimes against society",
        "Fraud offences",
    }
    assert {offence.group for offence in OFFENCES.values()} == set(OFFENCE_GROUPS)


def test_descriptions_are_distinct() -> None:
    descriptions = [offence.description for offence in OFFENCES.values()]
    assert len(set(descriptions)) == len(descriptions)


def test_an_offence_cannot_be_changed_once_looked_up() -> None:
    offence = get_offence("46")
    with pytest.raises(AttributeError):
        offence.description = "Theft"  # type: ignore[misc]
    assert str(offence) == "46 Shoplifting"
