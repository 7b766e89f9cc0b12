"""Money display: one ISO 4217 table decides the decimals, whatever the currency."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jobpeak_contracts.currencies import (
    _FOUR_DECIMAL,
    _THREE_DECIMAL,
    _TWO_DECIMAL,
    _ZERO_DECIMAL,
    MINOR_UNIT_EXPONENTS,
    UnknownCurrency,
    minor_unit_exponent,
)
from jobpeak_contracts.money import format_money, major_amount

pytestmark = pytest.mark.unit

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)
CURRENCIES = st.sampled_from(sorted(MINOR_UNIT_EXPONENTS))
AMOUNTS = st.integers(min_value=-(10**15), max_value=10**15)


def _parse(shown: str, currency: str) -> Decimal:
    number, code = shown.rsplit(" ", 1)
    assert code == currency
    return Decimal(number.replace(",", ""))


@pytest.mark.parametrize(
    ("amount_minor", "currency", "shown"),
    [
        (123450, "USD", "1,234.50 USD"),
        (5, "EUR", "0.05 EUR"),
        (1200000, "JPY", "1,200,000 JPY"),
        (50000, "KRW", "50,000 KRW"),
        (1234, "KWD", "1.234 KWD"),
        (1000, "BHD", "1.000 BHD"),
        (12345, "CLF", "1.2345 CLF"),
        (9900, "HUF", "99.00 HUF"),
        (-4550, "EUR", "-45.50 EUR"),
        (0, "USD", "0.00 USD"),
    ],
)
def test_amounts_are_shown_with_their_currencys_decimals(
    amount_minor: int, currency: str, shown: str
) -> None:
    assert format_money(amount_minor, currency) == shown


@pytest.mark.parametrize(
    ("amount_minor", "currency", "shown"),
    [
        (10000, "USD", "$100"),
        (4550, "EUR", "€45.50"),
        (1999, "GBP", "£19.99"),
        (1200000, "JPY", "1,200,000 JPY"),
        (9900, "CHF", "99 CHF"),
        (-10000, "USD", "-$100"),
    ],
)
def test_a_symbol_and_no_zero_fraction_for_price_tags(
    amount_minor: int, currency: str, shown: str
) -> None:
    assert format_money(amount_minor, currency, symbol=True, hide_zero_fraction=True) == shown


def test_the_table_knows_each_code_once_with_iso_exponents() -> None:
    listed = [*_ZERO_DECIMAL.split(), *_TWO_DECIMAL.split(), *_THREE_DECIMAL.split()]
    listed += _FOUR_DECIMAL.split()

    assert len(listed) == len(set(listed)) == len(MINOR_UNIT_EXPONENTS)
    assert {code: minor_unit_exponent(code) for code in ("USD", "JPY", "KRW", "KWD", "BHD")} == {
        "USD": 2,
        "JPY": 0,
        "KRW": 0,
        "KWD": 3,
        "BHD": 3,
    }


@pytest.mark.parametrize("currency", ["XAU", "XXX", "ABC"])
def test_a_code_without_a_minor_unit_is_refused_by_name(currency: str) -> None:
    with pytest.raises(UnknownCurrency, match=currency):
        format_money(100, currency)


@PROPERTY_SETTINGS
@given(amount_minor=AMOUNTS, currency=CURRENCIES)
def test_the_shown_number_is_exactly_the_amount_in_major_units(
    amount_minor: int, currency: str
) -> None:
    shown = format_money(amount_minor, currency)

    assert _parse(shown, currency) == major_amount(amount_minor, currency)
    assert major_amount(amount_minor, currency).scaleb(minor_unit_exponent(currency)) == (
        amount_minor
    )


@PROPERTY_SETTINGS
@given(amount_minor=AMOUNTS, currency=CURRENCIES)
def test_the_fraction_has_exactly_the_currencys_decimals(amount_minor: int, currency: str) -> None:
    number = format_money(amount_minor, currency).rsplit(" ", 1)[0]
    exponent = minor_unit_exponent(currency)

    if exponent == 0:
        assert "." not in number
    else:
        assert len(number.rsplit(".", 1)[1]) == exponent


@PROPERTY_SETTINGS
@given(amount_minor=AMOUNTS, currency=CURRENCIES)
def test_digits_are_grouped_by_thousands(amount_minor: int, currency: str) -> None:
    whole = format_money(amount_minor, currency).rsplit(" ", 1)[0].lstrip("-").split(".")[0]
    groups = whole.split(",")

    assert 1 <= len(groups[0]) <= 3
    assert all(len(group) == 3 for group in groups[1:])


@PROPERTY_SETTINGS
@given(amount_minor=st.integers(min_value=0, max_value=10**12), currency=CURRENCIES)
def test_hiding_a_zero_fraction_never_changes_the_value(amount_minor: int, currency: str) -> None:
    shown = format_money(amount_minor, currency, hide_zero_fraction=True)

    assert _parse(shown, currency) == major_amount(amount_minor, currency)
