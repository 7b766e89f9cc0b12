"""What billing's use cases ask of the world: the payment provider, the webhook signature check,
and the unit of work with its repositories.

Use cases depend on these protocols only; the composition root plugs in the adapters (Stripe,
PostgreSQL), unit tests in-memory fakes. Every call that creates something at the provider is
idempotent on a key derived from the order, so a retry after a timeout or a crash never charges
or refunds twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from jobpeak_contracts.money import Money
from jobpeak_runtime.ports import Transaction

from jobpeak_billing.domain.fees import SpecialtyFee
from jobpeak_billing.domain.orders import Order


class PaymentProviderError(Exception):
    """The provider refused the call, failed, or did not answer in time."""


class PaymentProviderUnavailable(PaymentProviderError, ConnectionError):
    """The provider did not answer, or failed on its side (5xx): worth retrying later.

    It is a ``ConnectionError`` so that the shared consumer treats it like any unreachable
    infrastructure: a refund waiting for Stripe to come back is retried, never dead-lettered.
    """


class IdempotencyConflict(PaymentProviderError):
    """The provider saw the same idempotency key with different parameters (a racing twin)."""


class UnverifiedWebhook(ValueError):
    """A webhook body whose signature is missing, wrong or too old."""


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


class WebhookVerifier(Protocol):
    def verify(self, body: bytes, signature: str | None) -> str:
        """The body as text if ``signature`` is the provider's over it; else UnverifiedWebhook."""
        ...


class OrderRepository(Protocol):
    async def add(self, order: Order) -> bool:
        """Insert ``order``; ``False`` when an order with its id already exists."""
        ...

    async def save(self, order: Order) -> None: ...

    async def get(self, order_id: uuid.UUID, *, for_update: bool = False) -> Order | None: ...

    async def by_checkout_session(
        self, checkout_session_id: str, *, for_update: bool = False
    ) -> Order | None: ...

    async def by_payment_intent(
        self, payment_intent_id: str, *, for_update: bool = False
    ) -> Order | None: ...

    async def of_candidate(self, candidate_id: str, *, limit: int) -> list[Order]:
        """The candidate's orders, newest first."""
        ...

    async def newest_open(self, *, candidate_id: str, specialty_slug: str) -> Order | None:
        """The candidate's most recent ``open`` order for the specialty, if any."""
        ...

    async def lock_checkouts(self, *, candidate_id: str, specialty_slug: str) -> None:
        """Serialise, until the transaction ends, the checkouts of one candidate and specialty."""
        ...

    async def unsettled(self, *, now: datetime, limit: int) -> list[Order]:
        """Orders that :meth:`Order.may_still_change`, least recently reconciled first."""
        ...

    async def mark_reconciled(self, order_ids: Sequence[uuid.UUID], *, at: datetime) -> None: ...


class FeeReplica(Protocol):
    async def get(self, specialty_slug: str) -> SpecialtyFee | None: ...

    async def publish(self, entry: SpecialtyFee, *, at: datetime) -> bool:
        """Store ``entry`` unless a higher revision is stored; ``True`` if it was stored."""
        ...

    async def retire(self, specialty_slug: str, *, revision: int, at: datetime) -> bool:
        """Mark the specialty retired at ``revision`` unless a higher revision is stored."""
        ...


class StripeEventLog(Protocol):
    async def claim(self, *, event_id: str, event_type: str, at: datetime) -> bool:
        """Claim ``event_id`` for this transaction; ``False`` if it was processed before."""
        ...

    async def settle(self, *, event_id: str, order_id: uuid.UUID | None, outcome: str) -> None: ...


class BillingUnitOfWork(Transaction, Protocol):
    orders: OrderRepository
    fees: FeeReplica
    stripe_events: StripeEventLog
