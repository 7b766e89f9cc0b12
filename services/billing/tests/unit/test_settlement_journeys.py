"""Reconciliation and refunds, on fakes: lost webhooks repaired, paid orders refunded once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest
from jobpeak_billing.application.checkout import start_checkout
from jobpeak_billing.application.fees import replicate_fee
from jobpeak_billing.application.ports import BillingUnitOfWork
from jobpeak_billing.application.reconciliation import Reconciliation
from jobpeak_billing.application.refunds import OrderNotFound, refund_order, refund_voided_attempt
from jobpeak_billing.domain.orders import Order, OrderNotRefundable, OrderStatus
from jobpeak_contracts.events.billing import (
    PaymentCaptured,
    PaymentFailed,
    PaymentRefunded,
    RefundReason,
)
from jobpeak_contracts.events.testing import AttemptVoided, VoidReason
from jobpeak_runtime.clock import ManualClock
from jobpeak_runtime.ports import TransactionFactory

from services.billing.tests.support.catalog import specialty_published
from services.billing.tests.support.fake_gateway import FakeGateway
from services.billing.tests.unit.fakes import FakeBillingUnitOfWork

pytestmark = pytest.mark.unit

CANDIDATE = "cand-9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class Billing:
    uow: FakeBillingUnitOfWork
    gateway: FakeGateway
    clock: ManualClock

    @property
    def uow_factory(self) -> TransactionFactory[BillingUnitOfWork]:
        """What the runtime hands a periodic task: fresh units of work (here, the one fake)."""
        return lambda: self.uow

    def reconciliation(self) -> Reconciliation:
        return Reconciliation(gateway=self.gateway, clock=self.clock, batch_size=10)

    def stored(self, order: Order) -> Order:
        return self.uow.stored_orders.by_id[order.order_id]


async def billing_with_an_open_order() -> tuple[Billing, Order]:
    billing = Billing(FakeBillingUnitOfWork(), FakeGateway(), ManualClock(T0))
    async with billing.uow:
        await replicate_fee(specialty_published(), uow=billing.uow, clock=billing.clock)
        await billing.uow.commit()
    result = await start_checkout(
        uow_factory=billing.uow_factory,
        gateway=billing.gateway,
        clock=billing.clock,
        candidate_id=CANDIDATE,
        specialty_slug="coding",
        idempotency_key=None,
    )
    return billing, result.order


async def paid_order() -> tuple[Billing, Order]:
    billing, order = await billing_with_an_open_order()
    billing.gateway.pay(order.checkout_session_id, payment_intent_id="pi_paid")
    await billing.reconciliation().reconcile(uow_factory=billing.uow_factory)
    return billing, billing.stored(order)


async def test_reconciliation_captures_a_payment_whose_webhook_was_lost() -> None:
    billing, order = await billing_with_an_open_order()
    billing.gateway.pay(order.checkout_session_id, payment_intent_id="pi_lost")

    first = await billing.reconciliation().reconcile(uow_factory=billing.uow_factory)
    again = await billing.reconciliation().reconcile(uow_factory=billing.uow_factory)

    assert (first.checked, first.captured) == (1, 1)
    assert (again.checked, again.captured) == (0, 0), "a paid order is settled"
    assert billing.stored(order).status is OrderStatus.PAID
    assert len(billing.uow.emitted_of(PaymentCaptured)) == 1


async def test_the_periodic_pass_fails_an_expired_session_and_reports_an_outage() -> None:
    billing, order = await billing_with_an_open_order()
    session = order.checkout_session_id
    billing.gateway.states[session] = replace(billing.gateway.states[session], expired=True)
    await billing.reconciliation().scheduled_pass(billing)
    assert billing.stored(order).status is OrderStatus.FAILED
    (failed,) = billing.uow.emitted_of(PaymentFailed)
    assert isinstance(failed, PaymentFailed)
    assert failed.failure_code == "expired"

    billing.gateway.failing = True
    outage = await billing.reconciliation().reconcile(uow_factory=billing.uow_factory)
    assert outage.checked == 0
    assert len(outage.errors) == 1


async def test_an_admin_refunds_a_paid_order_once_however_often_asked() -> None:
    billing, order = await paid_order()
    for _ in range(2):
        async with billing.uow:
            refunded = await refund_order(
                uow=billing.uow,
                gateway=billing.gateway,
                clock=billing.clock,
                order_id=order.order_id,
                reason=RefundReason.ADMIN,
            )
            await billing.uow.commit()
    assert refunded.status is OrderStatus.REFUNDED
    assert billing.gateway.refund_calls == 1
    (announced,) = billing.uow.emitted_of(PaymentRefunded)
    assert isinstance(announced, PaymentRefunded)
    assert announced.reason is RefundReason.ADMIN


async def test_only_an_existing_paid_order_can_be_refunded() -> None:
    billing, order = await billing_with_an_open_order()
    async with billing.uow:
        with pytest.raises(OrderNotRefundable):
            await refund_order(
                uow=billing.uow,
                gateway=billing.gateway,
                clock=billing.clock,
                order_id=order.order_id,
                reason=RefundReason.ADMIN,
            )
        with pytest.raises(OrderNotFound):
            await refund_order(
                uow=billing.uow,
                gateway=billing.gateway,
                clock=billing.clock,
                order_id=uuid.uuid4(),
                reason=RefundReason.ADMIN,
            )
    assert billing.gateway.refund_calls == 0


def voided(order: Order, *, candidate_id: str = CANDIDATE) -> AttemptVoided:
    return AttemptVoided(
        attempt_id=uuid.uuid4(),
        candidate_id=candidate_id,
        specialty_slug="coding",
        order_id=order.order_id,
        reason=VoidReason.SPECIALTY_RETIRED,
        voided_at=T0 + timedelta(days=1),
    )


async def test_a_voided_attempt_of_a_paid_order_is_refunded_but_not_one_of_another_candidate() -> (
    None
):
    billing, order = await paid_order()
    stranger = "cand-00000000-0000-4000-8000-000000000000"
    async with billing.uow:
        await refund_voided_attempt(
            voided(order, candidate_id=stranger),
            uow=billing.uow,
            gateway=billing.gateway,
            clock=billing.clock,
        )
        await billing.uow.commit()
    assert billing.stored(order).status is OrderStatus.PAID

    async with billing.uow:
        await refund_voided_attempt(
            voided(order), uow=billing.uow, gateway=billing.gateway, clock=billing.clock
        )
        await billing.uow.commit()
    assert billing.stored(order).status is OrderStatus.REFUNDED
    (announced,) = billing.uow.emitted_of(PaymentRefunded)
    assert isinstance(announced, PaymentRefunded)
    assert announced.reason is RefundReason.ATTEMPT_VOIDED
