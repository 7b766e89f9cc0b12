"""The composition root: builds the billing service from its settings.

Nothing connects while building. Besides what the shared runtime starts (migrations, topics,
outbox relay, Kafka subscriber), the billing app has the runtime run reconciliation as a periodic
task and closes the Stripe client on shutdown.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from jobpeak_runtime.clock import Clock, utc_now
from jobpeak_runtime.migrate import service_migrations
from jobpeak_runtime.periodic import PeriodicTask
from jobpeak_runtime.service import ServiceRuntime, build_service_app
from jobpeak_runtime.uow import one_off_units_of_work
from prometheus_client import Counter

from jobpeak_billing.adapters.stripe_gateway import StripeGateway
from jobpeak_billing.adapters.stripe_signatures import StripeWebhookVerifier
from jobpeak_billing.adapters.unit_of_work import SqlBillingUnitOfWork
from jobpeak_billing.api import admin, checkout, orders, webhooks
from jobpeak_billing.api.errors import install_error_mapping
from jobpeak_billing.application.ports import PaymentGateway
from jobpeak_billing.application.reconciliation import Reconciliation, ReconciliationReport
from jobpeak_billing.handlers import build_handlers
from jobpeak_billing.settings import BillingSettings


def build_app(
    settings: BillingSettings,
    *,
    gateway: PaymentGateway | None = None,
    clock: Clock = utc_now,
) -> FastAPI:
    used_gateway = gateway or stripe_gateway(settings)
    reconciliation = Reconciliation(
        gateway=used_gateway, clock=clock, batch_size=settings.reconcile_batch_size
    )

    async def close_gateway(runtime: ServiceRuntime) -> None:
        await used_gateway.close()

    app = build_service_app(
        settings=settings,
        routers=[checkout.router, orders.router, webhooks.router, admin.router],
        handlers=build_handlers(gateway=used_gateway, clock=clock),
        unit_of_work=SqlBillingUnitOfWork,
        migrations=service_migrations(Path(__file__).parent),
        periodic_tasks=[
            PeriodicTask(
                "billing-reconciliation",
                settings.reconcile_interval_seconds,
                reconciliation.scheduled_pass,
            )
        ],
        on_shutdown=close_gateway,
        title="jobpeak-billing",
    )
    install_error_mapping(app)
    app.state.gateway = used_gateway
    app.state.clock = clock
    app.state.webhook_outcomes = Counter(
        "jobpeak_billing_webhook_events",
        "Verified Stripe webhook events by outcome (amount_mismatch: paid amount not the order's).",
        ["outcome"],
        registry=app.state.runtime.metrics.registry,
    )
    app.state.webhook_verifier = StripeWebhookVerifier(
        secret=settings.stripe_webhook_secret.get_secret_value(),
        tolerance_seconds=settings.stripe_webhook_tolerance_seconds,
    )
    return app


def stripe_gateway(settings: BillingSettings) -> StripeGateway:
    return StripeGateway(
        api_key=settings.stripe_api_key.get_secret_value(),
        api_base=settings.stripe_api_base,
        timeout_seconds=settings.stripe_timeout_seconds,
        max_network_retries=settings.stripe_max_network_retries,
        success_url=settings.checkout_success_url,
        cancel_url=settings.checkout_cancel_url,
    )


async def reconcile_once(
    settings: BillingSettings, *, gateway: PaymentGateway | None = None, clock: Clock = utc_now
) -> ReconciliationReport:
    """One reconciliation pass outside the server (``python -m jobpeak_billing reconcile``).

    Its events go to the outbox; the service's relay publishes them.
    """
    own_gateway = gateway is None
    used_gateway = gateway or stripe_gateway(settings)
    reconciliation = Reconciliation(
        gateway=used_gateway, clock=clock, batch_size=settings.reconcile_batch_size
    )
    try:
        async with one_off_units_of_work(
            database_url=settings.database_url,
            topic_prefix=settings.topic_prefix,
            unit_of_work=SqlBillingUnitOfWork,
            pool_size=2,
        ) as uow_factory:
            return await reconciliation.reconcile(uow_factory=uow_factory)
    finally:
        if own_gateway:
            await used_gateway.close()
