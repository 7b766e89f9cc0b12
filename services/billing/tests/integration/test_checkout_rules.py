"""Checkout's rules: idempotency, what cannot be bought, Stripe failing, whose orders are whose."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from jobpeak_billing.adapters.tables import orders
from jobpeak_contracts.events.billing import CheckoutStarted
from jobpeak_contracts.events.catalog import SpecialtyRetired
from jobpeak_contracts.money import Money
from jobpeak_contracts.topics import CATALOG_SPECIALTIES
from jobpeak_runtime.auth import Role
from jobpeak_runtime.testing import wait_until

from services.billing.tests.support.catalog import specialty_published
from services.billing.tests.support.harness import (
    RunningBilling,
    billing_settings,
    running_billing,
)

pytestmark = pytest.mark.integration

OTHER_CANDIDATE = "cand-1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"


async def test_a_repeated_request_with_the_same_idempotency_key_returns_the_same_order(
    billing: RunningBilling,
) -> None:
    first = await billing.checkout(idempotency_key="pay-coding-1")
    assert first.status_code == 201
    again = await billing.checkout(idempotency_key="pay-coding-1")
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    other = await billing.checkout(subject=OTHER_CANDIDATE, idempotency_key="pay-coding-1")
    assert other.status_code == 201
    assert other.json()["order_id"] != first.json()["order_id"]
    assert await billing.count(orders) == 2
    assert len(await billing.payment_events(CheckoutStarted)) == 2


async def test_a_candidate_has_one_checkout_in_progress_per_specialty(
    billing: RunningBilling,
) -> None:
    """Paying again (another tab, a double click, a script) resumes the open session."""
    first = await billing.checkout(idempotency_key="tab-1")
    assert first.status_code == 201
    racing = await asyncio.gather(
        *(billing.checkout(idempotency_key=f"tab-{n}") for n in range(2, 7)),
        billing.checkout(),
    )
    assert {r.status_code for r in racing} == {200}
    assert {r.json()["order_id"] for r in racing} == {first.json()["order_id"]}
    assert {r.json()["checkout_url"] for r in racing} == {first.json()["checkout_url"]}
    assert "Idempotent-Replayed" not in racing[0].headers
    fresh = await asyncio.gather(
        *(billing.checkout(subject=OTHER_CANDIDATE, idempotency_key=f"k{n}") for n in range(4))
    )
    assert sorted(r.status_code for r in fresh) == [200, 200, 200, 201]
    assert len({r.json()["order_id"] for r in fresh}) == 1
    assert await billing.count(orders) == 2
    assert len(await billing.payment_events(CheckoutStarted)) == 2


async def test_an_idempotency_key_cannot_be_reused_for_another_specialty(
    billing: RunningBilling,
) -> None:
    await billing.offer(specialty_published(slug="writing"))
    assert (await billing.checkout("coding", idempotency_key="k-1")).status_code == 201
    reused = await billing.checkout("writing", idempotency_key="k-1")
    assert reused.status_code == 409
    assert "Idempotency-Key" in reused.json()["detail"]


async def test_the_fee_follows_the_newest_revision_whatever_the_delivery_order(
    billing: RunningBilling,
) -> None:
    newer = Money(amount_minor=5900, currency="USD")
    await billing.offer(specialty_published(revision=3, fee=newer))
    seen = await billing.handled(CATALOG_SPECIALTIES)
    await billing.publish(
        specialty_published(revision=2, fee=Money(amount_minor=100, currency="USD")),
        SpecialtyRetired(specialty_slug="coding", revision=2, retired_at=datetime.now(UTC)),
    )
    await wait_until(
        lambda: _handled_at_least(billing, seen + 2), within=30, message="stale records consumed"
    )
    response = await billing.checkout()
    assert response.status_code == 201
    assert response.json()["amount"] == {"amount_minor": 5900, "currency": "USD"}


async def test_what_cannot_be_bought_is_refused_and_nothing_is_stored(
    billing: RunningBilling,
) -> None:
    unknown = await billing.checkout("underwater-basket-weaving")
    assert unknown.status_code == 404
    assert "not published" in unknown.json()["detail"]

    await billing.offer(
        specialty_published(slug="free-trial", fee=Money(amount_minor=0, currency="USD"))
    )
    unpriced = await billing.checkout("free-trial")
    assert unpriced.status_code == 409
    assert "no certification fee" in unpriced.json()["detail"]

    await billing.publish(
        SpecialtyRetired(specialty_slug="coding", revision=2, retired_at=datetime.now(UTC))
    )
    await wait_until(
        lambda: billing.replica_has("coding", 2), within=30, message="Coding retired in the replica"
    )
    retired = await billing.checkout("coding")
    assert retired.status_code == 409
    assert "retired" in retired.json()["detail"]

    practice = await billing.http.post(
        "/checkout",
        json={"specialty_slug": "coding", "kind": "practice"},
        headers=billing.auth(),
    )
    assert practice.status_code == 422
    not_a_candidate = await billing.http.post(
        "/checkout", json={"specialty_slug": "coding"}, headers=billing.auth(role=Role.CLIENT)
    )
    assert not_a_candidate.status_code == 403
    assert (
        await billing.http.post("/checkout", json={"specialty_slug": "coding"})
    ).status_code == 401

    assert await billing.count(orders) == 0
    assert await billing.payment_events(CheckoutStarted) == []


async def test_a_candidate_sees_only_their_own_orders(billing: RunningBilling) -> None:
    mine = (await billing.checkout()).json()
    theirs = (await billing.checkout(subject=OTHER_CANDIDATE)).json()
    assert (await billing.order(mine["order_id"])).status_code == 200
    assert (await billing.order(theirs["order_id"])).status_code == 404
    assert (await billing.order("5b7d9f1a-3c5e-4a7c-9e1b-3d5f7a9c1e3b")).status_code == 404
    as_admin = await billing.http.get(
        f"/orders/{theirs['order_id']}", headers=billing.auth("admin-1", Role.ADMIN)
    )
    assert as_admin.status_code == 200
    listed = await billing.http.get("/orders", headers=billing.auth())
    assert [o["order_id"] for o in listed.json()] == [mine["order_id"]]
    assert listed.json()[0]["amount"] == {"amount_minor": 4900, "currency": "USD"}


async def test_stripe_refusing_the_call_answers_502_and_stores_nothing(
    database_url: str, kafka_bootstrap: str, topic_prefix: str, stripe_api_base: str
) -> None:
    settings = billing_settings(
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        stripe_api_base=stripe_api_base,
        stripe_api_key="not-a-stripe-key",  # stripe-mock answers 401
    )
    async with running_billing(settings) as billing:
        await billing.offer(specialty_published())
        response = await billing.checkout(idempotency_key="k-1")
        assert response.status_code == 502
        assert "Stripe answered HTTP 401" in response.json()["detail"]
        assert await billing.count(orders) == 0
        assert await billing.payment_events(CheckoutStarted) == []


async def test_stripe_not_answering_in_time_answers_502_and_stores_nothing(
    database_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    async with _silent_server() as silent_base:
        settings = billing_settings(
            database_url=database_url,
            kafka_bootstrap=kafka_bootstrap,
            topic_prefix=topic_prefix,
            stripe_api_base=silent_base,
            stripe_timeout_seconds=0.5,
        )
        async with running_billing(settings) as billing:
            await billing.offer(specialty_published())
            response = await billing.checkout()
            assert response.status_code == 502
            assert "Stripe did not answer" in response.json()["detail"]
            assert "Timeout" in response.json()["detail"]
            assert await billing.count(orders) == 0
            assert await billing.payment_events(CheckoutStarted) == []


@contextlib.asynccontextmanager
async def _silent_server() -> AsyncIterator[str]:
    """An HTTP endpoint that accepts connections and never answers (a hung Stripe)."""
    held: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


async def _handled_at_least(billing: RunningBilling, count: int) -> bool:
    return await billing.handled(CATALOG_SPECIALTIES) >= count
