"""Billing's Kafka event handlers: the fee replica, and refunds of voided attempts.

Built by the composition root because the refund handler needs the payment gateway; each
handler changes state through the unit of work the inbox consumer hands it and never commits.
"""

from __future__ import annotations

from jobpeak_contracts.events.catalog import SpecialtyPublished, SpecialtyRetired
from jobpeak_contracts.events.testing import AttemptVoided
from jobpeak_runtime.clock import Clock
from jobpeak_runtime.handlers import EventHandlers
from jobpeak_runtime.uow import UnitOfWork

from jobpeak_billing.application.refunds import refund_voided_attempt
from jobpeak_billing.domain.fees import SpecialtyFee
from jobpeak_billing.payments.gateway import PaymentGateway
from jobpeak_billing.persistence.fees import FeeReplica


def build_handlers(*, gateway: PaymentGateway, clock: Clock) -> EventHandlers[UnitOfWork]:
    handlers: EventHandlers[UnitOfWork] = EventHandlers()

    @handlers.on(SpecialtyPublished)
    async def replicate_fee(event: SpecialtyPublished, *, uow: UnitOfWork) -> None:
        await FeeReplica(uow.session).publish(SpecialtyFee.from_published(event), at=clock())

    @handlers.on(SpecialtyRetired)
    async def stop_selling(event: SpecialtyRetired, *, uow: UnitOfWork) -> None:
        await FeeReplica(uow.session).retire(
            event.specialty_slug, revision=event.revision, at=clock()
        )

    @handlers.on(AttemptVoided)
    async def refund_voided(event: AttemptVoided, *, uow: UnitOfWork) -> None:
        await refund_voided_attempt(event, uow=uow, gateway=gateway, clock=clock)

    return handlers
