"""Every refusal a use case raises answers as a problem, with its status, type and detail."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from jobpeak_matching.api.errors import REFUSALS, add_refusal_handlers
from jobpeak_matching.application.offers import Answer, AnswerRefused
from jobpeak_matching.application.pool import NotInPool
from jobpeak_matching.application.work import WorkNotFound
from jobpeak_matching.domain.offers import OfferNoLongerOpen, OfferNotYours
from jobpeak_matching.domain.pool import LanguagePreferencesRefused
from jobpeak_matching.domain.work import IntakeProblem, WorkRefused
from jobpeak_runtime.problems import PROBLEM_MEDIA_TYPE, TYPE_PREFIX, install_problem_handlers

from services.matching.tests.builders import T0

pytestmark = pytest.mark.unit

OFFER = uuid.UUID("00000000-0000-4000-8000-000000000001")

CASES: list[tuple[Exception, dict[str, Any]]] = [
    (
        OfferNotYours(OFFER),
        {"status": 404, "type": "not-found", "detail": f"offer {OFFER} not found"},
    ),
    (
        AnswerRefused(Answer.DECLINE, OfferNoLongerOpen(OFFER, T0)),
        {
            "status": 409,
            "type": "offer-answer-refused",
            "detail": f"cannot decline: offer {OFFER} expired at {T0.isoformat()}",
        },
    ),
    (
        NotInPool("coding"),
        {"status": 404, "type": "not-found", "detail": "you are not in the coding reviewer pool"},
    ),
    (
        LanguagePreferencesRefused("no such language"),
        {"status": 422, "type": "language-preferences-refused", "detail": "no such language"},
    ),
    (
        WorkRefused([IntakeProblem("seats", "must be at least 1, got 0")]),
        {
            "status": 422,
            "type": "work-refused",
            "detail": "seats: must be at least 1, got 0",
            "problems": [{"field": "seats", "message": "must be at least 1, got 0"}],
        },
    ),
    (
        WorkNotFound(OFFER),
        {"status": 404, "type": "not-found", "detail": f"work {OFFER} not found"},
    ),
]


def test_every_refusal_the_table_maps_is_checked_here() -> None:
    checked = {type(error) for error, _ in CASES}
    assert set(REFUSALS) | {WorkRefused, OfferNotYours} == checked


@pytest.mark.parametrize(
    ("error", "expected"), CASES, ids=[type(error).__name__ for error, _ in CASES]
)
async def test_a_refused_request_answers_with_its_problem(
    error: Exception, expected: dict[str, Any]
) -> None:
    app = FastAPI()
    install_problem_handlers(app)
    add_refusal_handlers(app)

    @app.get("/refuse")
    async def refuse() -> None:
        raise error

    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/refuse")

    assert response.status_code == expected["status"]
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body = response.json()
    assert body["type"] == TYPE_PREFIX + expected["type"]
    assert {key: body[key] for key in expected if key != "type"} == {
        key: value for key, value in expected.items() if key != "type"
    }
