"""What the routes take from the composition root (found on ``request.app.state``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from jobpeak_runtime.clock import Clock
from jobpeak_runtime.ports import TransactionFactory

from jobpeak_billing.application.ports import BillingUnitOfWork, PaymentGateway, WebhookVerifier


def _gateway(request: Request) -> PaymentGateway:
    gateway: PaymentGateway = request.app.state.gateway
    return gateway


def _uow_factory(request: Request) -> TransactionFactory[BillingUnitOfWork]:
    factory: TransactionFactory[BillingUnitOfWork] = request.app.state.uow_factory
    return factory


def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def _webhook_verifier(request: Request) -> WebhookVerifier:
    verifier: WebhookVerifier = request.app.state.webhook_verifier
    return verifier


GatewayDep = Annotated[PaymentGateway, Depends(_gateway)]
UowFactoryDep = Annotated[TransactionFactory[BillingUnitOfWork], Depends(_uow_factory)]
ClockDep = Annotated[Clock, Depends(_clock)]
WebhookVerifierDep = Annotated[WebhookVerifier, Depends(_webhook_verifier)]
