"""How billing's use-case errors answer over HTTP: one table of RFC 9457 problems.

Every route lets these exceptions propagate; the runtime answers each as
``application/problem+json`` with the status, title and type below and ``str(error)`` as the
detail. An exception class not listed inherits the problem of its nearest listed base class
(Starlette looks handlers up by MRO), so every checkout refusal is a 409 unless named here.
"""

from __future__ import annotations

from fastapi import FastAPI
from jobpeak_runtime.problems import ProblemKind, register_problems

from jobpeak_billing.application.ports import (
    IdempotencyConflict,
    PaymentProviderError,
    UnverifiedWebhook,
)
from jobpeak_billing.application.refunds import OrderNotFound
from jobpeak_billing.domain.fees import CheckoutRefused, UnknownSpecialty
from jobpeak_billing.domain.orders import OrderNotRefundable
from jobpeak_billing.domain.stripe_notifications import MalformedStripeEvent

PROBLEMS: dict[type[Exception], ProblemKind] = {
    UnverifiedWebhook: ProblemKind(400, "Webhook not verified", "webhook-not-verified"),
    MalformedStripeEvent: ProblemKind(400, "Malformed Stripe event", "malformed-stripe-event"),
    UnknownSpecialty: ProblemKind(404, "Specialty not published", "specialty-not-published"),
    OrderNotFound: ProblemKind(404, "Not found", "not-found"),
    CheckoutRefused: ProblemKind(409, "Checkout refused", "checkout-refused"),
    OrderNotRefundable: ProblemKind(409, "Order not refundable", "order-not-refundable"),
    IdempotencyConflict: ProblemKind(409, "Concurrent request in flight", "request-in-flight"),
    PaymentProviderError: ProblemKind(502, "Payment provider failed", "payment-provider-failed"),
}


def install_error_mapping(app: FastAPI) -> None:
    register_problems(app, PROBLEMS)
