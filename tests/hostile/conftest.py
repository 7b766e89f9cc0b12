"""One running service per test, on the test's own database and topics."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.hostile.running import SERVICES, Infrastructure, RunningService, running_service


@pytest.fixture
def infrastructure_for_test(
    database_url: str, kafka_bootstrap: str, topic_prefix: str, stripe_api_base: str
) -> Infrastructure:
    return Infrastructure(
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        stripe_api_base=stripe_api_base,
    )


@pytest.fixture(params=SERVICES)
async def service(
    request: pytest.FixtureRequest, infrastructure_for_test: Infrastructure
) -> AsyncIterator[RunningService]:
    async with running_service(request.param, infrastructure_for_test) as running:
        yield running
