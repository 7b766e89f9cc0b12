"""Billing's HTTP API over fakes: the routes, auth, Idempotency-Key and problems, no infra.

The app is built by the composition root as in production, its lifespan is never started (no
database, broker or Stripe), and its unit-of-work factory is replaced by an in-memory fake.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from httpx import ASGITransport, AsyncClient
from jobpeak_billing.app import build_app
from jobpeak_billing.application.fees import replicate_fee
from jobpeak_runtime.clock import utc_now

from services.billing.tests.support.catalog import specialty_published
from services.billing.tests.support.fake_gateway import FakeGateway
from services.billing.tests.support.harness import RunningBilling, billing_settings
from services.billing.tests.support.stripe_webhooks import checkout_session, stripe_event
from services.billing.tests.unit.fakes import FakeBillingUnitOfWork

pytestmark = pytest.mark.unit

UNREACHABLE = "127.0.0.1:9"


@pytest.fixture
async def billing() -> AsyncIterator[RunningBilling]:
    settings = billing_settings(
        database_url=f"postgresql+asyncpg://nobody@{UNREACHABLE}/none",
        kafka_bootstrap=UNREACHABLE,
        topic_prefix="unit",
        stripe_api_base=f"http://{UNREACHABLE}",
    )
    app = build_app(settings, gateway=FakeGateway())
    uow = FakeBillingUnitOfWork()
    app.state.uow_factory = lambda: uow
    async with uow:
        await replicate_fee(specialty_published(), uow=uow, clock=utc_now)
    async with AsyncClient(
        transport=ASGITransport(app=app), base_url="http://billing.test"
    ) as http:
        yield RunningBilling(app=app, http=http, settings=settings)


async def test_a_candidate_checks_out_pays_and_sees_the_paid_order(billing: RunningBilling) -> None:
    created = await billing.checkout(idempotency_key="buy-1")
    assert created.status_code == 201, created.text
    replayed = await billing.checkout(idempotency_key="buy-1")
    assert replayed.status_code == 200
    assert replayed.headers["Idempotent-Replayed"] == "true"
    order = created.json()
    assert replayed.json()["order_id"] == order["order_id"]

    paid = stripe_event(
        "checkout.session.completed",
        checkout_session(
            session_id=order["checkout_session_id"],
            order_id=uuid.UUID(order["order_id"]),
            payment_intent="pi_http1",
        ),
    )
    receipt = await billing.webhook(paid)
    assert (receipt.status_code, receipt.json()["outcome"]) == (200, "applied")

    mine = await billing.order(order["order_id"])
    assert mine.json()["status"] == "paid"
    listed = await billing.http.get("/orders", headers=billing.auth())
    assert [o["order_id"] for o in listed.json()] == [order["order_id"]]
    stranger = "cand-11111111-2222-4333-8444-555555555555"
    hidden = await billing.order(order["order_id"], subject=stranger)
    assert hidden.status_code == 404
    assert hidden.headers["content-type"] == "application/problem+json"


async def test_what_billing_refuses_over_http_is_a_problem(billing: RunningBilling) -> None:
    unknown = await billing.checkout("poetry")
    assert (unknown.status_code, unknown.json()["type"]) == (
        404,
        "urn:jobpeak:problem:specialty-not-published",
    )
    assert (await billing.checkout(idempotency_key="k")).status_code == 201
    reused = await billing.checkout("bookkeeping", idempotency_key="k")
    assert reused.status_code == 409
    assert "Idempotency-Key" in reused.json()["detail"]
    unsigned = await billing.webhook("{}", headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 400
    assert unsigned.json()["detail"] == "missing Stripe-Signature header"
