"""Billing's refusals answer as RFC 9457 problems with the status each one has always had."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from jobpeak_billing.api.errors import install_error_mapping
from jobpeak_billing.application.ports import IdempotencyConflict, PaymentProviderUnavailable
from jobpeak_billing.domain.fees import NoFeeToPay, SpecialtyNotOnSale, UnknownSpecialty
from jobpeak_runtime.edge import install_problem_details

pytestmark = pytest.mark.unit

REFUSALS: list[tuple[Exception, int]] = [
    (UnknownSpecialty("poetry"), 404),
    (SpecialtyNotOnSale("coding"), 409),
    (NoFeeToPay("coding"), 409),
    (IdempotencyConflict("in flight; retry the request"), 409),
    (PaymentProviderUnavailable("Stripe did not answer"), 502),
]


@pytest.mark.parametrize(("error", "status"), REFUSALS, ids=lambda v: type(v).__name__)
async def test_a_refusal_answers_its_status_as_a_problem_with_its_message(
    error: Exception, status: int
) -> None:
    app = FastAPI()
    install_problem_details(app)
    install_error_mapping(app)

    @app.get("/refuse")
    async def refuse() -> None:
        raise error

    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as http:
        response = await http.get("/refuse")

    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["detail"]) == (status, str(error))
    assert body["type"].startswith("urn:jobpeak:problem:")
