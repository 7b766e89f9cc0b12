"""The payment gateway port: what billing asks of the payment provider.

Application code depends on :class:`PaymentGateway` only; the composition root plugs in the Stripe
adapter, unit tests a fake. Every call that creates something at the provider is idempotent on a
key derived from the order, so a retry after a timeout or a crash never charges or refunds twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from jobpeak_contracts.money import Money


class PaymentProviderError(Exception):
    """The provider refused the call, failed, or did not answer in time."""


class PaymentProviderUnavailable(PaymentProviderError, ConnectionError):
    """The provider did not answer, or failed on its side (5xx): worth retrying later.

    It is a ``ConnectionError`` so that the shared consumer treats it like any unreachable
    infrastructure: a refund waiting for Stripe to come back is retried, never dead-lettered.
    """


class IdempotencyConflict(PaymentProviderError):
    """The provider saw the same idempotency key with different parameters (a racing twin)."""


@dataclass(frozen=True)
class CheckoutRequest:
    order_id: uuid.UUID
    candidate_id: str
    specialty_slug: str
    amount: Money
    product_name: str


@dataclass(frozen=True)
class CreatedCheckout:
    checkout_session_id: str
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class CheckoutState:
    """What the provider currently says about a Checkout Session."""

    checkout_session_id: str
    paid: bool
    expired: bool
    payment_intent_id: str | None


class PaymentGateway(Protocol):
    async def create_checkout(self, request: CheckoutRequest) -> CreatedCheckout:
        """A hosted payment page for ``request``; the same order always gets the same session."""
        ...

    async def checkout_state(self, checkout_session_id: str) -> CheckoutState: ...

    async def refund(self, *, order_id: uuid.UUID, payment_intent_id: str) -> str:
        """Refund the payment in full; returns the refund id (the same one on every retry)."""
        ...

    async def latest_refund_id(self, payment_intent_id: str) -> str | None: ...

    async def order_of_payment_intent(self, payment_intent_id: str) -> uuid.UUID | None:
        """The order a payment intent was created for, read from its metadata."""
        ...

    async def close(self) -> None: ...
