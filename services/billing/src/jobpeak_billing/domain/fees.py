"""The fee replica: what a certification costs, as the catalog last published it.

Billing keeps one row per specialty from ``catalog.specialties.v1``; a snapshot or retirement
replaces the row only when its ``revision`` is higher, so redelivered or reordered records never
roll the price back.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobpeak_contracts.events.catalog import SpecialtyPublished
from jobpeak_contracts.money import Money
from jobpeak_runtime.refusals import SpecialtyRefusal


class CheckoutRefused(Exception):
    """A checkout cannot start for this specialty; the message says why."""


class UnknownSpecialty(CheckoutRefused, SpecialtyRefusal):
    reason = "is not published"


class SpecialtyNotOnSale(CheckoutRefused, SpecialtyRefusal):
    reason = "is retired; its certification cannot be bought"


class NoFeeToPay(CheckoutRefused, SpecialtyRefusal):
    reason = "publishes no certification fee to pay"


@dataclass(frozen=True)
class SpecialtyFee:
    specialty_slug: str
    revision: int
    name: str
    certification_title: str
    fee: Money | None
    retired: bool

    @classmethod
    def from_published(cls, event: SpecialtyPublished) -> SpecialtyFee:
        return cls(
            specialty_slug=event.specialty_slug,
            revision=event.revision,
            name=event.name,
            certification_title=event.certification_blueprint.title,
            fee=event.certification_blueprint.fee,
            retired=False,
        )

    @property
    def product_name(self) -> str:
        """What the candidate sees on Stripe's payment page."""
        return f"{self.name}: {self.certification_title}"


@dataclass(frozen=True)
class CertificationOffer:
    """What a checkout sells: the amount to charge and the name shown on the payment page."""

    amount: Money
    product_name: str


def checkout_offer(entry: SpecialtyFee | None, *, specialty_slug: str) -> CertificationOffer:
    """What one certification attempt of the specialty costs, or why it cannot be bought."""
    if entry is None:
        raise UnknownSpecialty(specialty_slug)
    if entry.retired:
        raise SpecialtyNotOnSale(specialty_slug)
    if entry.fee is None or entry.fee.amount_minor <= 0:
        raise NoFeeToPay(specialty_slug)
    return CertificationOffer(amount=entry.fee, product_name=entry.product_name)
