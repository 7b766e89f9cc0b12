"""Starting a checkout: price from the fee replica, a Stripe Checkout Session, then the order.

A candidate has at most one checkout in progress per specialty (ADR 18): asking again, with any
``Idempotency-Key``, resumes the open order and its session while it leaves time to pay.

The order row is written only after Stripe has answered, in one transaction with its
CheckoutStarted event: when Stripe fails or times out nothing is stored and the caller gets an
error, so there is never an order without a session. A session without an order (Stripe answered,
then the database failed) cannot be paid, because its URL was never handed out; a retry with the
same ``Idempotency-Key`` gets the very same session back from Stripe and stores the order then.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from jobpeak_runtime.clock import Clock
from jobpeak_runtime.idempotency import IdempotencyKeyReused, idempotent_id
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.ports import TransactionFactory

from jobpeak_billing.application.events import announce
from jobpeak_billing.application.ports import (
    BillingUnitOfWork,
    CheckoutRequest,
    OrderRepository,
    PaymentGateway,
)
from jobpeak_billing.domain.fees import checkout_offer
from jobpeak_billing.domain.orders import Order, open_order

_log = get_logger(__name__)


ORDER_IDS = uuid.UUID("6f1c2a7e-93b4-4c55-a0d8-1b9e7c3f5a20")
"""Namespace of order ids derived from a candidate's ``Idempotency-Key``.

Deriving the id makes concurrent retries of one request agree on the order, and so on the Stripe
idempotency key, without any lock: Stripe returns the same session to all of them.
"""


@dataclass(frozen=True)
class CheckoutResult:
    order: Order
    created: bool
    """False when an earlier request made the order (``resumed`` says which kind)."""
    resumed: bool = False
    """True when the order is the candidate's checkout already in progress for the specialty,
    opened by a request with another (or no) ``Idempotency-Key``."""


async def start_checkout(
    *,
    uow_factory: TransactionFactory[BillingUnitOfWork],
    gateway: PaymentGateway,
    clock: Clock,
    candidate_id: str,
    specialty_slug: str,
    idempotency_key: str | None,
) -> CheckoutResult:
    order_id = idempotent_id(namespace=ORDER_IDS, caller=candidate_id, key=idempotency_key)
    async with uow_factory() as uow:
        existing = await uow.orders.get(order_id)
        if existing is not None:
            return _replayed(existing, specialty_slug)
        in_progress = await _in_progress(
            uow.orders, candidate_id=candidate_id, specialty_slug=specialty_slug, now=clock()
        )
        if in_progress is not None:
            return CheckoutResult(order=in_progress, created=False, resumed=True)
        entry = await uow.fees.get(specialty_slug)
    offer = checkout_offer(entry, specialty_slug=specialty_slug)
    checkout = await gateway.create_checkout(
        CheckoutRequest(
            order_id=order_id,
            candidate_id=candidate_id,
            specialty_slug=specialty_slug,
            amount=offer.amount,
            product_name=offer.product_name,
        )
    )
    opened = open_order(
        order_id=order_id,
        candidate_id=candidate_id,
        specialty_slug=specialty_slug,
        amount=offer.amount,
        checkout_session_id=checkout.checkout_session_id,
        checkout_url=checkout.url,
        checkout_expires_at=checkout.expires_at,
        idempotency_key=idempotency_key,
        at=clock(),
    )
    async with uow_factory() as uow:
        orders = uow.orders
        await orders.lock_checkouts(candidate_id=candidate_id, specialty_slug=specialty_slug)
        in_progress = await _in_progress(
            orders, candidate_id=candidate_id, specialty_slug=specialty_slug, now=clock()
        )
        if in_progress is not None:
            # A concurrent request (same key or not) stored its order first. The session made
            # here is never handed out, so nobody can pay in it; Stripe expires it.
            return CheckoutResult(order=in_progress, created=False, resumed=True)
        if not await orders.add(opened.order):
            # A concurrent request with the same key stored it first (same session, same id).
            twin = await orders.get(order_id)
            assert twin is not None
            return _replayed(twin, specialty_slug)
        announce(opened, uow=uow)
        await uow.commit()
    _log.info(
        "checkout started",
        order_id=str(order_id),
        candidate_id=candidate_id,
        checkout_session_id=checkout.checkout_session_id,
    )
    return CheckoutResult(order=opened.order, created=True)


async def _in_progress(
    orders: OrderRepository, *, candidate_id: str, specialty_slug: str, now: datetime
) -> Order | None:
    """The candidate's open checkout for the specialty that is still worth paying in."""
    newest = await orders.newest_open(candidate_id=candidate_id, specialty_slug=specialty_slug)
    return newest if newest is not None and newest.offers_checkout_at(now) else None


def _replayed(order: Order, specialty_slug: str) -> CheckoutResult:
    if order.specialty_slug != specialty_slug:
        raise IdempotencyKeyReused(
            f"this Idempotency-Key already started order {order.order_id} for specialty "
            f"{order.specialty_slug!r}; use a new key for another checkout"
        )
    return CheckoutResult(order=order, created=False)
