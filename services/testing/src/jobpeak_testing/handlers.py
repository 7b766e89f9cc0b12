"""The testing service's Kafka handlers: catalog replicas and paid entitlements.

Built by the composition root (they need its clock). Each calls a use case with the unit of work
the inbox consumer hands it, which commits the effect with the inbox row, so a redelivered record
changes nothing; none of them commits.
"""

from __future__ import annotations

from jobpeak_contracts.events import (
    PaymentCaptured,
    PaymentRefunded,
    QuestionPublished,
    QuestionRetired,
    SpecialtyPublished,
    SpecialtyRetired,
)
from jobpeak_runtime.clock import Clock
from jobpeak_runtime.handlers import EventHandlers

from jobpeak_testing.application import catalog_replicas
from jobpeak_testing.application.entitlements import grant_entitlement, revoke_entitlement
from jobpeak_testing.application.ports import TestingUnitOfWork


def build_handlers(*, clock: Clock) -> EventHandlers[TestingUnitOfWork]:
    handlers: EventHandlers[TestingUnitOfWork] = EventHandlers()

    @handlers.on(SpecialtyPublished)
    async def replicate_specialty(event: SpecialtyPublished, *, uow: TestingUnitOfWork) -> None:
        await catalog_replicas.replicate_specialty(uow=uow, event=event, now=clock())

    @handlers.on(SpecialtyRetired)
    async def retire_specialty(event: SpecialtyRetired, *, uow: TestingUnitOfWork) -> None:
        await catalog_replicas.retire_specialty(uow=uow, event=event, now=clock())

    @handlers.on(QuestionPublished)
    async def replicate_question(event: QuestionPublished, *, uow: TestingUnitOfWork) -> None:
        await catalog_replicas.replicate_question(uow=uow, event=event, now=clock())

    @handlers.on(QuestionRetired)
    async def retire_question(event: QuestionRetired, *, uow: TestingUnitOfWork) -> None:
        await catalog_replicas.retire_question(uow=uow, event=event, now=clock())

    @handlers.on(PaymentCaptured)
    async def grant(event: PaymentCaptured, *, uow: TestingUnitOfWork) -> None:
        await grant_entitlement(
            uow=uow,
            order_id=event.order_id,
            candidate_id=event.candidate_id,
            specialty_slug=event.specialty_slug,
            now=clock(),
        )

    @handlers.on(PaymentRefunded)
    async def revoke(event: PaymentRefunded, *, uow: TestingUnitOfWork) -> None:
        await revoke_entitlement(
            uow=uow,
            order_id=event.order_id,
            candidate_id=event.candidate_id,
            specialty_slug=event.specialty_slug,
            now=clock(),
        )

    return handlers
