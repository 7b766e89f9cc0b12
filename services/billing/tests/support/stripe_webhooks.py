"""Stripe webhook bodies as Stripe sends them, signed with Stripe's scheme (``t=…,v1=HMAC``).

stripe-mock never sends webhooks, so tests build the events themselves and sign them with the
webhook secret billing is configured with, exactly as Stripe would.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import stripe
from jobpeak_billing.domain.stripe_notifications import ORDER_ID_METADATA
from jobpeak_contracts.money import Money

FEE = Money(amount_minor=4900, currency="USD")


def stripe_event(
    event_type: str,
    obj: dict[str, Any],
    *,
    event_id: str | None = None,
    created: int | None = None,
) -> str:
    """A webhook body shaped like Stripe's, with fields billing does not read included."""
    return json.dumps(
        {
            "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
            "object": "event",
            "api_version": "2025-06-30.basil",
            "created": created or int(time.time()),
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
            "data": {"object": obj},
        }
    )


def checkout_session(
    *,
    session_id: str,
    order_id: uuid.UUID | None,
    payment_intent: str | None,
    payment_status: str = "paid",
    status: str = "complete",
    amount: Money = FEE,
) -> dict[str, Any]:
    return {
        "id": session_id,
        "object": "checkout.session",
        "amount_total": amount.amount_minor,
        "currency": amount.currency.lower(),
        "client_reference_id": str(order_id) if order_id else None,
        "customer_details": {"email": "someone@mail.test", "name": "Some One"},
        "metadata": {ORDER_ID_METADATA: str(order_id)} if order_id else {},
        "mode": "payment",
        "payment_intent": payment_intent,
        "payment_status": payment_status,
        "status": status,
    }


def session_completed(
    order: dict[str, object], *, event_id: str | None = None, amount: Money = FEE
) -> str:
    """``checkout.session.completed`` for ``order`` (as billing's API shows it), paid."""
    return stripe_event(
        "checkout.session.completed",
        checkout_session(
            session_id=str(order["checkout_session_id"]),
            order_id=uuid.UUID(str(order["order_id"])),
            payment_intent=f"pi_{uuid.uuid4().hex[:20]}",
            amount=amount,
        ),
        event_id=event_id,
    )


def payment_intent(
    *, payment_intent_id: str, order_id: uuid.UUID | None, decline_code: str | None
) -> dict[str, Any]:
    return {
        "id": payment_intent_id,
        "object": "payment_intent",
        "amount": FEE.amount_minor,
        "metadata": {ORDER_ID_METADATA: str(order_id)} if order_id else {},
        "last_payment_error": {"code": "card_declined", "decline_code": decline_code},
        "status": "requires_payment_method",
    }


def charge(
    *, payment_intent_id: str, refunded: bool = True, refund_id: str | None = None
) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "id": f"ch_{uuid.uuid4().hex[:24]}",
        "object": "charge",
        "amount": FEE.amount_minor,
        "amount_refunded": FEE.amount_minor if refunded else 100,
        "payment_intent": payment_intent_id,
        "refunded": refunded,
        "metadata": {},
    }
    if refund_id is not None:
        obj["refunds"] = {"object": "list", "data": [{"id": refund_id, "created": 1}]}
    return obj


def signed(payload: str, *, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Request headers carrying Stripe's signature of ``payload`` made with ``secret``."""
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
    return {"Stripe-Signature": header, "Content-Type": "application/json"}
