"""Clients post work under the specialty's ceiling, retry it safely, and cancel their own."""

from __future__ import annotations

import pytest
from jobpeak_contracts.events import MatchOffered, WorkClosed, WorkCloseReason, WorkPosted
from jobpeak_contracts.topics import CATALOG_SPECIALTIES, TESTING_ATTEMPTS
from jobpeak_matching.adapters.tables import work
from jobpeak_runtime.auth import Role
from jobpeak_runtime.db import outbox_table

from services.matching.tests.incoming import (
    passed_certification,
    specialty_published,
    specialty_retired,
)
from services.matching.tests.integration.harness import COLLEAGUE_CLIENT, Matching, candidate

pytestmark = pytest.mark.integration


async def test_work_above_the_ceiling_is_refused_and_nothing_is_announced(
    matching: Matching,
) -> None:
    await matching.publish(
        specialty_published(),
        specialty_published(slug="legal-review"),
        specialty_retired(slug="legal-review", revision=2),
    )
    await matching.handled(CATALOG_SPECIALTIES, count=3)

    above = await matching.post_work(rate_minor=15_000)
    assert above.status_code == 422
    assert above.json()["problems"] == [
        {
            "field": "hourly_rate",
            "message": "USD 150.00/hr exceeds the coding ceiling of USD 100.00/hr",
        }
    ]
    retired = await matching.post_work(specialty_slug="legal-review")
    assert retired.status_code == 422
    assert "'legal-review' is retired, not live" in retired.json()["detail"]
    unknown = await matching.post_work(specialty_slug="astrology")
    assert unknown.status_code == 422
    assert "unknown specialty 'astrology'" in unknown.json()["detail"]
    wrong_language = await matching.post_work(required_languages=("COBOL",))
    assert wrong_language.status_code == 422
    assert wrong_language.json()["problems"][0]["field"] == "required_languages"

    assert await matching.count(work) == 0
    assert await matching.count(outbox_table) == 0

    at_ceiling = await matching.post_work(rate_minor=10_000)
    assert at_ceiling.status_code == 201, at_ceiling.text
    assert len(await matching.work_events(WorkPosted)) == 1


async def test_a_retried_post_returns_the_first_work(matching: Matching) -> None:
    await matching.publish(specialty_published())
    await matching.handled(CATALOG_SPECIALTIES, count=1)

    first = await matching.post_work(idempotency_key="post-1", seats=2)
    retried = await matching.post_work(idempotency_key="post-1", seats=2)
    assert (first.status_code, retried.status_code) == (201, 200)
    assert retried.json() == first.json()
    assert retried.headers["Idempotent-Replayed"] == "true"
    other_body = await matching.post_work(idempotency_key="post-1", seats=3)
    assert other_body.status_code == 409
    assert other_body.headers["content-type"] == "application/problem+json"
    assert "Idempotency-Key already posted work" in other_body.json()["detail"]
    same_key_other_client = await matching.post_work(
        idempotency_key="post-1", client=COLLEAGUE_CLIENT
    )
    assert same_key_other_client.status_code == 201

    assert await matching.count(work) == 2
    assert len(await matching.work_events(WorkPosted)) == 2


async def test_client_cancels_own_work_and_its_offer_lapses(matching: Matching) -> None:
    reviewer = candidate("grace")
    await matching.publish(specialty_published(), passed_certification(reviewer))
    await matching.handled(CATALOG_SPECIALTIES, count=1)
    await matching.handled(TESTING_ATTEMPTS, count=1)
    posted = (await matching.post_work()).json()
    await matching.wait_for_match_event(MatchOffered)

    path = f"/work/{posted['work_id']}/close"
    from_colleague = await matching.http.post(
        path, headers=matching.auth(COLLEAGUE_CLIENT, Role.CLIENT)
    )
    assert from_colleague.status_code == 404
    assert (
        await matching.http.get(
            f"/work/{posted['work_id']}", headers=matching.auth(COLLEAGUE_CLIENT, Role.CLIENT)
        )
    ).status_code == 404

    closed = await matching.http.post(path, headers=matching.auth(posted["client_id"], Role.CLIENT))
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"
    assert closed.json()["close_reason"] == "cancelled"
    again = await matching.http.post(path, headers=matching.auth(posted["client_id"], Role.CLIENT))
    assert again.json() == closed.json()

    [announced] = await matching.work_events(WorkClosed)
    assert announced.reason is WorkCloseReason.CANCELLED
    assert announced.seats_filled == 0
    [offer] = await matching.offers_of(reviewer)
    assert offer["status"] == "withdrawn"
    refused = await matching.answer(reviewer, offer["offer_id"], "accept")
    assert refused.status_code == 409
    assert "already withdrawn" in refused.json()["detail"]
