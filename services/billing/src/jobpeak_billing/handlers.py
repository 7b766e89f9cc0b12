"""Billing's Kafka event handlers: the fee replica, and refunds of voided attempts.

Built by the composition root because the refund handler needs the payment gateway; each
handler calls a use case with the unit of work the inbox consumer hands it and never commits.
"""

from __future__ import annotations

from jobpeak_contracts.events.catalog import SpecialtyPublished, SpecialtyRetired
from jobpeak_contracts.events.testing import AttemptVoided
from jobpeak_runtime.clock import Clock
from jobpeak_runtime.handlers import EventHandlers

from jobpeak_billing.application import fees
from jobpeak_billing.application.ports import BillingUnitOfWork, PaymentGateway
from jobpeak_billing.application.refunds import refund_voided_attempt


def build_handlers(*, gateway: PaymentGateway, clock: Clock) -> EventHandlers[BillingUnitOfWork]:
    handlers: EventHandlers[BillingUnitOfWork] = EventHandlers()

    @handlers.on(SpecialtyPublished)
    async def replicate_fee(event: SpecialtyPublished, *, uow: BillingUnitOfWork) -> None:
        await fees.replicate_fee(event, uow=uow, clock=clock)

    @handlers.on(SpecialtyRetired)
    async def stop_selling(event: SpecialtyRetired, *, uow: BillingUnitOfWork) -> None:
        await fees.stop_selling(event, uow=uow, clock=clock)

    @handlers.on(AttemptVoided)
    async def refund_voided(event: AttemptVoided, *, uow: BillingUnitOfWork) -> None:
        await refund_voided_attempt(event, uow=uow, gateway=gateway, clock=clock)

    return handlers
