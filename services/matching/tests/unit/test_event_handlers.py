"""Each event matching consumes reaches its use case, in the unit of work it is handed."""

from __future__ import annotations

import pytest
from jobpeak_contracts.envelope import Event
from jobpeak_contracts.events import ReviewerQualified
from jobpeak_matching.handlers import build_handlers
from jobpeak_runtime.clock import ManualClock

from services.matching.tests.builders import HOUR, T0
from services.matching.tests.incoming import (
    passed_certification,
    specialty_published,
    specialty_retired,
)
from services.matching.tests.unit.fakes import FakeMatchingUnitOfWork
from services.matching.tests.unit.steps import TTL

pytestmark = pytest.mark.unit


async def _deliver(uow: FakeMatchingUnitOfWork, event: Event, *, clock: ManualClock) -> None:
    """What the consumer does: the event's handler in a unit of work, then the commit."""
    registration = build_handlers(clock=clock, offer_ttl=TTL).handler_for(event)
    assert registration is not None, type(event).__name__
    async with uow:
        await registration.handler(event, uow=uow)
        await uow.commit()


async def test_a_published_specialty_and_a_pass_put_the_candidate_in_the_pool() -> None:
    uow = FakeMatchingUnitOfWork()
    clock = ManualClock(T0)
    await _deliver(uow, specialty_published(), clock=clock)
    clock.advance(HOUR)
    await _deliver(uow, passed_certification("cand-a"), clock=clock)

    assert [q.candidate_id for q in uow.committed(ReviewerQualified)] == ["cand-a"]


async def test_a_retirement_makes_the_specialty_not_live() -> None:
    uow = FakeMatchingUnitOfWork()
    clock = ManualClock(T0)
    await _deliver(uow, specialty_published(), clock=clock)
    await _deliver(uow, specialty_retired(revision=2), clock=clock)

    terms = await uow.specialties.terms("coding")
    assert terms is not None
    assert not terms.live
