"""Fixtures of matching's integration tests; the machinery is in ``harness``."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from jobpeak_matching.settings import MatchingSettings
from jobpeak_runtime.clock import ManualClock

from services.matching.tests.integration.harness import (
    T0,
    Matching,
    make_settings,
    running_matching,
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def matching_settings(
    database_url: str, kafka_bootstrap: str, topic_prefix: str
) -> MatchingSettings:
    return make_settings(
        database_url=database_url, kafka_bootstrap=kafka_bootstrap, topic_prefix=topic_prefix
    )


@pytest.fixture
async def matching(
    matching_settings: MatchingSettings, clock: ManualClock
) -> AsyncIterator[Matching]:
    async with running_matching(matching_settings, clock=clock) as running:
        yield running
