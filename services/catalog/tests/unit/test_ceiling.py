"""The highest live ceiling is derived from live specialties, not stored."""

from __future__ import annotations

import pytest
from jobpeak_catalog.domain.ceiling import holds_highest_live_ceiling
from jobpeak_contracts.money import Money

pytestmark = pytest.mark.unit


def usd(amount: int) -> Money:
    return Money(amount_minor=amount, currency="USD")


def test_the_top_ceiling_is_the_highest() -> None:
    assert holds_highest_live_ceiling(ceiling=usd(10000), live_ceilings=[usd(10000), usd(4500)])


def test_a_lower_ceiling_is_not() -> None:
    assert not holds_highest_live_ceiling(ceiling=usd(4500), live_ceilings=[usd(10000), usd(4500)])


def test_ties_share_the_top() -> None:
    assert holds_highest_live_ceiling(ceiling=usd(10000), live_ceilings=[usd(10000), usd(10000)])


def test_other_currencies_are_not_compared() -> None:
    euros = Money(amount_minor=20000, currency="EUR")

    assert holds_highest_live_ceiling(ceiling=usd(10000), live_ceilings=[usd(10000), euros])
