"""Webhooks Stripe would never send: a paid amount that is not the order's, absurd values, and
bodies far too large — refused clearly, never captured, never a 500."""

from __future__ import annotations

import random
import string
from collections.abc import AsyncIterator

import pytest
from jobpeak_billing.adapters.tables import stripe_events
from jobpeak_contracts.events.billing import PaymentCaptured
from jobpeak_contracts.money import Money
from sqlalchemy import select

from services.billing.tests.support.harness import RunningBilling
from services.billing.tests.support.stripe_webhooks import session_completed, signed

pytestmark = pytest.mark.integration

NOISE = "".join(random.Random(18).choices(string.ascii_letters + string.digits, k=10_000))
"""10,000 characters that do not compress: as an index key, far beyond PostgreSQL's limit."""


@pytest.mark.parametrize(
    "paid",
    [Money(amount_minor=1, currency="USD"), Money(amount_minor=4900, currency="EUR")],
    ids=["one cent for a $49 order", "the right number in another currency"],
)
async def test_a_payment_that_does_not_match_its_order_is_recorded_and_not_captured(
    billing: RunningBilling, paid: Money
) -> None:
    order = await billing.open_order()
    response = await billing.webhook(session_completed(order, amount=paid))
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "amount_mismatch"
    assert (await billing.order(str(order["order_id"]))).json()["status"] == "open"
    async with billing.runtime.engine.connect() as connection:
        recorded = (await connection.execute(select(stripe_events))).one()
    assert (recorded.outcome, str(recorded.order_id)) == ("amount_mismatch", order["order_id"])
    assert await billing.payment_events(PaymentCaptured) == []
    metrics = (await billing.http.get("/metrics")).text
    assert 'jobpeak_billing_webhook_events_total{outcome="amount_mismatch"} 1.0' in metrics


@pytest.mark.parametrize(
    ("mangle", "field"),
    [
        (lambda body: body.replace('"created": ', '"created": 1e20, "was": '), "created"),
        (lambda body: body.replace('"id": "evt_', '"id": "evt_' + NOISE), "id"),
        (lambda body: body.replace('"id": "cs_', '"id": "cs_' + NOISE), "data.object.id"),
        (
            lambda body: body.replace('"payment_intent": "pi_', '"payment_intent": "pi_' + NOISE),
            "data.object.payment_intent",
        ),
    ],
    ids=[
        "created 1e20",
        "10,000-character event id",
        "10,000-character session id",
        "10,000-character intent id",
    ],
)
async def test_signed_values_out_of_bounds_answer_400_naming_the_field(
    billing: RunningBilling, mangle: object, field: str
) -> None:
    order = await billing.open_order()
    assert callable(mangle)
    body = mangle(session_completed(order))
    response = await billing.webhook(body)
    assert response.status_code == 400, response.text
    assert f"not a Stripe event: {field}" in response.json()["detail"]
    assert NOISE[:100] not in response.text
    assert await billing.count(stripe_events) == 0


async def test_a_fifty_megabyte_unsigned_body_is_refused_before_it_is_read(
    billing: RunningBilling,
) -> None:
    chunks_sent = 0

    async def fifty_megabytes() -> AsyncIterator[bytes]:
        nonlocal chunks_sent
        for _ in range(50):
            chunks_sent += 1
            yield b" " * 1_048_576

    response = await billing.http.post(
        "/webhooks/stripe",
        content=fifty_megabytes(),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert chunks_sent <= 2
    declared = await billing.http.post(
        "/webhooks/stripe",
        content=b"{}" + b" " * 70_000,
        headers=signed("{}", secret="whsec_anything") | {"Content-Type": "application/json"},
    )
    assert declared.status_code == 413
