"""Refunding a paid order through Stripe: for a voided attempt, or on an admin's request.

The Stripe refund is idempotent on the order, so the voided-attempt handler retried by the inbox,
an admin clicking twice, or both racing, produce one refund at Stripe and one PaymentRefunded:
the order row is locked for the duration and a refunded order is left alone.
"""

from __future__ import annotations

import uuid

from jobpeak_contracts.events.billing import RefundReason
from jobpeak_contracts.events.testing import AttemptVoided
from jobpeak_runtime.clock import Clock
from jobpeak_runtime.logging import get_logger

from jobpeak_billing.application.events import announce
from jobpeak_billing.application.ports import BillingUnitOfWork, PaymentGateway
from jobpeak_billing.domain.orders import Order, OrderNotRefundable, OrderStatus

_log = get_logger(__name__)


class OrderNotFound(Exception):
    def __init__(self, order_id: uuid.UUID) -> None:
        super().__init__(f"order {order_id} does not exist")


async def refund_order(
    *,
    uow: BillingUnitOfWork,
    gateway: PaymentGateway,
    clock: Clock,
    order_id: uuid.UUID,
    reason: RefundReason,
) -> Order:
    """Refund ``order_id`` in full (no-op if already refunded); the caller commits ``uow``."""
    orders = uow.orders
    order = await orders.get(order_id, for_update=True)
    if order is None:
        raise OrderNotFound(order_id)
    if order.status is OrderStatus.REFUNDED:
        return order
    if not order.is_refundable or order.payment_intent_id is None:
        raise OrderNotRefundable(order)
    refund_id = await gateway.refund(
        order_id=order.order_id, payment_intent_id=order.payment_intent_id
    )
    transition = order.refund(
        payment_intent_id=order.payment_intent_id, refund_id=refund_id, reason=reason, at=clock()
    )
    await orders.save(transition.order)
    announce(transition, uow=uow)
    _log.info(
        "order refunded",
        order_id=str(order.order_id),
        candidate_id=order.candidate_id,
        refund_id=refund_id,
        reason=reason.value,
    )
    return transition.order


async def refund_voided_attempt(
    event: AttemptVoided, *, uow: BillingUnitOfWork, gateway: PaymentGateway, clock: Clock
) -> None:
    """Refund the order behind a voided attempt, if it was paid and belongs to that candidate."""
    if event.order_id is None:
        return
    order = await uow.orders.get(event.order_id, for_update=True)
    if order is None or order.candidate_id != event.candidate_id:
        _log.warning(
            "voided attempt names no order of its candidate; nothing to refund",
            order_id=str(event.order_id),
        )
        return
    if order.status in (OrderStatus.OPEN, OrderStatus.FAILED):
        _log.warning(
            "voided attempt names an unpaid order; nothing to refund",
            order_id=str(order.order_id),
            status=order.status.value,
        )
        return
    await refund_order(
        uow=uow,
        gateway=gateway,
        clock=clock,
        order_id=order.order_id,
        reason=RefundReason.ATTEMPT_VOIDED,
    )
