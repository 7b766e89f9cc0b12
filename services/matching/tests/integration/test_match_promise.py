"""The seven-day promise: a breach is announced exactly once, and admins see how it is kept."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from jobpeak_contracts.events import MatchOffered, MatchSlaBreached
from jobpeak_contracts.topics import CATALOG_SPECIALTIES, TESTING_ATTEMPTS
from jobpeak_runtime.auth import Role

from services.matching.tests.incoming import passed_certification, specialty_published
from services.matching.tests.integration.harness import T0, Matching, candidate

pytestmark = pytest.mark.integration

ADMIN = "admin-0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"


async def test_an_unmatched_reviewer_breaches_once_at_the_due_date(matching: Matching) -> None:
    waiting, matched = candidate("waiting"), candidate("matched")
    await matching.publish(
        specialty_published(),
        passed_certification(waiting, graded_at=T0 - timedelta(hours=1)),
        passed_certification(matched, graded_at=T0),
    )
    # POST /work needs the specialty in matching's replica, the offers need both reviewers in
    # the pool: two topics, consumed independently, so wait for both.
    await matching.handled(CATALOG_SPECIALTIES, count=1)
    await matching.handled(TESTING_ATTEMPTS, count=2)
    posted = await matching.post_work(required_languages=("Go",))
    assert posted.status_code == 201, posted.text
    [offered] = await matching.wait_for_match_event(MatchOffered)
    # The more urgent reviewer got it; they decline, so the other one is matched in time.
    assert offered.candidate_id == waiting
    assert (await matching.answer(waiting, offered.offer_id, "decline")).status_code == 200
    offers = await matching.wait_for_match_event(MatchOffered, count=2)
    [second] = [o for o in offers if o.candidate_id == matched]
    matching.clock.advance(timedelta(minutes=30))
    assert (await matching.answer(matched, second.offer_id, "accept")).status_code == 200

    due_by = T0 - timedelta(hours=1) + timedelta(days=7)
    matching.clock.now = due_by - timedelta(seconds=1)
    assert await matching.record_breaches() == 0

    matching.clock.now = due_by
    passes = await asyncio.gather(*(matching.record_breaches() for _ in range(3)))
    assert sum(passes) == 1
    matching.clock.advance(timedelta(days=3))
    assert await matching.record_breaches() == 0

    [breach] = await matching.matches(MatchSlaBreached)
    assert breach.candidate_id == waiting
    assert breach.due_by == due_by
    assert breach.detected_at == due_by

    forbidden = await matching.http.get(
        "/admin/sla-report", headers=matching.auth(waiting, Role.CANDIDATE)
    )
    assert forbidden.status_code == 403
    report = await matching.http.get("/admin/sla-report", headers=matching.auth(ADMIN, Role.ADMIN))
    assert report.status_code == 200, report.text
    body = report.json()
    assert [line["candidate_id"] for line in body["reviewers"]] == [waiting, matched]
    assert body["reviewers"][0]["within_sla"] is False
    assert body["reviewers"][0]["waited_seconds"] == timedelta(days=10).total_seconds()
    assert body["reviewers"][1]["within_sla"] is True
    assert body["reviewers"][1]["waited_seconds"] == timedelta(minutes=30).total_seconds()
    assert (body["decided"], body["matched_within_sla"]) == (2, 1)
    assert body["share_matched_within_sla"] == 0.5
