"""What billing announces on ``billing.payments.v1``: one contract event per order change.

The domain says what changed (:class:`~jobpeak_billing.domain.orders.OrderChange`); the events
are built here from the order as it stands after the transition, which holds every field the
contract carries (the payment intent, failure code, refund and the time of each step).
"""

from __future__ import annotations

import uuid
from typing import TypedDict, TypeVar

from jobpeak_contracts.envelope import Event
from jobpeak_contracts.events.billing import (
    CheckoutStarted,
    PaymentCaptured,
    PaymentFailed,
    PaymentRefunded,
)
from jobpeak_contracts.money import Money
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
            return CheckoutStarted(
                **_about(order),
                checkout_session_id=order.checkout_session_id,
                started_at=order.created_at,
            )
        case OrderChange.CAPTURED:
            return PaymentCaptured(
                **_about(order),
                checkout_session_id=order.checkout_session_id,
                payment_intent_id=_known(order.payment_intent_id, "payment_intent_id", order),
                captured_at=_known(order.paid_at, "paid_at", order),
            )
        case OrderChange.FAILED:
            return PaymentFailed(
                **_about(order),
                checkout_session_id=order.checkout_session_id,
                payment_intent_id=order.payment_intent_id,
                failure_code=order.failure_code,
                failed_at=_known(order.failed_at, "failed_at", order),
            )
        case OrderChange.REFUNDED:
            return PaymentRefunded(
                **_about(order),
                payment_intent_id=_known(order.payment_intent_id, "payment_intent_id", order),
                refund_id=_known(order.refund_id, "refund_id", order),
                reason=_known(order.refund_reason, "refund_reason", order),
                refunded_at=_known(order.refunded_at, "refunded_at", order),
            )


class _OrderFields(TypedDict):
    order_id: uuid.UUID
    candidate_id: str
    specialty_slug: str
    amount: Money


def _about(order: Order) -> _OrderFields:
    """The fields every order event carries."""
    return _OrderFields(
        order_id=order.order_id,
        candidate_id=order.candidate_id,
        specialty_slug=order.specialty_slug,
        amount=order.amount,
    )


def _known(value: T | None, field: str, order: Order) -> T:
    if value is None:
        raise ValueError(f"order {order.order_id} changed without its {field}")
    return value
