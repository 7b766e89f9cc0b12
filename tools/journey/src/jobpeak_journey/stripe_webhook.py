"""The one Stripe webhook the journey plays: a paid ``checkout.session.completed``, signed.

stripe-mock sends no webhooks, so the journey stands in for Stripe. The body carries the fields
billing reads (the session, its payment intent and the order id in its metadata) and is signed
with the Stripe SDK's own helper, exactly as Stripe signs a delivery.
"""

from __future__ import annotations

import json
import time
import uuid

import stripe
from jobpeak_contracts.money import Money


def paid_checkout_event(
    *, checkout_session_id: str, order_id: uuid.UUID, amount: Money, payment_intent_id: str
) -> str:
    """The body of Stripe's ``checkout.session.completed`` for a session paid in full."""
    session = {
        "id": checkout_session_id,
        "object": "checkout.session",
        "amount_total": amount.amount_minor,
        "currency": amount.currency.lower(),
        "client_reference_id": str(order_id),
        "metadata": {"order_id": str(order_id)},
        "mode": "payment",
        "payment_intent": payment_intent_id,
        "payment_status": "paid",
        "status": "complete",
    }
    return json.dumps(
        {
            "id": f"evt_{uuid.uuid4().hex[:24]}",
            "object": "event",
            "created": int(time.time()),
            "livemode": False,
            "type": "checkout.session.completed",
            "data": {"object": session},
        }
    )


def stripe_signed_headers(payload: str, *, secret: str) -> dict[str, str]:
    """The headers of a Stripe delivery of ``payload`` signed with the endpoint's ``secret``."""
    signature = stripe.WebhookSignature.generate_signature_header(payload, secret)
    return {"Stripe-Signature": str(signature), "Content-Type": "application/json"}
