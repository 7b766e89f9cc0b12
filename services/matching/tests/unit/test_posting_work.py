"""Clients post, read and cancel work (use cases on the in-memory unit of work)."""

from __future__ import annotations

import uuid

import pytest
from jobpeak_contracts.events import MatchOffered, WorkClosed, WorkPosted
from jobpeak_matching.application.work import WorkNotFound, cancel_work, find_work
from jobpeak_matching.domain.offers import OfferStatus
from jobpeak_matching.domain.work import WorkCloseReason, WorkRefused, WorkStatus
from jobpeak_runtime.idempotency import IdempotencyKeyReused

from services.matching.tests.builders import HOUR, T0
from services.matching.tests.unit.fakes import FakeMatchingUnitOfWork
from services.matching.tests.unit.steps import (
    TTL,
    coding_is_published,
    passes,
    posts_work,
    work_request,
)

pytestmark = pytest.mark.unit


async def test_client_posts_work_and_the_waiting_reviewer_is_offered_it() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    await passes(uow, "cand-a")

    posted = await posts_work(uow, at=T0 + HOUR)

    assert posted.created
    assert posted.work.status is WorkStatus.OPEN
    [announced] = uow.committed(WorkPosted)
    assert announced.work_id == posted.work.work_id
    [offered] = uow.committed(MatchOffered)
    assert (offered.candidate_id, offered.work_id) == ("cand-a", posted.work.work_id)
    assert offered.expires_at == T0 + HOUR + TTL
    assert "coding" in uow.locks.held


async def test_a_retried_post_with_the_same_idempotency_key_returns_the_first_work() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    first = await posts_work(uow, idempotency_key="retry-1")

    again = await posts_work(uow, idempotency_key="retry-1", at=T0 + HOUR)

    assert not again.created
    assert again.work == first.work
    assert len(uow.committed(WorkPosted)) == 1


async def test_the_same_idempotency_key_for_different_work_is_refused() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    await posts_work(uow, idempotency_key="key-1")

    with pytest.raises(IdempotencyKeyReused, match="already posted work"):
        await posts_work(uow, work_request(seats=2), idempotency_key="key-1")
    assert len(uow.work.items) == 1


async def test_work_above_the_ceiling_is_refused_and_nothing_is_stored_or_announced() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)

    with pytest.raises(WorkRefused) as refused:
        await posts_work(uow, work_request(rate_minor=10_001))

    assert [problem.field for problem in refused.value.problems] == ["hourly_rate"]
    assert uow.work.items == {}
    assert uow.committed(WorkPosted) == []


async def test_client_cancels_work_and_its_reviewer_is_offered_other_work() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    await passes(uow, "cand-a")
    cancelled = await posts_work(uow)
    waiting = await posts_work(uow, at=T0 + HOUR)
    assert [o.work_id for o in uow.committed(MatchOffered)] == [cancelled.work.work_id]

    async with uow:
        closed = await cancel_work(
            uow=uow, work_id=cancelled.work.work_id, now=T0 + 2 * HOUR, offer_ttl=TTL
        )
        await uow.commit()

    assert closed.close_reason is WorkCloseReason.CANCELLED
    [announced] = uow.committed(WorkClosed)
    assert (announced.work_id, announced.seats_filled) == (cancelled.work.work_id, 0)
    withdrawn, reoffered = sorted(
        await uow.offers.of_candidate("cand-a"), key=lambda offer: offer.offered_at
    )
    assert withdrawn.status is OfferStatus.WITHDRAWN
    assert (reoffered.work_id, reoffered.status) == (waiting.work.work_id, OfferStatus.OFFERED)


async def test_cancelling_cancelled_work_again_changes_nothing() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    posted = await posts_work(uow)
    for _ in range(2):
        async with uow:
            await cancel_work(uow=uow, work_id=posted.work.work_id, now=T0, offer_ttl=TTL)
            await uow.commit()

    assert len(uow.committed(WorkClosed)) == 1


async def test_work_that_does_not_exist_is_not_found_nor_cancelled() -> None:
    uow = FakeMatchingUnitOfWork()
    unknown = uuid.uuid4()
    async with uow:
        assert await find_work(uow=uow, work_id=unknown) is None
        with pytest.raises(WorkNotFound):
            await cancel_work(uow=uow, work_id=unknown, now=T0, offer_ttl=TTL)
