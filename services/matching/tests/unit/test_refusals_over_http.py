"""Every refusal a use case raises answers with its status and the service's error body."""

from __future__ import annotations

import uuid

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from jobpeak_matching.api.errors import REFUSALS, add_refusal_handlers
from jobpeak_matching.application.offers import Answer, AnswerRefused
from jobpeak_matching.application.pool import NotInPool
from jobpeak_matching.application.work import IdempotencyKeyReused, WorkNotFound
from jobpeak_matching.domain.offers import OfferNoLongerOpen, OfferNotYours
from jobpeak_matching.domain.pool import LanguagePreferencesRefused
from jobpeak_matching.domain.work import IntakeProblem, WorkRefused

from services.matching.tests.builders import T0, work

OFFER = uuid.UUID("00000000-0000-4000-8000-000000000001")

CASES: list[tuple[Exception, int, object]] = [
    (OfferNotYours(OFFER), 404, {"detail": f"offer {OFFER} not found"}),
    (
        AnswerRefused(Answer.DECLINE, OfferNoLongerOpen(OFFER, T0)),
        409,
        {"detail": f"cannot decline: offer {OFFER} expired at {T0.isoformat()}"},
    ),
    (NotInPool("coding"), 404, {"detail": "you are not in the coding reviewer pool"}),
    (LanguagePreferencesRefused("no such"), 422, {"detail": "no such"}),
    (
        WorkRefused([IntakeProblem("seats", "must be at least 1, got 0")]),
        422,
        {
            "detail": "seats: must be at least 1, got 0",
            "problems": [{"field": "seats", "message": "must be at least 1, got 0"}],
        },
    ),
    (IdempotencyKeyReused(work("w")), 409, None),
    (WorkNotFound(OFFER), 404, {"detail": f"work {OFFER} not found"}),
]


def test_every_mapped_refusal_is_checked_here() -> None:
    assert {type(error) for error, _, _ in CASES} == set(REFUSALS)


@pytest.mark.parametrize(
    ("error", "status", "body"), CASES, ids=[type(error).__name__ for error, _, _ in CASES]
)
async def test_a_refused_request_answers_with_its_status_and_body(
    error: Exception, status: int, body: object
) -> None:
    app = FastAPI()
    add_refusal_handlers(app)

    @app.get("/refuse")
    async def refuse() -> None:
        raise error

    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/refuse")

    assert response.status_code == status
    assert response.json() == (body or {"detail": str(error)})
