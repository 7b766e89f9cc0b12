"""Reconciliation: ask Stripe about every order that may still change, and catch up.

A webhook can be lost (endpoint down longer than Stripe retries, a misconfigured secret). This
pass looks up the Checkout Session of each unsettled order by id and applies what Stripe says
through the same idempotent transitions as the webhooks, one order per transaction under its row
lock: running it at any time, as often as wanted, concurrently with webhooks or with itself, never
emits an event twice. Stripe is read outside any transaction; a stale answer is harmless because
transitions only move forward.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jobpeak_runtime.clock import Clock
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.ports import TransactionFactory

from jobpeak_billing.application.events import announce
from jobpeak_billing.application.ports import (
    BillingUnitOfWork,
    PaymentGateway,
    PaymentProviderError,
)
from jobpeak_billing.domain.orders import OrderStatus

_log = get_logger(__name__)


@dataclass
class ReconciliationReport:
    checked: int = 0
    captured: int = 0
    failed: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "checked": self.checked,
            "captured": self.captured,
            "failed": self.failed,
            "unchanged": self.unchanged,
            "errors": self.errors,
        }


async def reconcile(
    *,
    uow_factory: TransactionFactory[BillingUnitOfWork],
    gateway: PaymentGateway,
    clock: Clock,
    batch_size: int,
) -> ReconciliationReport:
    report = ReconciliationReport()
    async with uow_factory() as uow:
        pending = await uow.orders.unsettled(now=clock(), limit=batch_size)
    for candidate in pending:
        try:
            state = await gateway.checkout_state(candidate.checkout_session_id)
        except PaymentProviderError as error:
            report.errors.append(f"order {candidate.order_id}: {error}")
            continue
        async with uow_factory() as uow:
            orders = uow.orders
            order = await orders.get(candidate.order_id, for_update=True)
            assert order is not None  # orders are never deleted
            at = clock()
            transition = order.reconcile(
                paid=state.paid,
                expired=state.expired,
                payment_intent_id=state.payment_intent_id,
                at=at,
            )
            if transition.changed:
                await orders.save(transition.order)
                announce(transition, uow=uow)
            await orders.mark_reconciled([order.order_id], at=at)
            await uow.commit()
        report.checked += 1
        if not transition.changed:
            report.unchanged += 1
        elif transition.order.status is OrderStatus.PAID:
            report.captured += 1
            _log.info("reconciliation captured a payment", order_id=str(order.order_id))
        else:
            report.failed += 1
    return report
