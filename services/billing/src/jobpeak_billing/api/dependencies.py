"""What the routes take from the composition root (found on ``request.app.state``).

The clock is the runtime's ``jobpeak_runtime.http.ClockDep`` (``app.state.clock``). Each is
``async`` although it does no I/O: FastAPI runs a plain ``def`` dependency in its thread pool, a
thread hand-off per request (issue 19's profile)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from jobpeak_runtime.ports import TransactionFactory
from jobpeak_runtime.problems_openapi import problem_responses
from prometheus_client import Counter

from jobpeak_billing.application.ports import BillingUnitOfWork, PaymentGateway, WebhookVerifier

AUTH_RESPONSES = problem_responses(401, 403)
"""What every route behind a token also answers: no valid token (401), wrong role (403)."""


async def _gateway(request: Request) -> PaymentGateway:
    gateway: PaymentGateway = request.app.state.gateway
    return gateway


async def _uow_factory(request: Request) -> TransactionFactory[BillingUnitOfWork]:
    factory: TransactionFactory[BillingUnitOfWork] = request.app.state.uow_factory
    return factory


async def _webhook_verifier(request: Request) -> WebhookVerifier:
    verifier: WebhookVerifier = request.app.state.webhook_verifier
    return verifier


async def _webhook_outcomes(request: Request) -> Counter:
    counter: Counter = request.app.state.webhook_outcomes
    return counter


GatewayDep = Annotated[PaymentGateway, Depends(_gateway)]
UowFactoryDep = Annotated[TransactionFactory[BillingUnitOfWork], Depends(_uow_factory)]
WebhookVerifierDep = Annotated[WebhookVerifier, Depends(_webhook_verifier)]
WebhookOutcomesDep = Annotated[Counter, Depends(_webhook_outcomes)]
"""Counts verified Stripe events by outcome (``jobpeak_billing_webhook_events_total``)."""
