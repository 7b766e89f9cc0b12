"""The main journey of flow 5: a reviewer qualifies, work is posted, offered, accepted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jobpeak_contracts.events import (
    MatchAccepted,
    MatchOffered,
    ReviewerQualified,
    WorkClosed,
    WorkCloseReason,
    WorkPosted,
)
from jobpeak_contracts.topics import CATALOG_SPECIALTIES
from jobpeak_matching.adapters.tables import reviewers
from jobpeak_runtime.testing import wait_until

from services.matching.tests.incoming import passed_certification, specialty_published
from services.matching.tests.integration.harness import CLIENT, T0, Matching, candidate

pytestmark = pytest.mark.integration


async def test_candidate_passes_and_is_matched(matching: Matching) -> None:
    reviewer = candidate("ada")
    passed = passed_certification(reviewer, graded_at=T0)
    await matching.publish(specialty_published(), passed)

    [qualified] = await matching.wait_for_match_event(ReviewerQualified)
    assert qualified.candidate_id == reviewer
    assert qualified.attempt_id == passed.attempt_id
    assert qualified.qualified_at == T0
    assert qualified.due_by == T0 + timedelta(days=7)
    await matching.handled(CATALOG_SPECIALTIES, count=1)

    posted = await matching.post_work(required_languages=("python", "SQL"), rate_minor=8_500)
    assert posted.status_code == 201, posted.text
    work = posted.json()
    assert work["required_languages"] == ["Python", "SQL"]
    assert work["hourly_rate"] == {"amount_minor": 8500, "currency": "USD"}

    [offered] = await matching.wait_for_match_event(MatchOffered)
    assert offered.candidate_id == reviewer
    assert str(offered.work_id) == work["work_id"]
    assert offered.hourly_rate.amount_minor == 8500
    assert offered.expires_at == matching.clock.now + timedelta(hours=1)
    [work_posted] = await matching.work_events(WorkPosted)
    assert work_posted.client_id == CLIENT
    assert work_posted.seats == 1

    [offer] = await matching.offers_of(reviewer)
    assert offer["offer_id"] == str(offered.offer_id)
    assert offer["status"] == "offered"

    matching.clock.advance(timedelta(minutes=5))
    accepted = await matching.answer(reviewer, offered.offer_id, "accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    again = await matching.answer(reviewer, offered.offer_id, "accept")
    assert again.status_code == 200
    assert again.json() == accepted.json()

    [match] = await matching.wait_for_match_event(MatchAccepted)
    assert match.offer_id == offered.offer_id
    assert match.accepted_at == T0 + timedelta(minutes=5)
    [closed] = await matching.work_events(WorkClosed)
    assert closed.reason is WorkCloseReason.FILLED
    assert closed.seats_filled == 1
    assert await matching.count(reviewers, reviewers.c.matched_at.is_not(None)) == 1

    async def one_acceptance() -> bool:
        return len(await matching.matches(MatchAccepted)) == 1

    await wait_until(one_acceptance, within=5, message="the repeated accept emitted nothing")


async def test_each_reviewer_passing_while_work_has_seats_is_offered_one(
    matching: Matching,
) -> None:
    await matching.publish(specialty_published())
    await matching.handled(CATALOG_SPECIALTIES, count=1)
    posted = await matching.post_work(seats=3)
    assert posted.status_code == 201, posted.text
    names = [candidate(name) for name in ("ada", "grace", "edsger")]

    for count, reviewer in enumerate(names, start=1):
        await matching.publish(passed_certification(reviewer, graded_at=T0))
        await matching.wait_for_match_event(MatchOffered, count=count)

    offered = await matching.matches(MatchOffered)
    assert sorted(offer.candidate_id for offer in offered) == sorted(names)
    assert {str(offer.work_id) for offer in offered} == {posted.json()["work_id"]}
