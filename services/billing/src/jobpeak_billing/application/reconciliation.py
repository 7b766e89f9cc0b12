"""Reconciliation: ask Stripe about every order that may still change, and catch up.

A webhook can be lost (endpoint down longer than Stripe retries, a misconfigured secret). This
pass looks up the Checkout Session of each unsettled order by id and applies what Stripe says
through the same idempotent transitions as the webhooks, one order per transaction under its row
lock: running it at any time, as often as wanted, concurrently with webhooks or with itself, never
emits an event twice. Stripe is read outside any transaction; a stale answer is harmless because
transitions only move forward.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Protocol

from jobpeak_runtime.clock import Clock
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.ports import TransactionFactory

from jobpeak_billing.application.events import announce
from jobpeak_billing.application.ports import (
    BillingUnitOfWork,
    CheckoutState,
    PaymentGateway,
    PaymentProviderError,
)
from jobpeak_billing.domain.orders import OrderStatus, Transition

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


class UnitsOfWork(Protocol):
    """Whatever hands out the service's units of work (the runtime does)."""

    @property
    def uow_factory(self) -> TransactionFactory[BillingUnitOfWork]: ...


@dataclass(frozen=True)
class Reconciliation:
    """The reconciliation of billing with Stripe: on demand (``python -m jobpeak_billing
    reconcile``) or as the runtime's periodic task (:meth:`scheduled_pass`)."""

    gateway: PaymentGateway
    clock: Clock
    batch_size: int
    """Most orders one pass looks up."""

    async def scheduled_pass(self, runtime: UnitsOfWork) -> None:
        """One pass with the running service's units of work, logged when it found anything."""
        report = await self.reconcile(uow_factory=runtime.uow_factory)
        if report.captured or report.failed or report.errors:
            _log.info("reconciliation pass", **report.as_dict())

    async def reconcile(
        self, *, uow_factory: TransactionFactory[BillingUnitOfWork]
    ) -> ReconciliationReport:
        """Ask Stripe about each unsettled order and apply what it says, one order at a time."""
        report = ReconciliationReport()
        async with uow_factory() as uow:
            pending = await uow.orders.unsettled(now=self.clock(), limit=self.batch_size)
        for candidate in pending:
            try:
                state = await self.gateway.checkout_state(candidate.checkout_session_id)
            except PaymentProviderError as error:
                report.errors.append(f"order {candidate.order_id}: {error}")
                continue
            transition = await self._catch_up(candidate.order_id, state, uow_factory=uow_factory)
            report.checked += 1
            if not transition.changed:
                report.unchanged += 1
            elif transition.order.status is OrderStatus.PAID:
                report.captured += 1
                _log.info("reconciliation captured a payment", order_id=str(candidate.order_id))
            else:
                report.failed += 1
        return report

    async def _catch_up(
        self,
        order_id: uuid.UUID,
        state: CheckoutState,
        *,
        uow_factory: TransactionFactory[BillingUnitOfWork],
    ) -> Transition:
        """Apply Stripe's ``state`` to the order in one transaction, under its row lock."""
        async with uow_factory() as uow:
            order = await uow.orders.get(order_id, for_update=True)
            assert order is not None  # orders are never deleted
            at = self.clock()
            transition = order.reconcile(
                paid=state.paid,
                expired=state.expired,
                payment_intent_id=state.payment_intent_id,
                at=at,
            )
            if transition.changed:
                await uow.orders.save(transition.order)
                announce(transition, uow=uow)
            await uow.orders.mark_reconciled([order_id], at=at)
            await uow.commit()
        return transition
