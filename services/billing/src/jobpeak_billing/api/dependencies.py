"""What the routes take from the composition root (found on ``request.app.state``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from jobpeak_runtime.clock import Clock
from jobpeak_runtime.uow import UnitOfWork, UnitOfWorkFactory

from jobpeak_billing.payments.gateway import PaymentGateway
from jobpeak_billing.settings import BillingSettings


def _gateway(request: Request) -> PaymentGateway:
    gateway: PaymentGateway = request.app.state.gateway
    return gateway


def _uow_factory(request: Request) -> UnitOfWorkFactory[UnitOfWork]:
    factory: UnitOfWorkFactory[UnitOfWork] = request.app.state.uow_factory
    return factory


def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def _settings(request: Request) -> BillingSettings:
    settings: BillingSettings = request.app.state.settings
    return settings


GatewayDep = Annotated[PaymentGateway, Depends(_gateway)]
UowFactoryDep = Annotated[UnitOfWorkFactory[UnitOfWork], Depends(_uow_factory)]
ClockDep = Annotated[Clock, Depends(_clock)]
SettingsDep = Annotated[BillingSettings, Depends(_settings)]
