"""What a checkout charges: the published certification fee, or a reason for refusing."""

from __future__ import annotations

import pytest
from jobpeak_billing.domain.fees import (
    NoFeeToPay,
    SpecialtyFee,
    SpecialtyNotOnSale,
    UnknownSpecialty,
    checkout_offer,
)
from jobpeak_contracts.money import Money

from services.billing.tests.support.catalog import specialty_published

pytestmark = pytest.mark.unit


def test_the_replica_keeps_the_certification_fee_and_title_of_a_snapshot() -> None:
    entry = SpecialtyFee.from_published(specialty_published(revision=3))
    assert entry.fee == Money(amount_minor=4900, currency="USD")
    assert entry.revision == 3
    offer = checkout_offer(entry, specialty_slug="coding")
    assert offer.amount == Money(amount_minor=4900, currency="USD")
    assert offer.product_name == "Coding: Cognition Test"


def test_an_unknown_specialty_cannot_be_bought() -> None:
    with pytest.raises(UnknownSpecialty, match="'poetry' is not published"):
        checkout_offer(None, specialty_slug="poetry")


def test_a_retired_specialty_cannot_be_bought() -> None:
    entry = SpecialtyFee.from_published(specialty_published())
    retired = SpecialtyFee(**{**entry.__dict__, "retired": True})
    with pytest.raises(SpecialtyNotOnSale, match="retired"):
        checkout_offer(retired, specialty_slug="coding")


@pytest.mark.parametrize("fee", [None, Money(amount_minor=0, currency="USD")])
def test_a_specialty_without_a_fee_cannot_be_bought(fee: Money | None) -> None:
    entry = SpecialtyFee.from_published(specialty_published())
    unpriced = SpecialtyFee(**{**entry.__dict__, "fee": fee})
    with pytest.raises(NoFeeToPay, match="no certification fee"):
        checkout_offer(unpriced, specialty_slug="coding")
