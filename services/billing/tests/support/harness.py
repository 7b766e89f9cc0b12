"""The billing service running in-process, with an HTTP client and ways to observe it."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient, Response
from jobpeak_billing.adapters.tables import specialty_fees
from jobpeak_billing.app import build_app
from jobpeak_billing.application.ports import PaymentGateway
from jobpeak_billing.settings import BillingSettings
from jobpeak_contracts.envelope import Event
from jobpeak_contracts.events.catalog import SpecialtyPublished
from jobpeak_contracts.topics import BILLING_PAYMENTS, Topic
from jobpeak_runtime.auth import Role, TokenIssuer
from jobpeak_runtime.db import inbox_table
from jobpeak_runtime.pseudonyms import development_id_of
from jobpeak_runtime.service import ServiceRuntime
from jobpeak_runtime.testing import (
    TopicEvent,
    produce_events,
    read_events,
    wait_until,
    wait_until_relayed,
)
from sqlalchemy import Table, func, select

from services.billing.tests.support.stripe_webhooks import signed

CANDIDATE = "cand-7f3e9a21-4b8c-4d1e-9f6a-2c5b8e1d4a70"
"""The ``sub`` of the test candidate's tokens."""
CANDIDATE_ID = development_id_of(CANDIDATE)
"""The candidate id billing knows them by."""


def billing_settings(
    *,
    database_url: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    stripe_api_base: str,
    **overrides: Any,
) -> BillingSettings:
    """Settings for a test: fresh random secrets, quick polling, no periodic reconciliation."""
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "kafka_bootstrap": kafka_bootstrap,
        "topic_prefix": topic_prefix,
        "jwt_secret": secrets.token_urlsafe(32),
        "stripe_api_base": stripe_api_base,
        "stripe_api_key": f"sk_test_{secrets.token_hex(12)}",
        "stripe_webhook_secret": f"whsec_{secrets.token_urlsafe(24)}",
        "stripe_max_network_retries": 0,
        "stripe_timeout_seconds": 5.0,
        "reconcile_interval_seconds": 0,
        "outbox_poll_interval_seconds": 0.1,
        "consumer_retry_backoff_seconds": 0.01,
        "consumer_commit_interval_seconds": 0.2,
    }
    return BillingSettings(**(values | overrides))


@dataclass
class RunningBilling:
    app: FastAPI
    http: AsyncClient
    settings: BillingSettings

    @property
    def runtime(self) -> ServiceRuntime:
        runtime: ServiceRuntime = self.app.state.runtime
        return runtime

    def auth(self, subject: str = CANDIDATE, role: Role = Role.CANDIDATE) -> dict[str, str]:
        token = TokenIssuer.from_settings(self.settings).issue(subject=subject, role=role)
        return {"Authorization": f"Bearer {token}"}

    async def checkout(
        self,
        slug: str = "coding",
        *,
        subject: str = CANDIDATE,
        idempotency_key: str | None = None,
    ) -> Response:
        headers = self.auth(subject)
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return await self.http.post("/checkout", json={"specialty_slug": slug}, headers=headers)

    async def open_order(self, slug: str = "coding") -> dict[str, object]:
        """A checkout that must succeed: the new order as the API shows it."""
        response = await self.checkout(slug)
        assert response.status_code == 201, response.text
        order: dict[str, object] = response.json()
        return order

    async def webhook(self, payload: str, headers: dict[str, str] | None = None) -> Response:
        """POST ``payload`` to the webhook, signed with billing's secret unless ``headers``."""
        secret = self.settings.stripe_webhook_secret.get_secret_value()
        return await self.http.post(
            "/webhooks/stripe",
            content=payload.encode(),
            headers=signed(payload, secret=secret) if headers is None else headers,
        )

    async def order(self, order_id: str, *, subject: str = CANDIDATE) -> Response:
        return await self.http.get(f"/orders/{order_id}", headers=self.auth(subject))

    async def publish(self, *events: Event) -> None:
        await produce_events(
            bootstrap=self.settings.kafka_bootstrap,
            topic_prefix=self.settings.topic_prefix,
            events=events,
        )

    async def offer(self, published: SpecialtyPublished) -> None:
        """Publish a specialty on the catalog topic and wait until billing's replica has it."""
        await self.publish(published)
        slug, revision = published.specialty_slug, published.revision
        await wait_until(
            lambda: self.replica_has(slug, revision),
            within=30,
            message=f"billing replicated {slug} revision {revision}",
        )

    async def replica_has(self, slug: str, revision: int) -> bool:
        async with self.runtime.engine.connect() as connection:
            stored = await connection.scalar(
                select(specialty_fees.c.revision).where(specialty_fees.c.specialty_slug == slug)
            )
        return stored == revision

    async def handled(self, topic: Topic) -> int:
        """How many records of ``topic`` billing's consumer has processed (its inbox rows)."""
        async with self.runtime.engine.connect() as connection:
            count = await connection.scalar(
                select(func.count())
                .select_from(inbox_table)
                .where(inbox_table.c.topic == self.settings.topic_name(topic))
            )
        return int(count or 0)

    async def count(self, table: Table) -> int:
        async with self.runtime.engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(table)) or 0)

    async def payments(self) -> list[TopicEvent]:
        """All billing published so far: its outbox drained, then the topic read to its end."""
        await wait_until_relayed(self.runtime)
        return await read_events(
            bootstrap=self.settings.kafka_bootstrap,
            topic=self.settings.topic_name(BILLING_PAYMENTS),
        )

    async def payment_events(self, event_type: type[Event]) -> list[TopicEvent]:
        return [r for r in await self.payments() if isinstance(r.decoded.event, event_type)]


@asynccontextmanager
async def running_billing(
    settings: BillingSettings, *, gateway: PaymentGateway | None = None
) -> AsyncIterator[RunningBilling]:
    """Billing with its whole lifespan (migrations, topics, relay, consumer) running."""
    app = build_app(settings, gateway=gateway)
    async with (
        app.router.lifespan_context(app),
        AsyncClient(transport=ASGITransport(app=app), base_url="http://billing.test") as http,
    ):
        yield RunningBilling(app=app, http=http, settings=settings)
