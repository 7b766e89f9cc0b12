"""Billing running in-process on the real stack (Kafka, PostgreSQL, stripe-mock)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from services.billing.tests.support.catalog import specialty_published
from services.billing.tests.support.harness import (
    RunningBilling,
    billing_settings,
    running_billing,
)


@pytest.fixture
async def billing(
    database_url: str, kafka_bootstrap: str, topic_prefix: str, stripe_api_base: str
) -> AsyncIterator[RunningBilling]:
    """Billing against stripe-mock, with Coding published at a 49.00 USD fee."""
    settings = billing_settings(
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        stripe_api_base=stripe_api_base,
    )
    async with running_billing(settings) as running:
        await running.offer(specialty_published())
        yield running
