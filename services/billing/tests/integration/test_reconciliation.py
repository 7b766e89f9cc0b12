"""Reconciliation: an order whose webhook was dropped is repaired from what Stripe says."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from typing import Any

import pytest
from jobpeak_billing.adapters.tables import orders
from jobpeak_billing.app import reconcile_once, stripe_gateway
from jobpeak_billing.application.ports import CheckoutRequest, CheckoutState, CreatedCheckout
from jobpeak_billing.settings import BillingSettings
from jobpeak_contracts.events.billing import (
    CheckoutStarted,
    PaymentCaptured,
    PaymentFailed,
    PaymentRefunded,
)
from jobpeak_runtime.auth import Role
from jobpeak_runtime.testing import wait_until
from sqlalchemy import select

from services.billing.tests.support.catalog import specialty_published
from services.billing.tests.support.fake_gateway import FakeGateway
from services.billing.tests.support.harness import (
    RunningBilling,
    billing_settings,
    running_billing,
)
from services.billing.tests.support.stripe_webhooks import charge, checkout_session, stripe_event

pytestmark = pytest.mark.integration


class StripeWithMemory:
    """The real SDK against stripe-mock, plus the memory stripe-mock lacks.

    stripe-mock answers every session lookup with the same unpaid fixture; this stands in for
    Stripe having recorded the candidate's payment (or the session's expiry), while every call
    still goes through the SDK to stripe-mock.
    """

    def __init__(self, settings: BillingSettings) -> None:
        self._stripe = stripe_gateway(settings)
        self.paid: dict[str, str] = {}
        self.expired: set[str] = set()
        self.lookups = 0

    async def checkout_state(self, checkout_session_id: str) -> CheckoutState:
        answered = await self._stripe.checkout_state(checkout_session_id)
        self.lookups += 1
        assert answered.checkout_session_id == checkout_session_id
        return CheckoutState(
            checkout_session_id=checkout_session_id,
            paid=checkout_session_id in self.paid,
            expired=checkout_session_id in self.expired,
            payment_intent_id=self.paid.get(checkout_session_id, answered.payment_intent_id),
        )

    async def create_checkout(self, request: CheckoutRequest) -> CreatedCheckout:
        return await self._stripe.create_checkout(request)

    async def refund(self, *, order_id: uuid.UUID, payment_intent_id: str) -> str:
        return await self._stripe.refund(order_id=order_id, payment_intent_id=payment_intent_id)

    async def latest_refund_id(self, payment_intent_id: str) -> str | None:
        return await self._stripe.latest_refund_id(payment_intent_id)

    async def order_of_payment_intent(self, payment_intent_id: str) -> uuid.UUID | None:
        return await self._stripe.order_of_payment_intent(payment_intent_id)

    async def close(self) -> None:
        await self._stripe.close()


@pytest.fixture
def settings(
    database_url: str, kafka_bootstrap: str, topic_prefix: str, stripe_api_base: str
) -> BillingSettings:
    return billing_settings(
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        stripe_api_base=stripe_api_base,
        reconcile_interval_seconds=0.2,
    )


async def status_of(billing: RunningBilling, order: dict[str, Any]) -> str:
    admin = billing.auth("admin-1", Role.ADMIN)
    response = await billing.http.get(f"/orders/{order['order_id']}", headers=admin)
    status: str = response.json()["status"]
    return status


async def test_reconciliation_repairs_an_order_whose_webhook_was_dropped(
    settings: BillingSettings,
) -> None:
    stripe = StripeWithMemory(settings)
    async with running_billing(settings, gateway=stripe) as billing:
        await billing.offer(specialty_published())
        # Three candidates: one candidate's second checkout would resume their first.
        order, abandoned, unpaid = [
            (await billing.checkout(subject=f"cand-{uuid.uuid4()}")).json() for _ in range(3)
        ]
        intent = f"pi_{uuid.uuid4().hex[:20]}"
        stripe.paid[order["checkout_session_id"]] = intent  # paid; the webhook never comes
        stripe.expired.add(abandoned["checkout_session_id"])

        async def repaired() -> bool:
            return await status_of(billing, order) == "paid"

        await wait_until(repaired, within=30, message="the periodic pass captured the payment")
        # Any number of further passes, concurrently with the periodic one, change nothing.
        await asyncio.gather(*(reconcile_once(settings, gateway=stripe) for _ in range(3)))
        late_webhook = stripe_event(
            "checkout.session.completed",
            checkout_session(
                session_id=order["checkout_session_id"],
                order_id=uuid.UUID(order["order_id"]),
                payment_intent=intent,
            ),
        )
        assert (await billing.webhook(late_webhook)).json()["outcome"] == "unchanged"

        assert await status_of(billing, abandoned) == "failed"
        assert await status_of(billing, unpaid) == "open"
        captured = await billing.payment_events(PaymentCaptured)
        assert len(captured) == 1
        event = captured[0].decoded.event
        assert isinstance(event, PaymentCaptured)
        assert (str(event.order_id), event.payment_intent_id) == (order["order_id"], intent)
        failed = [r.decoded.event for r in await billing.payment_events(PaymentFailed)]
        assert [str(e.order_id) for e in failed if isinstance(e, PaymentFailed)] == [
            abandoned["order_id"]
        ]
        assert stripe.lookups >= 3


async def test_the_reconcile_command_asks_stripe_and_leaves_an_unpaid_order_open(
    settings: BillingSettings,
) -> None:
    async with running_billing(
        settings.model_copy(update={"reconcile_interval_seconds": 0})
    ) as billing:
        await billing.offer(specialty_published())
        order = (await billing.checkout()).json()
        assert settings.jwt_secret is not None
        webhook_secret = settings.stripe_webhook_secret.get_secret_value()
        environment = {
            **os.environ,
            "JOBPEAK_BILLING_DATABASE_URL": settings.database_url,
            "JOBPEAK_BILLING_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
            "JOBPEAK_BILLING_TOPIC_PREFIX": settings.topic_prefix,
            "JOBPEAK_BILLING_JWT_SECRET": settings.jwt_secret.get_secret_value(),
            "JOBPEAK_BILLING_STRIPE_API_BASE": str(settings.stripe_api_base),
            "JOBPEAK_BILLING_STRIPE_API_KEY": settings.stripe_api_key.get_secret_value(),
            "JOBPEAK_BILLING_STRIPE_WEBHOOK_SECRET": webhook_secret,
            "JOBPEAK_BILLING_ENVIRONMENT": "test",
        }
        command = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "jobpeak_billing",
            "reconcile",
            env=environment,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(command.communicate(), timeout=60)
        assert command.returncode == 0, stderr.decode()
        report = json.loads(stdout)
        assert report == {"checked": 1, "captured": 0, "failed": 0, "unchanged": 1, "errors": []}

        async with billing.runtime.engine.connect() as connection:
            reconciled_at = await connection.scalar(
                select(orders.c.reconciled_at).where(
                    orders.c.order_id == uuid.UUID(order["order_id"])
                )
            )
        assert reconciled_at is not None
        assert await status_of(billing, order) == "open"
        published = [type(r.decoded.event) for r in await billing.payments()]
        assert published == [CheckoutStarted]


async def test_a_refund_that_overtakes_the_capture_records_both(
    settings: BillingSettings,
) -> None:
    stripe = FakeGateway()
    async with running_billing(
        settings.model_copy(update={"reconcile_interval_seconds": 0}), gateway=stripe
    ) as billing:
        await billing.offer(specialty_published())
        order = (await billing.checkout()).json()
        intent = "pi_overtaken1"
        stripe.intent_orders[intent] = uuid.UUID(order["order_id"])
        refund_first = stripe_event(
            "charge.refunded", charge(payment_intent_id=intent, refund_id="re_dashboard1")
        )
        assert (await billing.webhook(refund_first)).json()["outcome"] == "applied"
        completed_late = stripe_event(
            "checkout.session.completed",
            checkout_session(
                session_id=order["checkout_session_id"],
                order_id=uuid.UUID(order["order_id"]),
                payment_intent=intent,
            ),
        )
        assert (await billing.webhook(completed_late)).json()["outcome"] == "unchanged"
        published = [type(r.decoded.event) for r in await billing.payments()]
        assert published == [CheckoutStarted, PaymentCaptured, PaymentRefunded]
        assert await status_of(billing, order) == "refunded"


async def test_a_stripe_outage_during_reconciliation_is_reported_and_changes_nothing(
    settings: BillingSettings,
) -> None:
    stripe = FakeGateway()
    async with running_billing(
        settings.model_copy(update={"reconcile_interval_seconds": 0}), gateway=stripe
    ) as billing:
        await billing.offer(specialty_published())
        order = (await billing.checkout()).json()
        stripe.pay(order["checkout_session_id"], payment_intent_id="pi_during_outage")
        stripe.failing = True
        report = await reconcile_once(settings, gateway=stripe)
        assert report.checked == 0
        assert len(report.errors) == 1
        assert "did not answer" in report.errors[0]
        stripe.failing = False
        report = await reconcile_once(settings, gateway=stripe)
        assert (report.checked, report.captured) == (1, 1)
        assert await status_of(billing, order) == "paid"
