"""What the routes take from the composition root (found on ``request.app.state``).

The clock is the runtime's ``jobpeak_runtime.http.ClockDep`` (``app.state.clock``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from jobpeak_runtime.http import app_state
from jobpeak_runtime.ports import TransactionFactory
from jobpeak_runtime.problems_openapi import problem_responses
from prometheus_client import Counter

from jobpeak_billing.application.ports import BillingUnitOfWork, PaymentGateway, WebhookVerifier

AUTH_RESPONSES = problem_responses(401, 403)
"""What every route behind a token also answers: no valid token (401), wrong role (403)."""


GatewayDep = Annotated[PaymentGateway, Depends(app_state("gateway"))]
UowFactoryDep = Annotated[TransactionFactory[BillingUnitOfWork], Depends(app_state("uow_factory"))]
WebhookVerifierDep = Annotated[WebhookVerifier, Depends(app_state("webhook_verifier"))]
WebhookOutcomesDep = Annotated[Counter, Depends(app_state("webhook_outcomes"))]
"""Counts verified Stripe events by outcome (``jobpeak_billing_webhook_events_total``)."""
