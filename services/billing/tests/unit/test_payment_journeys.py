"""Stripe's webhooks applied to orders, on fakes: each fact counts once, dated by billing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from jobpeak_billing.application.checkout import start_checkout
from jobpeak_billing.application.fees import replicate_fee
from jobpeak_billing.application.webhooks import WebhookOutcome, apply_stripe_notification
from jobpeak_billing.domain.orders import Order, OrderStatus
from jobpeak_billing.domain.stripe_notifications import parse_notification
from jobpeak_contracts.events.billing import (
    CheckoutStarted,
    PaymentCaptured,
    PaymentFailed,
    PaymentRefunded,
)
from jobpeak_runtime.clock import ManualClock

from services.billing.tests.support.catalog import specialty_published
from services.billing.tests.support.fake_gateway import FakeGateway
from services.billing.tests.support.stripe_webhooks import (
    charge,
    checkout_session,
    payment_intent,
    stripe_event,
)
from services.billing.tests.unit.fakes import FakeBillingUnitOfWork

pytestmark = pytest.mark.unit

CANDIDATE = "cand-4d2e6f80-1a3b-4c5d-8e9f-0a1b2c3d4e5f"
T0 = datetime(2026, 3, 2, 9, 0, 0, 730_000, tzinfo=UTC)
"""Late in its second, so Stripe's whole-second ``created`` of a quick payment is earlier."""


class Billing:
    """One test's billing: a fake database, a fake Stripe and a clock the test moves."""

    def __init__(self) -> None:
        self.uow = FakeBillingUnitOfWork()
        self.gateway = FakeGateway()
        self.clock = ManualClock(T0)

    async def open_order(self) -> Order:
        async with self.uow:
            await replicate_fee(specialty_published(), uow=self.uow, clock=self.clock)
            await self.uow.commit()
        result = await start_checkout(
            uow_factory=lambda: self.uow,
            gateway=self.gateway,
            clock=self.clock,
            candidate_id=CANDIDATE,
            specialty_slug="coding",
            idempotency_key=None,
        )
        return result.order

    async def webhook(self, body: str) -> WebhookOutcome:
        return await apply_stripe_notification(
            uow_factory=lambda: self.uow,
            gateway=self.gateway,
            clock=self.clock,
            notification=parse_notification(body),
        )

    def stored(self, order: Order) -> Order:
        return self.uow.stored_orders.by_id[order.order_id]


def paid(order: Order, *, payment_intent_id: str = "pi_paid1", created: int | None = None) -> str:
    return stripe_event(
        "checkout.session.completed",
        checkout_session(
            session_id=order.checkout_session_id,
            order_id=order.order_id,
            payment_intent=payment_intent_id,
        ),
        created=created,
    )


async def test_candidate_pays_and_exactly_one_payment_is_captured() -> None:
    billing = Billing()
    order = await billing.open_order()
    body = paid(order)
    billing.clock.advance(timedelta(seconds=3))

    assert await billing.webhook(body) is WebhookOutcome.APPLIED
    assert await billing.webhook(body) is WebhookOutcome.DUPLICATE

    assert billing.stored(order).status is OrderStatus.PAID
    (captured,) = billing.uow.emitted_of(PaymentCaptured)
    assert isinstance(captured, PaymentCaptured)
    assert (captured.order_id, captured.payment_intent_id) == (order.order_id, "pi_paid1")


async def test_a_payment_is_never_dated_before_its_checkout() -> None:
    """Stripe's ``created`` is whole seconds: a capture within the checkout's second must not
    come out earlier than ``started_at`` (issue 20, item 4)."""
    billing = Billing()
    order = await billing.open_order()
    billing.clock.advance(timedelta(milliseconds=150))
    created_in_the_same_second = int(T0.timestamp())

    await billing.webhook(paid(order, created=created_in_the_same_second))

    (started,) = billing.uow.emitted_of(CheckoutStarted)
    (captured,) = billing.uow.emitted_of(PaymentCaptured)
    assert isinstance(started, CheckoutStarted)
    assert isinstance(captured, PaymentCaptured)
    assert captured.captured_at >= started.started_at
    assert captured.captured_at == T0 + timedelta(milliseconds=150), "sub-second precision kept"


async def test_a_declined_card_fails_the_order_and_a_retry_in_the_session_still_pays() -> None:
    billing = Billing()
    order = await billing.open_order()
    declined = stripe_event(
        "payment_intent.payment_failed",
        payment_intent(
            payment_intent_id="pi_try1", order_id=order.order_id, decline_code="insufficient_funds"
        ),
    )
    assert await billing.webhook(declined) is WebhookOutcome.APPLIED
    (failed,) = billing.uow.emitted_of(PaymentFailed)
    assert isinstance(failed, PaymentFailed)
    assert failed.failure_code == "insufficient_funds"

    assert await billing.webhook(paid(order, payment_intent_id="pi_try2")) is WebhookOutcome.APPLIED
    assert billing.stored(order).status is OrderStatus.PAID


async def test_a_refund_that_overtakes_the_capture_announces_both() -> None:
    billing = Billing()
    order = await billing.open_order()
    billing.gateway.intent_orders["pi_early"] = order.order_id
    refunded = stripe_event(
        "charge.refunded", charge(payment_intent_id="pi_early", refund_id="re_early")
    )

    assert await billing.webhook(refunded) is WebhookOutcome.APPLIED

    assert billing.stored(order).status is OrderStatus.REFUNDED
    assert [type(event) for event in billing.uow.emitted[1:]] == [PaymentCaptured, PaymentRefunded]


async def test_an_event_about_no_order_of_this_platform_is_acknowledged_without_effect() -> None:
    billing = Billing()
    stranger = stripe_event(
        "checkout.session.completed",
        checkout_session(session_id="cs_other", order_id=uuid.uuid4(), payment_intent="pi_x"),
    )
    assert await billing.webhook(stranger) is WebhookOutcome.UNMATCHED
    unknown_type = stripe_event("customer.created", {"id": "cus_1", "object": "customer"})
    assert await billing.webhook(unknown_type) is WebhookOutcome.IGNORED
    assert billing.uow.emitted == []
