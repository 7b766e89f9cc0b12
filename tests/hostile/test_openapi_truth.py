"""Every service against its own OpenAPI: no 5xx, and every response as documented.

Seeded (``derandomize``) and bounded (``MAX_EXAMPLES`` per operation and generation mode), so
the run is the same on every machine and the four services take about a minute together.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.hostile.fuzzing import fuzz
from tests.hostile.running import RunningService

pytestmark = pytest.mark.integration

MAX_EXAMPLES = 8


async def test_the_service_answers_hostile_requests_as_its_openapi_says(
    service: RunningService,
) -> None:
    loop = asyncio.get_running_loop()
    tally = await asyncio.to_thread(fuzz, service, loop=loop, max_examples=MAX_EXAMPLES)
    statuses = dict(sorted(tally.statuses.items()))
    print(f"\n{service.name}: {tally.requests} requests, statuses {statuses}")
    print(f"{service.name}: no negative case for {tally.nothing_to_negate}")
    assert tally.requests > 0
    assert tally.server_errors == 0, tally.failures
    assert tally.failures == {}, "\n\n".join(f"{k}: {v}" for k, v in tally.failures.items())
