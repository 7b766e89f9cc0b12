"""An order: one candidate paying once for one certification attempt, and its state machine.

Stripe tells billing about a payment through webhooks that may arrive late, twice, concurrently
or in any order, and reconciliation may report the same fact again. Every transition is therefore
idempotent and monotonic, and reports what happened (:class:`OrderChange`) only when the state
actually changes; the application layer announces each change as a contract event:

* ``open`` → ``paid`` on capture (CAPTURED); a capture of a ``paid`` or ``refunded`` order
  changes nothing.
* ``open`` → ``failed`` on a failure (FAILED). ``failed`` is not final: Checkout lets the
  candidate retry another card in the same session, so a later capture still moves
  ``failed`` → ``paid``. A failure reported after the capture (a late declined first try) is
  ignored.
* ``paid`` → ``refunded`` (REFUNDED). A refund Stripe reports before billing saw the capture
  proves the capture too, so ``open``/``failed`` → ``refunded`` is CAPTURED then REFUNDED, and
  the stream stays a true history for consumers counting entitlements.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypedDict, Unpack

from jobpeak_contracts.events.billing import RefundReason
from jobpeak_contracts.money import Money

FAILED_ORDER_WATCH = timedelta(hours=1)
"""How long after its session's expiry a failed order is still worth asking Stripe about."""

CHECKOUT_REUSE_WINDOW = timedelta(hours=23)
"""How long after its creation an open order's session is handed out again.

Billing creates Checkout Sessions with Stripe's default lifetime, 24 hours (it sends no
``expires_at``: that would make a retry's parameters differ from the first call's, which Stripe's
idempotency refuses). The last hour is left for the candidate to pay in a resumed session.
"""


class OrderStatus(StrEnum):
    OPEN = "open"
    """A Checkout Session exists; Stripe has not confirmed a payment."""
    PAID = "paid"
    """Stripe confirmed the payment: one certification attempt is paid for."""
    FAILED = "failed"
    """The payment was declined or the session expired (a retry in the same session may win)."""
    REFUNDED = "refunded"
    """The payment was refunded in full."""


class OrderChange(StrEnum):
    """What a transition did to an order; each is announced once, in this order of occurrence."""

    OPENED = "opened"
    CAPTURED = "captured"
    FAILED = "failed"
    REFUNDED = "refunded"


class OrderNotRefundable(Exception):
    """Billing was asked to refund an order that was never paid."""

    def __init__(self, order: Order) -> None:
        super().__init__(f"order {order.order_id} is {order.status.value}; only paid orders refund")
        self.order = order


@dataclass(frozen=True)
class Order:
    order_id: uuid.UUID
    candidate_id: str
    specialty_slug: str
    amount: Money
    status: OrderStatus
    checkout_session_id: str
    checkout_url: str
    checkout_expires_at: datetime
    created_at: datetime
    updated_at: datetime
    idempotency_key: str | None = None
    payment_intent_id: str | None = None
    failure_code: str | None = None
    refund_id: str | None = None
    refund_reason: RefundReason | None = None
    paid_at: datetime | None = None
    failed_at: datetime | None = None
    refunded_at: datetime | None = None

    @property
    def is_refundable(self) -> bool:
        return self.status is OrderStatus.PAID

    def offers_checkout_at(self, now: datetime) -> bool:
        """Whether a candidate asking to pay again at ``now`` should get this order's session.

        One candidate has at most one checkout in progress per specialty (ADR 18): a second
        request returns the open session as long as it leaves time to pay; once it is about to
        expire a new order is opened, and reconciliation closes the old one.
        """
        return self.status is OrderStatus.OPEN and now < self.created_at + CHECKOUT_REUSE_WINDOW

    def may_still_change(self, *, now: datetime) -> bool:
        """Whether Stripe may still change this order's payment (reconciliation asks about it).

        Open orders always qualify (reconciliation closes them once their session expired);
        failed ones until their session is certainly over.
        """
        if self.status is OrderStatus.OPEN:
            return True
        return (
            self.status is OrderStatus.FAILED
            and self.checkout_expires_at > now - FAILED_ORDER_WATCH
        )

    def capture(self, *, payment_intent_id: str, at: datetime) -> Transition:
        if self.status not in (OrderStatus.OPEN, OrderStatus.FAILED):
            return Transition(self, ())
        paid = dataclasses.replace(
            self,
            status=OrderStatus.PAID,
            payment_intent_id=payment_intent_id,
            failure_code=None,
            paid_at=at,
            updated_at=at,
        )
        return Transition(paid, (OrderChange.CAPTURED,))

    def fail(
        self, *, failure_code: str | None, payment_intent_id: str | None, at: datetime
    ) -> Transition:
        if self.status is not OrderStatus.OPEN:
            return Transition(self, ())
        intent = payment_intent_id or self.payment_intent_id
        failed = dataclasses.replace(
            self,
            status=OrderStatus.FAILED,
            payment_intent_id=intent,
            failure_code=failure_code,
            failed_at=at,
            updated_at=at,
        )
        return Transition(failed, (OrderChange.FAILED,))

    def refund(
        self, *, payment_intent_id: str, refund_id: str, reason: RefundReason, at: datetime
    ) -> Transition:
        if self.status is OrderStatus.REFUNDED:
            return Transition(self, ())
        intent = self.payment_intent_id or payment_intent_id
        captured = self.capture(payment_intent_id=intent, at=at)
        paid = captured.order
        refunded = dataclasses.replace(
            paid,
            status=OrderStatus.REFUNDED,
            refund_id=refund_id,
            refund_reason=reason,
            refunded_at=at,
            updated_at=at,
        )
        return Transition(refunded, (*captured.changes, OrderChange.REFUNDED))

    def reconcile(
        self, *, paid: bool, expired: bool, payment_intent_id: str | None, at: datetime
    ) -> Transition:
        """Catch up with what Stripe says about the session now (a webhook may have been lost).

        Safe to apply any number of times, and in any interleaving with webhooks: it goes
        through the same idempotent transitions.
        """
        if paid and payment_intent_id is not None:
            return self.capture(payment_intent_id=payment_intent_id, at=at)
        if expired:
            return self.fail(failure_code="expired", payment_intent_id=payment_intent_id, at=at)
        return Transition(self, ())


@dataclass(frozen=True)
class Transition:
    """An order after a change, and what changed (nothing when the fact was known already)."""

    order: Order
    changes: tuple[OrderChange, ...]

    @property
    def changed(self) -> bool:
        return bool(self.changes)


class NewOrder(TypedDict):
    """What a new order is opened with: the :class:`Order` fields its checkout decided."""

    order_id: uuid.UUID
    candidate_id: str
    specialty_slug: str
    amount: Money
    checkout_session_id: str
    checkout_url: str
    checkout_expires_at: datetime
    idempotency_key: str | None


def open_order(*, at: datetime, **new: Unpack[NewOrder]) -> Transition:
    """A new order for a Checkout Session Stripe has just created."""
    order = Order(**new, status=OrderStatus.OPEN, created_at=at, updated_at=at)
    return Transition(order, (OrderChange.OPENED,))
