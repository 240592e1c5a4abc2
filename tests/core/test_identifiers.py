"""POLE identifiers typed by officers come out in one canonical form, or fail with a message
that says what was wrong and shows what was typed."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from policeai.core.cases.identifiers import (
    IDENTIFIER_KINDS,
    InvalidIdentifierError,
    Vrm,
    normalise_dob,
    normalise_email,
    normalise_identifier,
    normalise_nino,
    normalise_phone,
    normalise_postcode,
    normalise_vrm,
)
from policeai.core.errors import PoliceAIError

TODAY = datetime.date(2026, 1, 15)


def test_an_invalid_identifier_is_a_platform_error_a_user_may_see() -> None:
    assert issubclass(InvalidIdentifierError, PoliceAIError)


# -- vehicle registration marks --------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "style"),
    [
        ("AB51 ABC", "AB51ABC", "current"),
        ("ab51abc", "AB51ABC", "current"),
        ("  Ab-51 aBc ", "AB51ABC", "current"),
        ("YX 19\tKLM", "YX19KLM", "current"),
        ("A123 BCD", "A123BCD", "prefix"),
        ("P1 ABC", "P1ABC", "prefix"),
        ("ABC 123D", "ABC123D", "suffix"),
        ("XYZ 1A", "XYZ1A", "suffix"),
        ("ABC 123", "ABC123", "dateless"),
        ("1 ABC", "1ABC", "dateless"),
        ("A 1", "A1", "dateless"),
        ("9999 ZZ", "9999ZZ", "dateless"),
    ],
)
def test_a_registration_mark_is_canonicalised_and_its_style_named(
    raw: str, value: str, style: str
) -> None:
    vrm = normalise_vrm(raw)
    assert vrm == Vrm(value=value, style=style)
    assert not vrm.unusual
    assert str(vrm) == value


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("B-123-AB", "B123AB"),  # foreign (French) plate
        ("WP 12345", "WP12345"),  # German-style plate
        ("IB51 ABC", "IB51ABC"),  # I is never issued as a current-style first letter
        ("AB51 ABI", "AB51ABI"),  # I is never a current-style random letter
        ("Q123 ABC", "Q123ABC"),  # Q plates: vehicles of undetermined age
        ("ABCDEFGHIJ", "ABCDEFGHIJ"),  # ten characters is still allowed
    ],
)
def test_an_unusual_mark_is_flagged_never_rejected(raw: str, value: str) -> None:
    vrm = normalise_vrm(raw)
    assert vrm.value == value
    assert vrm.style == "unusual"
    assert vrm.unusual


@pytest.mark.parametrize(
    ("raw", "complaint"),
    [
        ("", "empty"),
        ("   - ", "empty"),
        ("AB51 AB€", "letters and digits"),
        ("AB51.ABC", "letters and digits"),
        ("ABCDEFGHIJK", "11 characters"),
    ],
)
def test_an_unreadable_mark_is_refused_with_the_value_in_the_message(
    raw: str, complaint: str
) -> None:
    with pytest.raises(InvalidIdentifierError, match=re.escape(complaint)) as caught:
        normalise_vrm(raw)
    assert repr(raw) in str(caught.value)


@given(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,14}", fullmatch=True))
def test_normalising_a_normalised_mark_changes_nothing(raw: str) -> None:
    assume(len(raw.replace(" ", "").replace("-", "")) <= 10)
    once = normalise_vrm(raw)
    assert normalise_vrm(once.value) == once


# -- postcodes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("sw1a1aa", "SW1A 1AA"),  # AA9A 9AA
        ("M1 1AE", "M1 1AE"),  # A9 9AA
        ("b33 8th", "B33 8TH"),  # A99 9AA
        ("W1A 0AX", "W1A 0AX"),  # A9A 9AA
        ("CR2 6XH", "CR2 6XH"),  # AA9 9AA
        ("DN55 1PT", "DN55 1PT"),  # AA99 9AA
        ("  ec1a   1bb ", "EC1A 1BB"),
        ("gir0aa", "GIR 0AA"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_a_postcode_is_written_outward_space_inward(raw: str, canonical: str) -> None:
    assert normalise_postcode(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    ["", "SW1A", "1AA", "SW1A 1A", "SW1A 1AAA", "SWA1 1AA", "ABC1 1AA", "SW1A-1AA", "12345"],
)
def test_a_postcode_in_no_uk_format_is_refused(raw: str) -> None:
    with pytest.raises(InvalidIdentifierError, match="not a UK postcode") as caught:
        normalise_postcode(raw)
    assert repr(raw) in str(caught.value)


_TYPED_POSTCODES = st.from_regex(
    r"(?:[A-Za-z][0-9]{1,2}|[A-Za-z][0-9][A-Za-z]|[A-Za-z]{2}[0-9]{1,2}|[A-Za-z]{2}[0-9][A-Za-z])"
    r" {0,3}[0-9][A-Za-z]{2}",
    fullmatch=True,
)


@given(_TYPED_POSTCODES)
def test_normalising_a_normalised_postcode_changes_nothing(raw: str) -> None:
    once = normalise_postcode(raw)
    assert normalise_postcode(once) == once
    assert re.fullmatch(r"[A-Z0-9]{2,4} [0-9][A-Z]{2}", once)


# -- telephone numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("07700 900123", "+447700900123"),  # Ofcom drama range: possible, not allocated
        ("+44 (0)20 7946 0958", "+442079460958"),
        ("0044 161 496 0000", "+441614960000"),
        ("020-7946-0958", "+442079460958"),
        ("+1 202 555 0143", "+12025550143"),
        ("+33 1 23 45 67 89", "+33123456789"),
    ],
)
def test_a_phone_number_is_written_in_e164(raw: str, e164: str) -> None:
    assert normalise_phone(raw) == e164


def test_a_national_number_is_read_in_the_region_given() -> None:
    assert normalise_phone("01 23 45 67 89", region="FR") == "+33123456789"


@pytest.mark.parametrize(
    ("raw", "complaint"),
    [
        ("", "empty"),
        ("12", "wrong number of digits"),
        ("999", "wrong number of digits"),
        ("07700 9001234567", "wrong number of digits"),
        ("hello", "letters"),
        ("0770O 900123", "letters"),  # a letter O typed for a zero is not silently a 6
        ("+-+", "cannot be read"),
    ],
)
def test_an_impossible_phone_number_is_refused(raw: str, complaint: str) -> None:
    with pytest.raises(InvalidIdentifierError, match=complaint) as caught:
        normalise_phone(raw)
    assert repr(raw) in str(caught.value)


# -- dates of birth ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "1990-04-12",
        "12/04/1990",
        "12-04-1990",
        "12.04.1990",
        " 12/4/1990 ",
        datetime.date(1990, 4, 12),
        datetime.datetime(1990, 4, 12, 8, 30, tzinfo=datetime.UTC),
    ],
)
def test_a_date_of_birth_is_read_day_first(raw: str | datetime.date) -> None:
    assert normalise_dob(raw, today=TODAY) == datetime.date(1990, 4, 12)


def test_a_date_that_reads_either_way_is_taken_in_uk_order_never_us() -> None:
    assert normalise_dob("03/04/1990", today=TODAY) == datetime.date(1990, 4, 3)


@pytest.mark.parametrize(
    ("raw", "complaint"),
    [
        ("31/02/1990", "does not exist"),
        ("12/13/1990", "does not exist"),  # US order: month 13
        ("1990-02-30", "does not exist"),
        ("16/01/2026", "in the future"),
        (datetime.date(2030, 1, 1), "in the future"),
        ("14/01/1896", "more than 130 years ago"),
        ("12/04/90", "not a date of birth"),
        ("12/04-1990", "not a date of birth"),
        ("yesterday", "not a date of birth"),
        ("", "not a date of birth"),
    ],
)
def test_an_impossible_or_implausible_date_of_birth_is_refused(
    raw: str | datetime.date, complaint: str
) -> None:
    with pytest.raises(InvalidIdentifierError, match=complaint) as caught:
        normalise_dob(raw, today=TODAY)
    assert repr(raw) in str(caught.value)


def test_the_oldest_and_youngest_plausible_dates_of_birth_are_accepted() -> None:
    assert normalise_dob("15/01/1896", today=TODAY) == datetime.date(1896, 1, 15)
    assert normalise_dob("15/01/2026", today=TODAY) == TODAY


def test_a_leap_day_today_still_gives_a_130_year_limit() -> None:
    leap_day = datetime.date(2028, 2, 29)
    assert normalise_dob("28/02/1898", today=leap_day) == datetime.date(1898, 2, 28)
    with pytest.raises(InvalidIdentifierError, match="130 years"):
        normalise_dob("27/02/1898", today=leap_day)


def test_without_a_today_the_current_date_is_used() -> None:
    assert normalise_dob("01/01/2000") == datetime.date(2000, 1, 1)
    with pytest.raises(InvalidIdentifierError, match="future"):
        normalise_dob("01/01/2999")


# -- e-mail addresses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("Jane.Doe@Example.ORG", "Jane.Doe@example.org"),
        ("  officer+case@police.uk ", "officer+case@police.uk"),
        ("a@b.co", "a@b.co"),
        ("o'brien@Mail.Example.co.UK", "o'brien@mail.example.co.uk"),
    ],
)
def test_an_email_keeps_its_name_and_lower_cases_its_domain(raw: str, canonical: str) -> None:
    assert normalise_email(raw) == canonical


@pytest.mark.parametrize(
    ("raw", "complaint"),
    [
        ("", "needs a name"),
        ("jane.example.org", "needs a name"),
        ("@example.org", "needs a name"),
        ("jane@", "needs a name"),
        ("jane doe@example.org", "not allowed"),
        (".jane@example.org", "misplaced dot"),
        ("jane..doe@example.org", "misplaced dot"),
        ("jane@localhost", "not a domain"),
        ("jane@example..org", "not a domain"),
        ("jane@-example.org", "not a domain"),
        ("jane@example.o", "not a domain"),
        ("jane@exa_mple.org", "not a domain"),
        ("j" * 65 + "@example.org", "too long"),
    ],
)
def test_a_malformed_email_is_refused(raw: str, complaint: str) -> None:
    with pytest.raises(InvalidIdentifierError, match=complaint) as caught:
        normalise_email(raw)
    assert repr(raw) in str(caught.value)


# -- National Insurance numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("AB 12 34 56 C", "AB123456C"),
        ("ab123456c", "AB123456C"),
        ("  ce 123456 d", "CE123456D"),
        ("ZY-12-34-56-A", "ZY123456A"),
    ],
)
def test_a_national_insurance_number_is_written_without_spaces(raw: str, canonical: str) -> None:
    assert normalise_nino(raw) == canonical


@pytest.mark.parametrize(
    ("raw", "complaint"),
    [
        ("QQ 12 34 56 C", "two letters, six digits"),  # Q is never a first letter
        ("DA 12 34 56 C", "two letters, six digits"),
        ("AO 12 34 56 C", "two letters, six digits"),  # O is never a second letter
        ("AB 12 34 56 E", "two letters, six digits"),
        ("AB 12 34 56", "two letters, six digits"),
        ("AB 12 34 5 C", "two letters, six digits"),
        ("", "two letters, six digits"),
        ("GB 12 34 56 A", "prefix GB is never issued"),
        ("BG 12 34 56 A", "prefix BG is never issued"),
        ("NK 12 34 56 A", "prefix NK is never issued"),
        ("KN 12 34 56 A", "prefix KN is never issued"),
        ("TN 12 34 56 A", "prefix TN is never issued"),
        ("NT 12 34 56 A", "prefix NT is never issued"),
        ("ZZ 12 34 56 A", "prefix ZZ is never issued"),
    ],
)
def test_an_impossible_national_insurance_number_is_refused(raw: str, complaint: str) -> None:
    with pytest.raises(InvalidIdentifierError, match=complaint) as caught:
        normalise_nino(raw)
    assert repr(raw) in str(caught.value)


# -- dispatch by kind -------------------------------------------------------------------------


def test_the_known_identifier_kinds() -> None:
    assert IDENTIFIER_KINDS == ("vrm", "postcode", "phone", "dob", "email", "nino")


@pytest.mark.parametrize(
    ("kind", "raw", "canonical"),
    [
        ("vrm", "ab51 abc", "AB51ABC"),
        ("vrm", "B-123-AB", "B123AB"),
        ("postcode", "sw1a1aa", "SW1A 1AA"),
        ("phone", "07700 900123", "+447700900123"),
        ("dob", "12/04/1990", "1990-04-12"),
        ("email", "Jane@Example.org", "Jane@example.org"),
        ("nino", "ab 12 34 56 c", "AB123456C"),
    ],
)
def test_an_identifier_is_normalised_by_its_kind(kind: str, raw: str, canonical: str) -> None:
    assert normalise_identifier(kind, raw) == canonical


def test_every_kind_has_a_normaliser() -> None:
    for kind in IDENTIFIER_KINDS:
        with pytest.raises(InvalidIdentifierError) as caught:
            normalise_identifier(kind, "")
        assert "unknown identifier kind" not in str(caught.value)


def test_an_unknown_kind_is_refused_listing_the_known_ones() -> None:
    with pytest.raises(
        InvalidIdentifierError, match="unknown identifier kind 'shoe_size'"
    ) as caught:
        normalise_identifier("shoe_size", "10")
    for kind in IDENTIFIER_KINDS:
        assert kind in str(caught.value)


@pytest.mark.parametrize("kind", IDENTIFIER_KINDS)
def test_a_value_that_is_not_text_is_refused_not_crashed_on(kind: str) -> None:
    with pytest.raises(InvalidIdentifierError, match="must be text"):
        normalise_identifier(kind, 12345)  # type: ignore[arg-type]
