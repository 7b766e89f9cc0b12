"""The steps of matching's journeys, each one use case in its own unit of work (committed).

A test builds one :class:`FakeMatchingUnitOfWork` and passes it to every step, as every request
and event of a real journey meets the same database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from jobpeak_matching.application.offers import Answer, answer_offer
from jobpeak_matching.application.pool import (
    PoolEntry,
    add_to_pool,
    replicate_specialty,
    state_languages,
)
from jobpeak_matching.application.work import PostedWork, post_work
from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.offers import Offer
from jobpeak_matching.domain.work import StartHorizon, WorkRequest

from services.matching.tests.builders import DAY, T0
from services.matching.tests.incoming import passed_certification, specialty_published
from services.matching.tests.unit.fakes import FakeMatchingUnitOfWork

TTL = timedelta(hours=48)
CLIENT = "client-0001"


async def coding_is_published(
    uow: FakeMatchingUnitOfWork, *, revision: int = 1, at: datetime = T0
) -> None:
    async with uow:
        event = specialty_published(revision=revision)
        await replicate_specialty(uow=uow, event=event, now=at, offer_ttl=TTL)
        await uow.commit()


async def passes(
    uow: FakeMatchingUnitOfWork, candidate_id: str, *, slug: str = "coding", at: datetime = T0
) -> None:
    async with uow:
        event = passed_certification(candidate_id, slug=slug, graded_at=at)
        await add_to_pool(uow=uow, event=event, now=at, offer_ttl=TTL)
        await uow.commit()


def work_request(
    *, seats: int = 1, languages: Sequence[str] = ("Python",), rate_minor: int = 8_500
) -> WorkRequest:
    return WorkRequest(
        client_id=CLIENT,
        specialty_slug="coding",
        required_languages=tuple(languages),
        hourly_rate=Money(rate_minor, "USD"),
        seats=seats,
        starts_at=T0 + 2 * DAY,
    )


async def posts_work(
    uow: FakeMatchingUnitOfWork,
    request: WorkRequest | None = None,
    *,
    idempotency_key: str | None = None,
    at: datetime = T0,
) -> PostedWork:
    async with uow:
        posted = await post_work(
            uow=uow,
            request=request or work_request(),
            idempotency_key=idempotency_key,
            now=at,
            offer_ttl=TTL,
            horizon=StartHorizon(),
        )
        await uow.commit()
    return posted


async def answers(
    uow: FakeMatchingUnitOfWork, offer: Offer, answer: Answer, *, at: datetime
) -> Offer:
    async with uow:
        answered = await answer_offer(
            uow=uow,
            offer_id=offer.offer_id,
            candidate_id=offer.candidate_id,
            answer=answer,
            now=at,
            offer_ttl=TTL,
        )
        await uow.commit()
    return answered


async def states_languages(
    uow: FakeMatchingUnitOfWork, candidate_id: str, languages: Sequence[str] | None, *, at: datetime
) -> PoolEntry:
    async with uow:
        entry = await state_languages(
            uow=uow,
            candidate_id=candidate_id,
            specialty_slug="coding",
            languages=languages,
            now=at,
            offer_ttl=TTL,
        )
        await uow.commit()
    return entry
