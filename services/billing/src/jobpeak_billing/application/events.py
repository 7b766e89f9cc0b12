"""What billing announces on ``billing.payments.v1``: one contract event per order change.

The domain says what changed (:class:`~jobpeak_billing.domain.orders.OrderChange`); the events
are built here from the order as it stands after the transition, which holds every field the
contract carries (the payment intent, failure code, refund and the time of each step).
"""

from __future__ import annotations

from typing import TypeVar

from jobpeak_contracts.envelope import Event
from jobpeak_contracts.events.billing import (
    CheckoutStarted,
    PaymentCaptured,
    PaymentFailed,
    PaymentRefunded,
)
from jobpeak_runtime.attributes import from_attributes
from jobpeak_runtime.ports import Transaction

from jobpeak_billing.domain.orders import Order, OrderChange, Transition

T = TypeVar("T")


def announce(transition: Transition, *, uow: Transaction) -> None:
    """Emit the events of ``transition`` in ``uow``, keyed by the order."""
    subject = str(transition.order.order_id)
    for change in transition.changes:
        uow.emit(order_event(transition.order, change), subject=subject)


def order_event(order: Order, change: OrderChange) -> Event:
    """The contract event announcing ``change`` of ``order`` (the order after the change)."""
    match change:
        case OrderChange.OPENED:
            return from_attributes(CheckoutStarted, order, started_at=order.created_at)
        case OrderChange.CAPTURED:
            return from_attributes(
                PaymentCaptured,
                order,
                payment_intent_id=_known(order.payment_intent_id, "payment_intent_id", order),
                captured_at=_known(order.paid_at, "paid_at", order),
            )
        case OrderChange.FAILED:
            return from_attributes(
                PaymentFailed,
                order,
                failed_at=_known(order.failed_at, "failed_at", order),
            )
        case OrderChange.REFUNDED:
            return from_attributes(
                PaymentRefunded,
                order,
                payment_intent_id=_known(order.payment_intent_id, "payment_intent_id", order),
                refund_id=_known(order.refund_id, "refund_id", order),
                reason=_known(order.refund_reason, "refund_reason", order),
                refunded_at=_known(order.refunded_at, "refunded_at", order),
            )


def _known(value: T | None, field: str, order: Order) -> T:
    if value is None:
        raise ValueError(f"order {order.order_id} changed without its {field}")
    return value
