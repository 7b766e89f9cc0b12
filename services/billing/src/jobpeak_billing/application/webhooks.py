"""Applying a verified Stripe webhook event to its order, exactly once.

One transaction claims the Stripe event id in the event log, locks the order, applies the
transition and writes its events to the outbox. A duplicate delivery finds the id claimed and
does nothing; a concurrent duplicate waits on the claim and then does nothing; two different events
about one order serialise on the order's row lock. Because the transitions themselves are
idempotent and monotonic (see :mod:`jobpeak_billing.domain.orders`), the events' order does not
matter either.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from jobpeak_contracts.events.billing import RefundReason
from jobpeak_runtime.clock import Clock
from jobpeak_runtime.logging import bound_log_context, get_logger
from jobpeak_runtime.ports import TransactionFactory

from jobpeak_billing.application.events import announce
from jobpeak_billing.application.ports import (
    BillingUnitOfWork,
    OrderRepository,
    PaymentGateway,
    PaymentProviderError,
)
from jobpeak_billing.domain.orders import Order, OrderStatus, Transition
from jobpeak_billing.domain.stripe_notifications import (
    ChargeRefunded,
    Fact,
    PaymentIntentFailed,
    SessionAwaitingPayment,
    SessionFailed,
    SessionPaid,
    StripeNotification,
    Unhandled,
)

_log = get_logger(__name__)


class WebhookOutcome(StrEnum):
    APPLIED = "applied"
    """The order changed and its events were written to the outbox."""
    UNCHANGED = "unchanged"
    """The event was processed but told nothing new (a late or repeated fact)."""
    DUPLICATE = "duplicate"
    """This Stripe event id was processed before."""
    IGNORED = "ignored"
    """An event type billing does not act on."""
    UNMATCHED = "unmatched"
    """No order of this platform matches the event."""
    AMOUNT_MISMATCH = "amount_mismatch"
    """A paid session whose amount or currency is not its order's: not captured, recorded."""


async def apply_stripe_notification(
    *,
    uow_factory: TransactionFactory[BillingUnitOfWork],
    gateway: PaymentGateway,
    clock: Clock,
    notification: StripeNotification,
) -> WebhookOutcome:
    fact = notification.fact
    if isinstance(fact, Unhandled):
        return WebhookOutcome.IGNORED
    with bound_log_context(
        stripe_event_id=notification.event_id,
        stripe_event_type=notification.event_type,
        stripe_event_created=notification.created.isoformat(),
    ):
        outcome, order = await _apply(
            uow_factory=uow_factory, gateway=gateway, clock=clock, notification=notification
        )
        _log.info(
            "Stripe event processed",
            outcome=outcome.value,
            order_id=str(order.order_id) if order else None,
            candidate_id=order.candidate_id if order else None,
        )
    return outcome


async def _apply(
    *,
    uow_factory: TransactionFactory[BillingUnitOfWork],
    gateway: PaymentGateway,
    clock: Clock,
    notification: StripeNotification,
) -> tuple[WebhookOutcome, Order | None]:
    fact = notification.fact
    async with uow_factory() as uow:
        at = clock()
        log = uow.stripe_events
        claimed = await log.claim(
            event_id=notification.event_id, event_type=notification.event_type, at=at
        )
        if not claimed:
            return WebhookOutcome.DUPLICATE, None
        orders = uow.orders
        order = await _order_of(fact, orders=orders, gateway=gateway)
        if order is None:
            outcome = WebhookOutcome.UNMATCHED
        elif isinstance(fact, SessionPaid) and fact.paid != order.amount:
            outcome = WebhookOutcome.AMOUNT_MISMATCH
            _log.warning(
                "Stripe reports a payment that does not match its order; not captured",
                order_id=str(order.order_id),
                order_amount_minor=order.amount.amount_minor,
                order_currency=order.amount.currency,
                paid_amount_minor=fact.paid.amount_minor,
                paid_currency=fact.paid.currency,
            )
        else:
            transition = await _transition(order, fact, at=at, gateway=gateway)
            await orders.save(transition.order)
            announce(transition, uow=uow)
            outcome = WebhookOutcome.APPLIED if transition.changed else WebhookOutcome.UNCHANGED
        await log.settle(
            event_id=notification.event_id,
            order_id=order.order_id if order is not None else None,
            outcome=outcome.value,
        )
        await uow.commit()
    return outcome, order


async def _order_of(
    fact: Fact, *, orders: OrderRepository, gateway: PaymentGateway
) -> Order | None:
    """The order ``fact`` is about, locked for this transaction."""
    match fact:
        case SessionPaid() | SessionAwaitingPayment() | SessionFailed():
            order = await orders.by_checkout_session(fact.checkout_session_id, for_update=True)
            if order is None and fact.order_id is not None:
                order = await orders.get(fact.order_id, for_update=True)
            return order
        case PaymentIntentFailed():
            if fact.order_id is not None:
                return await orders.get(fact.order_id, for_update=True)
            return await orders.by_payment_intent(fact.payment_intent_id, for_update=True)
        case ChargeRefunded():
            order = await orders.by_payment_intent(fact.payment_intent_id, for_update=True)
            if order is None:
                # The refund overtook the capture: only the payment intent's metadata knows.
                order_id = await gateway.order_of_payment_intent(fact.payment_intent_id)
                order = await orders.get(order_id, for_update=True) if order_id else None
            return order
        case _:
            return None


async def _transition(
    order: Order, fact: Fact, *, at: datetime, gateway: PaymentGateway
) -> Transition:
    """What ``fact`` does to ``order``, dated ``at``: when billing processed the webhook.

    The time of a capture, failure or refund (``captured_at``, ``failed_at``, ``refunded_at``
    and the order's ``paid_at``…) is billing's clock with microseconds when it applied Stripe's
    event, as for reconciliation and billing's own refunds, and not Stripe's ``created``: that
    is whole seconds, so a capture seconds after the checkout could be dated before
    ``CheckoutStarted.started_at`` (itself billing's clock). Stripe's ``created`` is kept in the
    log context of the event (``stripe_event_created``).
    """
    match fact:
        case SessionPaid():
            return order.capture(payment_intent_id=fact.payment_intent_id, at=at)
        case SessionFailed():
            return order.fail(
                failure_code=fact.failure_code, payment_intent_id=fact.payment_intent_id, at=at
            )
        case PaymentIntentFailed():
            return order.fail(
                failure_code=fact.failure_code, payment_intent_id=fact.payment_intent_id, at=at
            )
        case ChargeRefunded() if fact.fully_refunded and order.status is not OrderStatus.REFUNDED:
            refund_id = fact.refund_id or await gateway.latest_refund_id(fact.payment_intent_id)
            if refund_id is None:
                raise PaymentProviderError(
                    f"Stripe reports {fact.payment_intent_id} refunded but lists no refund"
                )
            # Refunds billing makes itself have already moved the order to refunded under its
            # row lock; one reported here was made outside billing's flows (e.g. by an operator).
            return order.refund(
                payment_intent_id=fact.payment_intent_id,
                refund_id=refund_id,
                reason=RefundReason.ADMIN,
                at=at,
            )
        case _:
            return Transition(order, ())
