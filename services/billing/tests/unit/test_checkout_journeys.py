"""Starting a checkout and reading orders, on fakes: the fee replica, Stripe and the orders."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from jobpeak_billing.application.checkout import CheckoutResult, start_checkout
from jobpeak_billing.application.fees import replicate_fee
from jobpeak_billing.application.orders import find_order, orders_of_candidate
from jobpeak_billing.application.ports import PaymentProviderError
from jobpeak_billing.domain.fees import UnknownSpecialty
from jobpeak_billing.domain.orders import OrderStatus
from jobpeak_contracts.events.billing import CheckoutStarted
from jobpeak_runtime.clock import ManualClock
from jobpeak_runtime.idempotency import IdempotencyKeyReused

from services.billing.tests.support.catalog import specialty_published
from services.billing.tests.support.fake_gateway import FakeGateway
from services.billing.tests.support.stripe_webhooks import FEE
from services.billing.tests.unit.fakes import FakeBillingUnitOfWork

pytestmark = pytest.mark.unit

CANDIDATE = "cand-2b9c4e61-0d3f-4a8e-b7c5-9e1f3a5d7c20"
T0 = datetime(2026, 3, 2, 9, 0, 0, 250_000, tzinfo=UTC)


async def coding_on_sale(uow: FakeBillingUnitOfWork, clock: ManualClock) -> None:
    async with uow:
        await replicate_fee(specialty_published(), uow=uow, clock=clock)
        await uow.commit()


async def checkout(
    uow: FakeBillingUnitOfWork,
    gateway: FakeGateway,
    clock: ManualClock,
    *,
    slug: str = "coding",
    key: str | None,
) -> CheckoutResult:
    """The candidate asks for a checkout of ``slug`` with Idempotency-Key ``key``."""
    return await start_checkout(
        uow_factory=lambda: uow,
        gateway=gateway,
        clock=clock,
        candidate_id=CANDIDATE,
        specialty_slug=slug,
        idempotency_key=key,
    )


async def test_candidate_starts_a_checkout_and_billing_announces_it() -> None:
    uow, gateway, clock = FakeBillingUnitOfWork(), FakeGateway(), ManualClock(T0)
    await coding_on_sale(uow, clock)

    result = await checkout(uow, gateway, clock, slug="coding", key="key-1")

    assert result.created
    assert result.order.status is OrderStatus.OPEN
    assert result.order.amount == FEE
    assert result.order.checkout_session_id in gateway.states
    (started,) = uow.emitted_of(CheckoutStarted)
    assert isinstance(started, CheckoutStarted)
    assert (started.order_id, started.candidate_id, started.amount) == (
        result.order.order_id,
        CANDIDATE,
        FEE,
    )
    assert uow.subjects[-1] == str(result.order.order_id)


async def test_a_retried_checkout_with_the_same_key_gets_the_same_order_and_no_second_event() -> (
    None
):
    uow, gateway, clock = FakeBillingUnitOfWork(), FakeGateway(), ManualClock(T0)
    await coding_on_sale(uow, clock)
    attempts = [await checkout(uow, gateway, clock, slug="coding", key="key-1") for _ in range(2)]
    assert [attempt.created for attempt in attempts] == [True, False]
    assert attempts[0].order == attempts[1].order
    assert len(uow.emitted_of(CheckoutStarted)) == 1
    with pytest.raises(IdempotencyKeyReused):
        await checkout(uow, gateway, clock, slug="bookkeeping", key="key-1")
    # The id is the one billing derived before the runtime owned the rule: stored orders match.
    legacy = uuid.uuid5(uuid.UUID("6f1c2a7e-93b4-4c55-a0d8-1b9e7c3f5a20"), f"{CANDIDATE}\nkey-1")
    assert attempts[0].order.order_id == legacy


@pytest.mark.parametrize("stripe_down", [False, True])
async def test_a_checkout_that_cannot_be_sold_or_paid_stores_nothing(stripe_down: bool) -> None:
    uow, gateway, clock = (
        FakeBillingUnitOfWork(),
        FakeGateway(failing=stripe_down),
        ManualClock(T0),
    )
    await coding_on_sale(uow, clock)
    slug = "coding" if stripe_down else "poetry"
    expected = PaymentProviderError if stripe_down else UnknownSpecialty
    with pytest.raises(expected):
        await checkout(uow, gateway, clock, slug=slug, key=None)
    assert uow.stored_orders.by_id == {}
    assert uow.emitted == []


async def test_a_candidate_reads_their_orders_newest_first() -> None:
    uow, gateway, clock = FakeBillingUnitOfWork(), FakeGateway(), ManualClock(T0)
    await coding_on_sale(uow, clock)
    made = []
    for key in ("first", "second"):
        clock.advance(timedelta(minutes=1))
        made.append(await checkout(uow, gateway, clock, slug="coding", key=key))
        declined = dataclasses.replace(made[-1].order, status=OrderStatus.FAILED)
        uow.stored_orders.by_id[declined.order_id] = declined
    made = [dataclasses.replace(m, order=uow.stored_orders.by_id[m.order.order_id]) for m in made]
    listed = await orders_of_candidate(uow_factory=lambda: uow, candidate_id=CANDIDATE, limit=10)
    assert [order.order_id for order in listed] == [made[1].order.order_id, made[0].order.order_id]
    assert await orders_of_candidate(uow_factory=lambda: uow, candidate_id="other", limit=10) == []
    found = await find_order(uow_factory=lambda: uow, order_id=made[0].order.order_id)
    assert found == made[0].order


@pytest.mark.parametrize("second_key", ["key-2", None])
async def test_asking_to_pay_again_resumes_the_checkout_in_progress(second_key: str | None) -> None:
    uow, gateway, clock = FakeBillingUnitOfWork(), FakeGateway(), ManualClock(T0)
    await coding_on_sale(uow, clock)
    first = await checkout(uow, gateway, clock, key="key-1")
    clock.advance(timedelta(minutes=5))
    again = await checkout(uow, gateway, clock, key=second_key)
    assert (again.created, again.resumed) == (False, True)
    assert again.order == first.order
    assert len(gateway.states) == 1
    assert len(uow.emitted_of(CheckoutStarted)) == 1


async def test_a_session_about_to_expire_is_not_handed_out_again() -> None:
    uow, gateway, clock = FakeBillingUnitOfWork(), FakeGateway(), ManualClock(T0)
    await coding_on_sale(uow, clock)
    first = await checkout(uow, gateway, clock, key="key-1")
    clock.advance(timedelta(hours=23, minutes=1))
    later = await checkout(uow, gateway, clock, key="key-2")
    assert later.created
    assert later.order.order_id != first.order.order_id
