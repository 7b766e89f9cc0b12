"""A candidate pays for the certification: checkout, Stripe's webhook, one PaymentCaptured."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from jobpeak_billing.adapters.tables import orders, stripe_events
from jobpeak_contracts.events.billing import CheckoutStarted, PaymentCaptured, PaymentFailed
from jobpeak_contracts.money import Money

from services.billing.tests.support.harness import CANDIDATE_ID, RunningBilling
from services.billing.tests.support.stripe_webhooks import (
    checkout_session,
    payment_intent,
    session_completed,
    signed,
    stripe_event,
)

pytestmark = pytest.mark.integration


async def test_candidate_pays_and_exactly_one_payment_is_captured(billing: RunningBilling) -> None:
    order = await billing.open_order()
    assert order["amount"] == {"amount_minor": 4900, "currency": "USD"}
    assert order["status"] == "open"
    assert str(order["checkout_url"]).startswith("https://")
    assert str(order["checkout_session_id"]).startswith("cs_")

    payload = session_completed(order)
    first = await billing.webhook(payload)
    assert first.status_code == 200, first.text
    assert first.json()["outcome"] == "applied"
    again = await billing.webhook(payload)
    assert again.json()["outcome"] == "duplicate"

    status = await billing.order(str(order["order_id"]))
    assert status.json()["status"] == "paid"

    records = await billing.payments()
    started = [r for r in records if isinstance(r.decoded.event, CheckoutStarted)]
    captured = [r for r in records if isinstance(r.decoded.event, PaymentCaptured)]
    assert len(started) == 1
    assert len(captured) == 1
    event = captured[0].decoded.event
    assert isinstance(event, PaymentCaptured)
    assert captured[0].key == CANDIDATE_ID
    assert str(event.order_id) == order["order_id"]
    assert event.amount == Money(amount_minor=4900, currency="USD")
    assert event.checkout_session_id == order["checkout_session_id"]
    checkout = started[0].decoded.event
    assert isinstance(checkout, CheckoutStarted)
    assert event.captured_at >= checkout.started_at, "a payment is never dated before its checkout"


async def test_the_same_webhook_three_times_concurrently_captures_once(
    billing: RunningBilling,
) -> None:
    order = await billing.open_order()
    payload = session_completed(order)
    responses = await asyncio.gather(*(billing.webhook(payload) for _ in range(3)))
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert sorted(r.json()["outcome"] for r in responses) == ["applied", "duplicate", "duplicate"]
    assert len(await billing.payment_events(PaymentCaptured)) == 1
    assert await billing.count(stripe_events) == 1


async def test_two_different_events_for_one_payment_capture_once_in_any_order(
    billing: RunningBilling,
) -> None:
    order = await billing.open_order()
    session_id = str(order["checkout_session_id"])
    order_id = uuid.UUID(str(order["order_id"]))
    intent = f"pi_{uuid.uuid4().hex[:20]}"
    succeeded = stripe_event(
        "checkout.session.async_payment_succeeded",
        checkout_session(session_id=session_id, order_id=order_id, payment_intent=intent),
    )
    declined_earlier = stripe_event(
        "payment_intent.payment_failed",
        payment_intent(payment_intent_id=intent, order_id=order_id, decline_code="do_not_honor"),
    )
    completed_late = stripe_event(
        "checkout.session.completed",
        checkout_session(session_id=session_id, order_id=order_id, payment_intent=intent),
    )
    results = await asyncio.gather(
        billing.webhook(succeeded),
        billing.webhook(declined_earlier),
        billing.webhook(completed_late),
    )
    assert all(r.status_code == 200 for r in results)
    assert len(await billing.payment_events(PaymentCaptured)) == 1
    status = await billing.order(str(order_id))
    assert status.json()["status"] == "paid"


async def test_a_declined_payment_is_announced_as_failed(billing: RunningBilling) -> None:
    order = await billing.open_order()
    order_id = uuid.UUID(str(order["order_id"]))
    declined = stripe_event(
        "payment_intent.payment_failed",
        payment_intent(
            payment_intent_id="pi_declined1", order_id=order_id, decline_code="insufficient_funds"
        ),
    )
    assert (await billing.webhook(declined)).json()["outcome"] == "applied"
    failed = await billing.payment_events(PaymentFailed)
    assert len(failed) == 1
    event = failed[0].decoded.event
    assert isinstance(event, PaymentFailed)
    assert event.failure_code == "insufficient_funds"
    assert (await billing.order(str(order_id))).json()["status"] == "failed"


@pytest.mark.parametrize(
    "forgery",
    ["tampered body", "wrong secret", "stale timestamp", "future timestamp", "no signature"],
)
async def test_unverified_webhooks_are_refused_and_change_nothing(
    billing: RunningBilling, forgery: str
) -> None:
    order = await billing.open_order()
    payload = session_completed(order)
    secret = billing.settings.stripe_webhook_secret.get_secret_value()
    headers = {
        "tampered body": signed(payload, secret=secret),
        "wrong secret": signed(payload, secret="whsec_someone_else_entirely_123456"),
        "stale timestamp": signed(payload, secret=secret, timestamp=1_700_000_000),
        "future timestamp": signed(payload, secret=secret, timestamp=int(time.time()) + 3600),
        "no signature": {"Content-Type": "application/json"},
    }[forgery]
    body = payload.replace('"paid"', '"paid" ') if forgery == "tampered body" else payload
    response = await billing.webhook(body, headers=headers)
    assert response.status_code == 400
    assert "signature" in response.json()["detail"].lower()
    assert await billing.count(stripe_events) == 0
    assert (await billing.order(str(order["order_id"]))).json()["status"] == "open"
    assert await billing.payment_events(PaymentCaptured) == []


async def test_a_signed_event_of_another_platform_is_acknowledged_without_effect(
    billing: RunningBilling,
) -> None:
    stranger = stripe_event(
        "checkout.session.completed",
        checkout_session(session_id="cs_test_elsewhere", order_id=None, payment_intent="pi_x1"),
    )
    response = await billing.webhook(stranger)
    assert response.json()["outcome"] == "unmatched"
    assert await billing.count(orders) == 0
