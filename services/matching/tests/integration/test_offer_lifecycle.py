"""Offers expire, are declined and are re-offered, one seat never to two reviewers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from jobpeak_contracts.events import MatchDeclined, MatchOffered, OfferExpired
from jobpeak_contracts.topics import TESTING_ATTEMPTS
from jobpeak_matching.adapters.tables import offers
from jobpeak_runtime.clock import ManualClock

from services.matching.tests.incoming import passed_certification, specialty_published
from services.matching.tests.integration.harness import (
    T0,
    Matching,
    candidate,
    make_settings,
    running_matching,
)

pytestmark = pytest.mark.integration

TTL = timedelta(hours=1)


async def _two_reviewers_and_one_seat(matching: Matching) -> tuple[str, str]:
    """``first`` qualified earlier (more urgent) than ``second``; one seat, offered to first."""
    first, second = candidate("first"), candidate("second")
    await matching.publish(
        specialty_published(),
        passed_certification(first, graded_at=T0 - timedelta(hours=2)),
        passed_certification(second, graded_at=T0 - timedelta(hours=1)),
    )
    await matching.handled(TESTING_ATTEMPTS, count=2)
    assert (await matching.post_work()).status_code == 201
    [offered] = await matching.wait_for_match_event(MatchOffered)
    assert offered.candidate_id == first
    return first, second


@pytest.fixture
async def with_scheduler(
    database_url: str, kafka_bootstrap: str, topic_prefix: str, clock: ManualClock
) -> AsyncIterator[Matching]:
    """Matching with its periodic scheduler running every 0.1 s."""
    settings = make_settings(
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        scheduler_interval_seconds=0.1,
    )
    async with running_matching(settings, clock=clock) as running:
        yield running


async def test_an_expired_offer_is_re_offered_to_the_next_reviewer(
    with_scheduler: Matching,
) -> None:
    matching = with_scheduler
    first, second = await _two_reviewers_and_one_seat(matching)
    [offer] = await matching.offers_of(first)

    matching.clock.advance(TTL)
    [expired] = await matching.wait_for_match_event(OfferExpired)
    assert expired.candidate_id == first
    assert expired.expires_at == T0 + TTL
    offered = await matching.wait_for_match_event(MatchOffered, count=2)
    assert sorted(o.candidate_id for o in offered) == sorted([first, second])

    late = await matching.answer(first, offer["offer_id"], "accept")
    assert late.status_code == 409
    assert "expired at" in late.json()["detail"]
    [still_expired] = await matching.offers_of(first)
    assert still_expired["status"] == "expired"
    [waiting] = await matching.offers_of(second)
    assert waiting["status"] == "offered"


async def test_a_declined_offer_is_re_offered(matching: Matching) -> None:
    first, second = await _two_reviewers_and_one_seat(matching)
    [offer] = await matching.offers_of(first)

    not_theirs = await matching.answer(second, offer["offer_id"], "accept")
    assert not_theirs.status_code == 404
    declined = await matching.answer(first, offer["offer_id"], "decline")
    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined"
    assert (await matching.answer(first, offer["offer_id"], "decline")).json() == declined.json()
    changed_mind = await matching.answer(first, offer["offer_id"], "accept")
    assert changed_mind.status_code == 409
    assert "already declined" in changed_mind.json()["detail"]

    [match_declined] = await matching.wait_for_match_event(MatchDeclined)
    assert match_declined.candidate_id == first
    offered = await matching.wait_for_match_event(MatchOffered, count=2)
    assert sorted(o.candidate_id for o in offered) == sorted([first, second])


async def test_concurrent_passes_offer_a_freed_seat_once(matching: Matching) -> None:
    """Three matching-rounds runs at once after the offer lapsed: one expiry, one re-offer."""
    await _two_reviewers_and_one_seat(matching)
    third = candidate("third")
    await matching.publish(passed_certification(third, graded_at=T0))
    await matching.handled(TESTING_ATTEMPTS, count=3)

    matching.clock.advance(TTL)
    passes = await asyncio.gather(*(matching.run_rounds() for _ in range(3)))

    assert sum(p.expired for p in passes) == 1
    assert sum(p.offered for p in passes) == 1
    assert await matching.count(offers) == 2
    assert len(await matching.matches(OfferExpired)) == 1
    assert len(await matching.matches(MatchOffered)) == 2
