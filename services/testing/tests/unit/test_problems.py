"""Refusals answer as RFC 9457 problem details, with the members a client acts on."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI
from jobpeak_testing.api.errors import install_error_handlers
from jobpeak_testing.application.errors import (
    AttemptInProgress,
    PaymentRequired,
    StartKeyReused,
)
from jobpeak_testing.domain.allowance import PracticeAllowance, PracticeLimitReached
from jobpeak_testing.domain.attempt import UnansweredItems
from jobpeak_testing.domain.errors import DomainError
from jobpeak_testing.domain.retakes import RetakeRefused

from services.testing.tests.samples import NOW

pytestmark = pytest.mark.unit

OPEN = UUID("7f3c2a1e-0000-4000-8000-000000000001")


def _refusing(error: Exception) -> httpx.AsyncClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/refuse")
    async def refuse() -> None:
        raise error

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


async def _problem(error: Exception) -> tuple[int, str, dict[str, object]]:
    async with _refusing(error) as client:
        response = await client.get("/refuse")
    return response.status_code, response.headers["content-type"], response.json()


async def test_a_candidate_without_a_payment_is_told_where_to_pay() -> None:
    code, media_type, body = await _problem(PaymentRequired("coding"))

    assert (code, media_type) == (402, "application/problem+json")
    assert body["type"] == "urn:jobpeak:problem:payment-required"
    assert body["checkout"] == {
        "service": "billing",
        "method": "POST",
        "path": "/checkout",
        "body": {"specialty_slug": "coding"},
    }
    assert "needs a payment" in str(body["detail"])


async def test_a_second_start_names_the_attempt_to_resume_and_a_retake_when_it_opens() -> None:
    in_progress = await _problem(AttemptInProgress(OPEN))
    too_soon = await _problem(RetakeRefused("cooling down", not_before=NOW + timedelta(hours=1)))

    assert (in_progress[0], in_progress[2]["attempt_id"]) == (409, str(OPEN))
    assert (too_soon[0], too_soon[2]["not_before"]) == (409, "2025-06-01T10:30:00+00:00")


async def test_a_refusal_without_its_own_row_answers_409_as_a_domain_refusal() -> None:
    class Unlisted(DomainError):
        pass

    code, _, body = await _problem(Unlisted("no"))

    assert (code, body["type"], body["detail"]) == (409, "urn:jobpeak:problem:refused", "no")


async def test_a_reused_start_key_is_the_platform_s_idempotency_key_reused_problem() -> None:
    code, _, body = await _problem(StartKeyReused())

    assert (code, body["type"]) == (409, "urn:jobpeak:problem:idempotency-key-reused")


async def test_an_incomplete_practice_submission_names_the_unanswered_items() -> None:
    code, _, body = await _problem(UnansweredItems(attempt_id=OPEN, question_ids=("q-1", "q-7")))

    assert (code, body["type"]) == (409, "urn:jobpeak:problem:unanswered-items")
    assert body["unanswered"] == ["q-1", "q-7"]


async def test_practice_past_the_allowance_is_429_with_retry_after() -> None:
    limit = PracticeLimitReached(
        allowance=PracticeAllowance(attempts=10), opens_at=NOW + timedelta(minutes=5), now=NOW
    )
    async with _refusing(limit) as client:
        response = await client.get("/refuse")

    assert (response.status_code, response.headers["retry-after"]) == (429, "300")
    assert response.json()["type"] == "urn:jobpeak:problem:practice-limit-reached"
    assert response.json()["not_before"] == "2025-06-01T09:35:00+00:00"
