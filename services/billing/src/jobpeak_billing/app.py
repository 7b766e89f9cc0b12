"""The composition root: builds the billing service from its settings.

Nothing connects while building. Besides what the shared runtime starts (migrations, topics,
outbox relay, Kafka subscriber), the billing app has the runtime run reconciliation as a periodic
task and closes the Stripe client on shutdown.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from jobpeak_runtime.clock import Clock, utc_now
from jobpeak_runtime.db import create_engine, create_sessionmaker
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.migrate import service_migrations
from jobpeak_runtime.periodic import PeriodicTask
from jobpeak_runtime.service import ServiceRuntime, build_service_app
from jobpeak_runtime.uow import UnitOfWork, UnitOfWorkFactory

from jobpeak_billing.api import admin, checkout, orders, webhooks
from jobpeak_billing.application.reconciliation import ReconciliationReport, reconcile
from jobpeak_billing.handlers import build_handlers
from jobpeak_billing.payments.gateway import PaymentGateway
from jobpeak_billing.payments.stripe_gateway import StripeGateway
from jobpeak_billing.settings import BillingSettings

_log = get_logger(__name__)


def build_app(
    settings: BillingSettings,
    *,
    gateway: PaymentGateway | None = None,
    clock: Clock = utc_now,
) -> FastAPI:
    used_gateway = gateway or StripeGateway.from_settings(settings)

    async def reconcile_pass(runtime: ServiceRuntime) -> None:
        report = await reconcile(
            uow_factory=runtime.uow_factory,
            gateway=used_gateway,
            clock=clock,
            batch_size=settings.reconcile_batch_size,
        )
        if report.captured or report.failed or report.errors:
            _log.info("reconciliation pass", **report.as_dict())

    async def close_gateway(runtime: ServiceRuntime) -> None:
        await used_gateway.close()

    app = build_service_app(
        settings=settings,
        routers=[checkout.router, orders.router, webhooks.router, admin.router],
        handlers=build_handlers(gateway=used_gateway, clock=clock),
        migrations=service_migrations(Path(__file__).parent),
        periodic_tasks=[
            PeriodicTask(
                "billing-reconciliation", settings.reconcile_interval_seconds, reconcile_pass
            )
        ],
        on_shutdown=close_gateway,
        title="jobpeak-billing",
    )
    app.state.gateway = used_gateway
    app.state.clock = clock
    return app


async def reconcile_once(
    settings: BillingSettings, *, gateway: PaymentGateway | None = None, clock: Clock = utc_now
) -> ReconciliationReport:
    """One reconciliation pass outside the server (``python -m jobpeak_billing reconcile``).

    Its events go to the outbox; the service's relay publishes them.
    """
    own_gateway = gateway is None
    used_gateway = gateway or StripeGateway.from_settings(settings)
    engine = create_engine(settings.database_url, pool_size=2)
    try:
        uow_factory = UnitOfWorkFactory(
            sessionmaker=create_sessionmaker(engine),
            topic_prefix=settings.topic_prefix,
            unit_of_work=UnitOfWork,
        )
        return await reconcile(
            uow_factory=uow_factory,
            gateway=used_gateway,
            clock=clock,
            batch_size=settings.reconcile_batch_size,
        )
    finally:
        if own_gateway:
            await used_gateway.close()
        await engine.dispose()
