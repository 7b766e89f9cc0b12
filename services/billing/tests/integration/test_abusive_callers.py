"""Issue 18's abuse, replayed on billing with its default limits: a candidate opening order after
order is stopped with 429 + Retry-After once past the write limit, and nobody else is."""

from __future__ import annotations

import pytest
from jobpeak_runtime.rate_limit_rules import parse_limits
from jobpeak_runtime.settings import ServiceSettings

from services.billing.tests.support.catalog import specialty_published
from services.billing.tests.support.harness import billing_settings, running_billing

pytestmark = pytest.mark.integration

ATTEMPTED_ORDERS = 275
"""What one candidate opened in two minutes before there were limits."""


async def test_a_candidate_opening_order_after_order_is_stopped_at_the_write_limit(
    database_url: str, kafka_bootstrap: str, topic_prefix: str, stripe_api_base: str
) -> None:
    settings = billing_settings(
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        stripe_api_base=stripe_api_base,
    )
    per_minute = parse_limits(ServiceSettings.model_fields["rate_limit_creates"].default)[0].amount
    async with running_billing(settings) as billing:
        await billing.offer(specialty_published())
        statuses = [
            (await billing.checkout(subject="cand-greedy")).status_code
            for _ in range(ATTEMPTED_ORDERS)
        ]
        refused = await billing.checkout(subject="cand-greedy")
        someone_else = await billing.checkout(subject="cand-patient")

    limited = statuses.count(429)
    print(f"{ATTEMPTED_ORDERS} checkouts by one candidate: {limited} answered 429")
    assert 429 not in statuses[:per_minute]
    assert statuses[per_minute:] == [429] * (ATTEMPTED_ORDERS - per_minute)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.json()["type"].endswith(":rate-limited")
    assert someone_else.status_code in (200, 201)
