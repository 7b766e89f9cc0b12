"""The order's state machine: each fact counts once, whatever the order and repetition."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jobpeak_billing.application.events import order_event
from jobpeak_billing.domain.orders import Order, OrderStatus, Transition, open_order
from jobpeak_contracts.envelope import Event
from jobpeak_contracts.events.billing import (
    CheckoutStarted,
    PaymentCaptured,
    PaymentFailed,
    PaymentRefunded,
    RefundReason,
)
from jobpeak_contracts.money import Money

pytestmark = pytest.mark.unit

T0 = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)
FEE = Money(amount_minor=4900, currency="USD")


def announced(transition: Transition) -> tuple[Event, ...]:
    """The contract events billing publishes for ``transition``."""
    return tuple(order_event(transition.order, change) for change in transition.changes)


def new_order() -> Order:
    return open_order(
        order_id=uuid.UUID("5b7d9f1a-3c5e-4a7c-9e1b-3d5f7a9c1e3b"),
        candidate_id="cand-1",
        specialty_slug="coding",
        amount=FEE,
        checkout_session_id="cs_test_1",
        checkout_url="https://checkout.test/cs_test_1",
        checkout_expires_at=T0 + timedelta(hours=24),
        idempotency_key=None,
        at=T0,
    ).order


def capture(order: Order) -> Transition:
    return order.capture(payment_intent_id="pi_1", at=T0 + timedelta(minutes=5))


def fail(order: Order) -> Transition:
    return order.fail(failure_code="card_declined", payment_intent_id="pi_1", at=T0)


def refund(order: Order) -> Transition:
    return order.refund(
        payment_intent_id="pi_1", refund_id="re_1", reason=RefundReason.ADMIN, at=T0
    )


def test_opening_an_order_announces_the_checkout_with_the_fee_in_minor_units() -> None:
    opened = open_order(
        order_id=uuid.uuid4(),
        candidate_id="cand-1",
        specialty_slug="coding",
        amount=FEE,
        checkout_session_id="cs_test_1",
        checkout_url="https://checkout.test/cs_test_1",
        checkout_expires_at=T0,
        idempotency_key="k-1",
        at=T0,
    )
    assert opened.order.status is OrderStatus.OPEN
    (started,) = announced(opened)
    assert isinstance(started, CheckoutStarted)
    assert started.amount == Money(amount_minor=4900, currency="USD")
    assert started.checkout_session_id == "cs_test_1"


def test_a_capture_pays_the_order_once() -> None:
    first = capture(new_order())
    assert first.order.status is OrderStatus.PAID
    assert [type(e) for e in announced(first)] == [PaymentCaptured]
    captured = announced(first)[0]
    assert isinstance(captured, PaymentCaptured)
    assert (captured.payment_intent_id, captured.amount) == ("pi_1", FEE)
    again = capture(first.order)
    assert announced(again) == ()
    assert again.order == first.order


def test_a_decline_fails_the_order_but_a_retry_in_the_same_session_still_pays() -> None:
    failed = fail(new_order())
    assert failed.order.status is OrderStatus.FAILED
    assert [type(e) for e in announced(failed)] == [PaymentFailed]
    assert announced(fail(failed.order)) == ()
    paid = capture(failed.order)
    assert paid.order.status is OrderStatus.PAID
    assert paid.order.failure_code is None
    assert [type(e) for e in announced(paid)] == [PaymentCaptured]


def test_a_late_failure_after_the_capture_changes_nothing() -> None:
    paid = capture(new_order()).order
    late = fail(paid)
    assert announced(late) == ()
    assert late.order.status is OrderStatus.PAID


def test_a_refund_of_a_paid_order_is_announced_once() -> None:
    paid = capture(new_order()).order
    refunded = refund(paid)
    assert refunded.order.status is OrderStatus.REFUNDED
    (event,) = announced(refunded)
    assert isinstance(event, PaymentRefunded)
    assert (event.refund_id, event.reason, event.amount) == ("re_1", RefundReason.ADMIN, FEE)
    assert announced(refund(refunded.order)) == ()
    assert announced(capture(refunded.order)) == ()


def test_a_refund_seen_before_the_capture_records_both() -> None:
    refunded = refund(new_order())
    assert refunded.order.status is OrderStatus.REFUNDED
    assert [type(e) for e in announced(refunded)] == [PaymentCaptured, PaymentRefunded]
    assert announced(capture(refunded.order)) == ()


def test_the_events_of_a_refund_before_the_capture_carry_what_stripe_reported() -> None:
    later = T0 + timedelta(minutes=7)
    refunded = new_order().refund(
        payment_intent_id="pi_7", refund_id="re_7", reason=RefundReason.ADMIN, at=later
    )
    captured, refund_event = announced(refunded)
    assert captured == PaymentCaptured(
        order_id=refunded.order.order_id,
        candidate_id="cand-1",
        specialty_slug="coding",
        amount=FEE,
        checkout_session_id="cs_test_1",
        payment_intent_id="pi_7",
        captured_at=later,
    )
    assert refund_event == PaymentRefunded(
        order_id=refunded.order.order_id,
        candidate_id="cand-1",
        specialty_slug="coding",
        amount=FEE,
        payment_intent_id="pi_7",
        refund_id="re_7",
        reason=RefundReason.ADMIN,
        refunded_at=later,
    )


def test_only_paid_orders_are_refundable() -> None:
    assert not new_order().is_refundable
    assert not fail(new_order()).order.is_refundable
    assert capture(new_order()).order.is_refundable
    assert not refund(new_order()).order.is_refundable


def test_reconciliation_pays_an_order_stripe_reports_paid() -> None:
    repaired = new_order().reconcile(paid=True, expired=False, payment_intent_id="pi_9", at=T0)
    assert repaired.order.status is OrderStatus.PAID
    assert repaired.order.payment_intent_id == "pi_9"
    assert [type(e) for e in announced(repaired)] == [PaymentCaptured]
    again = repaired.order.reconcile(paid=True, expired=False, payment_intent_id="pi_9", at=T0)
    assert announced(again) == ()


def test_reconciliation_fails_an_expired_session_and_leaves_an_open_one_alone() -> None:
    expired = new_order().reconcile(paid=False, expired=True, payment_intent_id=None, at=T0)
    assert expired.order.status is OrderStatus.FAILED
    assert expired.order.failure_code == "expired"
    still_open = new_order().reconcile(paid=False, expired=False, payment_intent_id=None, at=T0)
    assert announced(still_open) == ()
    assert still_open.order.status is OrderStatus.OPEN


FACTS = {"capture": capture, "fail": fail, "refund": refund}


@given(st.lists(st.sampled_from(sorted(FACTS)), min_size=1, max_size=12))
def test_any_sequence_of_facts_announces_each_outcome_at_most_once(names: list[str]) -> None:
    order = new_order()
    emitted: list[type[object]] = []
    for name in names:
        transition = FACTS[name](order)
        order = transition.order
        emitted.extend(type(e) for e in announced(transition))
    assert emitted.count(PaymentCaptured) <= 1
    assert emitted.count(PaymentFailed) <= 1
    assert emitted.count(PaymentRefunded) <= 1
    if PaymentRefunded in emitted:
        assert PaymentCaptured in emitted
        assert emitted.index(PaymentCaptured) < emitted.index(PaymentRefunded)
    if "capture" in names or "refund" in names:
        assert order.status in (OrderStatus.PAID, OrderStatus.REFUNDED)


@pytest.mark.parametrize("order_of_facts", list(itertools.permutations(["capture", "fail"])))
def test_capture_and_failure_in_either_order_end_paid(order_of_facts: tuple[str, ...]) -> None:
    order = new_order()
    for name in order_of_facts:
        order = FACTS[name](order).order
    assert order.status is OrderStatus.PAID
