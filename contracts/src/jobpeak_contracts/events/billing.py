"""Events the billing service publishes.

Only harmless Stripe ids travel here (checkout session, payment intent, refund): never card data,
billing addresses or customer emails.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from jobpeak_contracts.event import Event
from jobpeak_contracts.identifiers import (
    CandidateId,
    CheckoutSessionId,
    OrderId,
    PaymentIntentId,
    RefundId,
    SpecialtySlug,
)
from jobpeak_contracts.money import Money
from jobpeak_contracts.timestamps import UtcDatetime
from jobpeak_contracts.topics import BILLING_PAYMENTS, Topic

_AMOUNT_EXAMPLES = [{"amount_minor": 4900, "currency": "USD"}]


class RefundReason(StrEnum):
    ATTEMPT_VOIDED = "attempt_voided"
    """The paid attempt could not be delivered (testing published AttemptVoided)."""
    ADMIN = "admin"
    """An admin refunded the order."""


class _OrderEvent(Event):
    source_service: ClassVar[str] = "billing"
    topic: ClassVar[Topic] = BILLING_PAYMENTS

    order_id: OrderId
    candidate_id: CandidateId
    specialty_slug: SpecialtySlug
    amount: Money = Field(
        description="The certification fee charged for this order.", examples=_AMOUNT_EXAMPLES
    )


class CheckoutStarted(_OrderEvent):
    """A candidate asked to pay for a certification attempt and a Checkout Session was created."""

    event_name: ClassVar[str] = "CheckoutStarted"
    schema_version: ClassVar[int] = 1

    checkout_session_id: CheckoutSessionId
    started_at: UtcDatetime


class PaymentCaptured(_OrderEvent):
    """Stripe confirmed the payment: the candidate is entitled to one certification attempt."""

    event_name: ClassVar[str] = "PaymentCaptured"
    schema_version: ClassVar[int] = 1

    checkout_session_id: CheckoutSessionId
    payment_intent_id: PaymentIntentId
    captured_at: UtcDatetime


class PaymentFailed(_OrderEvent):
    """The payment did not go through (declined, expired session); no entitlement is granted."""

    event_name: ClassVar[str] = "PaymentFailed"
    schema_version: ClassVar[int] = 1

    checkout_session_id: CheckoutSessionId
    payment_intent_id: PaymentIntentId | None = Field(
        description="The PaymentIntent, when Stripe created one before failing.",
        examples=["pi_3NkLmN2eZvKYlo2C1a2b3c4d", None],
    )
    failure_code: str | None = Field(
        max_length=64,
        pattern=r"^[a-z0-9_]+$",
        description="Stripe's machine-readable failure or decline code, if any.",
        examples=["card_declined", "expired"],
    )
    failed_at: UtcDatetime


class PaymentRefunded(_OrderEvent):
    """The order's payment was refunded; an unused entitlement is revoked."""

    event_name: ClassVar[str] = "PaymentRefunded"
    schema_version: ClassVar[int] = 1

    payment_intent_id: PaymentIntentId
    refund_id: RefundId
    reason: RefundReason = Field(
        description="Why the order was refunded.", examples=["attempt_voided"]
    )
    refunded_at: UtcDatetime
