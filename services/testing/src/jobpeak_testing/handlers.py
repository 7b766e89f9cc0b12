"""The testing service's Kafka handlers: catalog replicas and paid entitlements.

Built by the composition root (they need its clock). Each changes state through the unit of work
the inbox consumer hands it, which commits the effect with the inbox row, so a redelivered record
changes nothing; none of them commits.
"""

from __future__ import annotations

from jobpeak_contracts.events import (
    AttemptVoided,
    PaymentCaptured,
    PaymentRefunded,
    QuestionPublished,
    QuestionRetired,
    SpecialtyPublished,
    SpecialtyRetired,
    VoidReason,
)
from jobpeak_runtime.clock import Clock
from jobpeak_runtime.handlers import EventHandlers
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.uow import UnitOfWork

from jobpeak_testing.application.voiding import void_specialty
from jobpeak_testing.persistence.entitlements import EntitlementStore
from jobpeak_testing.persistence.replicas import QuestionReplica, SpecialtyReplica

_log = get_logger(__name__)


def build_handlers(*, clock: Clock) -> EventHandlers[UnitOfWork]:
    handlers: EventHandlers[UnitOfWork] = EventHandlers()

    @handlers.on(SpecialtyPublished)
    async def replicate_specialty(event: SpecialtyPublished, *, uow: UnitOfWork) -> None:
        await SpecialtyReplica(uow.session).publish(event, at=clock())

    @handlers.on(SpecialtyRetired)
    async def retire_specialty(event: SpecialtyRetired, *, uow: UnitOfWork) -> None:
        now = clock()
        if await SpecialtyReplica(uow.session).retire(event, at=now):
            await void_specialty(
                uow=uow,
                specialty_slug=event.specialty_slug,
                reason=VoidReason.SPECIALTY_RETIRED,
                now=now,
            )

    @handlers.on(QuestionPublished)
    async def replicate_question(event: QuestionPublished, *, uow: UnitOfWork) -> None:
        await QuestionReplica(uow.session).publish(event, at=clock())

    @handlers.on(QuestionRetired)
    async def retire_question(event: QuestionRetired, *, uow: UnitOfWork) -> None:
        await QuestionReplica(uow.session).retire(event, at=clock())

    @handlers.on(PaymentCaptured)
    async def grant_entitlement(event: PaymentCaptured, *, uow: UnitOfWork) -> None:
        """One certification attempt per captured order; voided at once if it cannot be sat."""
        now = clock()
        state = await SpecialtyReplica(uow.session).state(event.specialty_slug)
        retired = state is not None and state.retired
        granted = await EntitlementStore(uow.session).grant(
            order_id=event.order_id,
            candidate_id=event.candidate_id,
            specialty_slug=event.specialty_slug,
            at=now,
            voided=retired,
        )
        if granted and retired:
            uow.emit(
                AttemptVoided(
                    attempt_id=None,
                    candidate_id=event.candidate_id,
                    specialty_slug=event.specialty_slug,
                    order_id=event.order_id,
                    reason=VoidReason.SPECIALTY_RETIRED,
                    voided_at=now,
                ),
                subject=str(event.order_id),
            )
        _log.info(
            "entitlement granted" if granted else "entitlement already known",
            order_id=str(event.order_id),
            candidate_id=event.candidate_id,
            specialty_slug=event.specialty_slug,
            voided=retired,
        )

    @handlers.on(PaymentRefunded)
    async def revoke_entitlement(event: PaymentRefunded, *, uow: UnitOfWork) -> None:
        await EntitlementStore(uow.session).revoke(
            order_id=event.order_id,
            candidate_id=event.candidate_id,
            specialty_slug=event.specialty_slug,
            at=clock(),
        )

    return handlers
