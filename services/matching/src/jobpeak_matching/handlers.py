"""Matching's Kafka event handlers: the specialty replica and the reviewer pool.

Built by the composition root (they need the clock and the offer time-to-live); each handler
works through the unit of work the inbox consumer hands it and never commits.
"""

from __future__ import annotations

from datetime import timedelta

from jobpeak_contracts.events.catalog import SpecialtyPublished, SpecialtyRetired
from jobpeak_contracts.events.testing import TestPassed
from jobpeak_runtime.clock import Clock
from jobpeak_runtime.handlers import EventHandlers

from jobpeak_matching.application.pool import add_to_pool, replicate_specialty, retire_specialty
from jobpeak_matching.application.ports import MatchingUnitOfWork


def build_handlers(*, clock: Clock, offer_ttl: timedelta) -> EventHandlers[MatchingUnitOfWork]:
    handlers: EventHandlers[MatchingUnitOfWork] = EventHandlers()

    @handlers.on(SpecialtyPublished)
    async def replicate(event: SpecialtyPublished, *, uow: MatchingUnitOfWork) -> None:
        await replicate_specialty(uow=uow, event=event, now=clock(), offer_ttl=offer_ttl)

    @handlers.on(SpecialtyRetired)
    async def retire(event: SpecialtyRetired, *, uow: MatchingUnitOfWork) -> None:
        await retire_specialty(uow=uow, event=event, now=clock())

    @handlers.on(TestPassed)
    async def pool_reviewer(event: TestPassed, *, uow: MatchingUnitOfWork) -> None:
        await add_to_pool(uow=uow, event=event, now=clock(), offer_ttl=offer_ttl)

    return handlers
