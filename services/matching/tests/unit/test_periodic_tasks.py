"""What the periodic tasks do on each run, and the SLA report (in-memory unit of work)."""

from __future__ import annotations

import pytest
from jobpeak_contracts.events import MatchOffered, MatchSlaBreached, OfferExpired
from jobpeak_matching.application.offers import Answer
from jobpeak_matching.application.promise import promise_report, record_sla_breaches
from jobpeak_matching.application.rounds import RoundsRun, match_every_specialty

from services.matching.tests.builders import DAY, HOUR, T0
from services.matching.tests.unit.fakes import FakeMatchingUnitOfWork
from services.matching.tests.unit.steps import (
    TTL,
    answers,
    coding_is_published,
    passes,
    posts_work,
)

pytestmark = pytest.mark.unit


async def test_a_lapsed_offer_expires_and_its_seat_is_offered_to_the_next_reviewer() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    await passes(uow, "cand-a")
    await passes(uow, "cand-b", at=T0 + HOUR)
    await posts_work(uow, at=T0 + 2 * HOUR)

    early = await match_every_specialty(uow_factory=uow, now=T0 + 3 * HOUR, offer_ttl=TTL)
    lapsed = await match_every_specialty(uow_factory=uow, now=T0 + 2 * HOUR + TTL, offer_ttl=TTL)

    assert early == RoundsRun(expired=0, offered=0)
    assert lapsed == RoundsRun(expired=1, offered=1)
    [expired] = uow.committed(OfferExpired)
    assert expired.candidate_id == "cand-a"
    assert [o.candidate_id for o in uow.committed(MatchOffered)] == ["cand-a", "cand-b"]


async def test_a_reviewer_unmatched_past_the_promise_is_reported_once() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    await passes(uow, "cand-a")

    before = await record_sla_breaches(uow_factory=uow, now=T0 + 7 * DAY - HOUR)
    due = await record_sla_breaches(uow_factory=uow, now=T0 + 7 * DAY)
    later = await record_sla_breaches(uow_factory=uow, now=T0 + 9 * DAY)

    assert (before, due, later) == (0, 1, 0)
    [breach] = uow.committed(MatchSlaBreached)
    assert (breach.candidate_id, breach.detected_at) == ("cand-a", T0 + 7 * DAY)


async def test_breaches_are_recorded_in_batches_until_none_is_left() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    for number in range(5):
        await passes(uow, f"cand-{number}")

    recorded = await record_sla_breaches(uow_factory=uow, now=T0 + 8 * DAY, batch_size=2)

    assert recorded == 5
    assert uow.commits >= 3


async def test_the_report_counts_reviewers_matched_within_the_promise() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    await passes(uow, "cand-a")
    await passes(uow, "cand-b")
    await posts_work(uow, at=T0 + HOUR)
    [offer] = await uow.offers.of_candidate("cand-a")
    await answers(uow, offer, Answer.ACCEPT, at=T0 + 2 * HOUR)

    async with uow:
        report = await promise_report(uow=uow, now=T0 + 8 * DAY)

    assert (report.decided, report.matched_within_sla) == (2, 1)
    assert report.share_matched_within_sla == 0.5
