"""``POST /webhooks/stripe``: Stripe's events, verified on the raw body before anything else.

A missing, malformed, wrongly signed or stale ``Stripe-Signature`` answers 400 and touches
nothing. A verified event is acknowledged with 200 once its effect is committed (or it is known
to be a duplicate), and also when it is refused for good: a paid amount or currency that is not
the order's is recorded (``amount_mismatch``), logged and counted, never captured, and a retry
would not change it. When Stripe must be asked something and does not answer, 502 makes Stripe
deliver the event again later.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from jobpeak_runtime.http import ClockDep
from jobpeak_runtime.problems import Problem

from jobpeak_billing.api.dependencies import (
    GatewayDep,
    UowFactoryDep,
    WebhookOutcomesDep,
    WebhookVerifierDep,
)
from jobpeak_billing.api.views import WebhookReceipt
from jobpeak_billing.application.webhooks import apply_stripe_notification
from jobpeak_billing.domain.stripe_notifications import parse_notification

router = APIRouter(tags=["webhooks"])


@router.post(
    "/webhooks/stripe",
    responses={
        400: {"model": Problem, "description": "Unverified, malformed or out of bounds."},
        413: {"model": Problem, "description": "The body is larger than the webhook's cap."},
        502: {
            "model": Problem,
            "description": "Stripe did not answer a question about the event; redelivered.",
        },
    },
)
async def stripe_webhook(
    *,
    request: Request,
    verifier: WebhookVerifierDep,
    uow_factory: UowFactoryDep,
    gateway: GatewayDep,
    clock: ClockDep,
    outcomes: WebhookOutcomesDep,
    signature: Annotated[str | None, Header(alias="Stripe-Signature")] = None,
) -> WebhookReceipt:
    payload = verifier.verify(await request.body(), signature)
    notification = parse_notification(payload)
    outcome = await apply_stripe_notification(
        uow_factory=uow_factory, gateway=gateway, clock=clock, notification=notification
    )
    outcomes.labels(outcome=outcome.value).inc()
    return WebhookReceipt(outcome=outcome.value)
