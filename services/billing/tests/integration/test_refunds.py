"""Refunds: a voided attempt or an admin refunds through Stripe, announced exactly once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from jobpeak_contracts.events.billing import PaymentCaptured, PaymentRefunded, RefundReason
from jobpeak_contracts.events.testing import AttemptVoided, VoidReason
from jobpeak_contracts.topics import TESTING_ATTEMPTS
from jobpeak_runtime.auth import Role
from jobpeak_runtime.testing import wait_until

from services.billing.tests.support.harness import CANDIDATE_ID, RunningBilling
from services.billing.tests.support.stripe_webhooks import charge, checkout_session, stripe_event

pytestmark = pytest.mark.integration


async def paid_order(billing: RunningBilling) -> dict[str, Any]:
    order: dict[str, Any] = (await billing.checkout()).json()
    intent = f"pi_{uuid.uuid4().hex[:20]}"
    paid = stripe_event(
        "checkout.session.completed",
        checkout_session(
            session_id=order["checkout_session_id"],
            order_id=uuid.UUID(order["order_id"]),
            payment_intent=intent,
        ),
    )
    assert (await billing.webhook(paid)).json()["outcome"] == "applied"
    return order | {"payment_intent": intent}


def voided(order: dict[str, Any]) -> AttemptVoided:
    return AttemptVoided(
        attempt_id=None,
        candidate_id=CANDIDATE_ID,
        specialty_slug="coding",
        order_id=uuid.UUID(order["order_id"]),
        reason=VoidReason.SPECIALTY_RETIRED,
        voided_at=datetime.now(UTC),
    )


async def status_of(billing: RunningBilling, order: dict[str, Any]) -> str:
    status: str = (await billing.order(order["order_id"])).json()["status"]
    return status


async def test_a_voided_attempt_is_refunded_through_stripe_once(billing: RunningBilling) -> None:
    order = await paid_order(billing)
    await billing.publish(voided(order))

    async def refunded() -> bool:
        return await status_of(billing, order) == "refunded"

    await wait_until(refunded, within=30, message="order refunded after AttemptVoided")
    view = (await billing.order(order["order_id"])).json()
    assert view["refund_reason"] == "attempt_voided"

    # Stripe's own notice of the refund, the same void redelivered as a new record, and an
    # admin's click all find the order refunded already.
    notice = stripe_event("charge.refunded", charge(payment_intent_id=order["payment_intent"]))
    assert (await billing.webhook(notice)).json()["outcome"] == "unchanged"
    handled = await billing.handled(TESTING_ATTEMPTS)
    await billing.publish(voided(order))
    await wait_until(
        lambda: _handled_at_least(billing, handled + 1), within=30, message="second void consumed"
    )
    admin = await billing.http.post(
        f"/admin/orders/{order['order_id']}/refund", headers=billing.auth("admin-1", Role.ADMIN)
    )
    assert admin.status_code == 200
    assert admin.json()["refund_reason"] == "attempt_voided"

    refunds = await billing.payment_events(PaymentRefunded)
    assert len(refunds) == 1
    event = refunds[0].decoded.event
    assert isinstance(event, PaymentRefunded)
    assert refunds[0].key == CANDIDATE_ID
    assert event.reason is RefundReason.ATTEMPT_VOIDED
    assert event.refund_id.startswith("re_")
    assert event.payment_intent_id == order["payment_intent"]
    assert event.amount.amount_minor == 4900


async def test_an_admin_refunds_a_paid_order(billing: RunningBilling) -> None:
    order = await paid_order(billing)
    unpaid = (await billing.checkout()).json()
    admin = billing.auth("admin-1", Role.ADMIN)

    candidate_try = await billing.http.post(
        f"/admin/orders/{order['order_id']}/refund", headers=billing.auth()
    )
    assert candidate_try.status_code == 403
    refused = await billing.http.post(f"/admin/orders/{unpaid['order_id']}/refund", headers=admin)
    assert refused.status_code == 409
    unknown = await billing.http.post(f"/admin/orders/{uuid.uuid4()}/refund", headers=admin)
    assert unknown.status_code == 404

    first = await billing.http.post(f"/admin/orders/{order['order_id']}/refund", headers=admin)
    assert first.status_code == 200
    assert first.json()["status"] == "refunded"
    assert first.json()["refund_reason"] == "admin"
    again = await billing.http.post(f"/admin/orders/{order['order_id']}/refund", headers=admin)
    assert again.status_code == 200

    refunds = [r.decoded.event for r in await billing.payment_events(PaymentRefunded)]
    assert [e.reason for e in refunds if isinstance(e, PaymentRefunded)] == [RefundReason.ADMIN]
    assert await status_of(billing, unpaid) == "open"


async def test_a_refund_made_in_stripe_directly_is_announced_once(billing: RunningBilling) -> None:
    order = await paid_order(billing)
    # No refund list in the charge (recent API versions): billing asks Stripe for it.
    notice = stripe_event("charge.refunded", charge(payment_intent_id=order["payment_intent"]))
    first = await billing.webhook(notice)
    assert first.json()["outcome"] == "applied"
    assert (await billing.webhook(notice)).json()["outcome"] == "duplicate"
    partial = stripe_event(
        "charge.refunded", charge(payment_intent_id=order["payment_intent"], refunded=False)
    )
    assert (await billing.webhook(partial)).json()["outcome"] == "unchanged"

    refunds = await billing.payment_events(PaymentRefunded)
    assert len(refunds) == 1
    assert len(await billing.payment_events(PaymentCaptured)) == 1
    assert await status_of(billing, order) == "refunded"


async def _handled_at_least(billing: RunningBilling, count: int) -> bool:
    return await billing.handled(TESTING_ATTEMPTS) >= count
