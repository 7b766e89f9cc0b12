"""Reading Stripe's webhook events: the facts billing acts on, and refusals of junk."""

from __future__ import annotations

import json
import uuid

import pytest
from jobpeak_billing.domain.stripe_notifications import (
    ChargeRefunded,
    MalformedStripeEvent,
    PaymentIntentFailed,
    SessionAwaitingPayment,
    SessionFailed,
    SessionPaid,
    Unhandled,
    failure_code,
    parse_notification,
)

from services.billing.tests.support.stripe_webhooks import (
    FEE,
    charge,
    checkout_session,
    payment_intent,
    stripe_event,
)

pytestmark = pytest.mark.unit

ORDER = uuid.UUID("5b7d9f1a-3c5e-4a7c-9e1b-3d5f7a9c1e3b")


def test_a_completed_paid_session_is_a_payment() -> None:
    body = stripe_event(
        "checkout.session.completed",
        checkout_session(session_id="cs_test_1", order_id=ORDER, payment_intent="pi_1"),
        event_id="evt_1",
        created=1_750_000_000,
    )
    notification = parse_notification(body)
    assert notification.event_id == "evt_1"
    assert notification.created.timestamp() == 1_750_000_000
    assert notification.fact == SessionPaid(
        checkout_session_id="cs_test_1", payment_intent_id="pi_1", order_id=ORDER, paid=FEE
    )


def test_an_expanded_payment_intent_is_read_by_its_id() -> None:
    session = checkout_session(session_id="cs_test_1", order_id=ORDER, payment_intent=None)
    session["payment_intent"] = {"id": "pi_7", "object": "payment_intent", "status": "succeeded"}
    fact = parse_notification(stripe_event("checkout.session.completed", session)).fact
    assert fact == SessionPaid(
        checkout_session_id="cs_test_1", payment_intent_id="pi_7", order_id=ORDER, paid=FEE
    )


def test_a_completed_session_with_a_delayed_payment_method_is_not_yet_a_payment() -> None:
    session = checkout_session(
        session_id="cs_test_1", order_id=ORDER, payment_intent="pi_1", payment_status="unpaid"
    )
    fact = parse_notification(stripe_event("checkout.session.completed", session)).fact
    assert fact == SessionAwaitingPayment(checkout_session_id="cs_test_1", order_id=ORDER)


def test_the_delayed_payment_succeeding_is_a_payment() -> None:
    session = checkout_session(session_id="cs_test_1", order_id=ORDER, payment_intent="pi_1")
    fact = parse_notification(
        stripe_event("checkout.session.async_payment_succeeded", session)
    ).fact
    assert isinstance(fact, SessionPaid)


@pytest.mark.parametrize(
    ("event_type", "code"),
    [
        ("checkout.session.async_payment_failed", "async_payment_failed"),
        ("checkout.session.expired", "expired"),
    ],
)
def test_a_failed_or_expired_session_is_a_failure(event_type: str, code: str) -> None:
    session = checkout_session(
        session_id="cs_test_1", order_id=ORDER, payment_intent=None, payment_status="unpaid"
    )
    fact = parse_notification(stripe_event(event_type, session)).fact
    assert fact == SessionFailed(
        checkout_session_id="cs_test_1", payment_intent_id=None, failure_code=code, order_id=ORDER
    )


def test_a_declined_payment_intent_carries_the_decline_code() -> None:
    intent = payment_intent(
        payment_intent_id="pi_1", order_id=ORDER, decline_code="insufficient_funds"
    )
    fact = parse_notification(stripe_event("payment_intent.payment_failed", intent)).fact
    assert fact == PaymentIntentFailed(
        payment_intent_id="pi_1", failure_code="insufficient_funds", order_id=ORDER
    )


def test_a_refunded_charge_names_its_latest_refund() -> None:
    refunded = charge(payment_intent_id="pi_1", refund_id="re_1")
    refunded["refunds"]["data"].append({"id": "re_2", "created": 5})
    fact = parse_notification(stripe_event("charge.refunded", refunded)).fact
    assert fact == ChargeRefunded(payment_intent_id="pi_1", refund_id="re_2", fully_refunded=True)


def test_a_partially_refunded_charge_is_not_a_full_refund() -> None:
    fact = parse_notification(
        stripe_event("charge.refunded", charge(payment_intent_id="pi_1", refunded=False))
    ).fact
    assert fact == ChargeRefunded(payment_intent_id="pi_1", refund_id=None, fully_refunded=False)


def test_other_event_types_are_unhandled() -> None:
    body = stripe_event("customer.created", {"id": "cus_1", "object": "customer"})
    assert parse_notification(body).fact == Unhandled()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("not json", "not a Stripe event"),
        (json.dumps({"id": "evt_1", "object": "event"}), "not a Stripe event"),
        (
            stripe_event("checkout.session.completed", {"id": "ch_1", "object": "charge"}),
            "expected 'checkout.session'",
        ),
        (
            stripe_event(
                "checkout.session.completed",
                checkout_session(session_id="cs_test_1", order_id=ORDER, payment_intent=None),
            ),
            "names no payment intent",
        ),
    ],
)
def test_a_signed_body_that_is_no_usable_event_is_refused(body: str, problem: str) -> None:
    with pytest.raises(MalformedStripeEvent, match=problem):
        parse_notification(body)


def test_failure_codes_are_kept_only_in_the_contracts_shape() -> None:
    assert failure_code("card_declined") == "card_declined"
    assert failure_code("Card_Declined ") == "card_declined"
    assert failure_code("weird code!") is None
    assert failure_code(None) is None


def _paid_session(**changes: object) -> dict[str, object]:
    session = checkout_session(session_id="cs_test_1", order_id=ORDER, payment_intent="pi_1")
    return session | changes


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (stripe_event("checkout.session.completed", _paid_session(), created=10**20), "created"),
        (
            stripe_event(
                "checkout.session.completed", _paid_session(), event_id="evt_" + "a" * 9996
            ),
            "id",
        ),
        (
            stripe_event("checkout.session.completed", _paid_session(id="cs_" + "b" * 9997)),
            "data.object.id",
        ),
        (
            stripe_event("checkout.session.completed", _paid_session(amount_total=-1)),
            "data.object.amount_total",
        ),
        (
            stripe_event("checkout.session.completed", _paid_session(currency="dollars")),
            "data.object.currency",
        ),
        (
            stripe_event("checkout.session.completed", _paid_session(metadata={"k": "v" * 501})),
            "data.object.metadata",
        ),
    ],
)
def test_values_beyond_stripes_own_bounds_are_refused_naming_the_field(
    body: str, field: str
) -> None:
    with pytest.raises(MalformedStripeEvent, match=rf"not a Stripe event: {field}\b"):
        parse_notification(body)


def test_a_paid_session_without_its_amount_is_refused() -> None:
    body = stripe_event("checkout.session.completed", _paid_session(amount_total=None))
    with pytest.raises(MalformedStripeEvent, match="amount_total and currency are required"):
        parse_notification(body)
