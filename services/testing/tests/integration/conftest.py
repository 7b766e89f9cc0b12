"""Fixtures of the integration journeys; the machinery is in ``harness``."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from jobpeak_contracts.topics import TESTING_ATTEMPTS, TESTING_ITEM_RESPONSES
from jobpeak_testing.settings import TestingSettings

from services.testing.tests.integration.harness import (
    Publisher,
    Service,
    TopicReader,
    make_settings,
    running,
)


@pytest.fixture
def testing_settings(database_url: str, kafka_bootstrap: str, topic_prefix: str) -> TestingSettings:
    return make_settings(
        database_url=database_url, kafka_bootstrap=kafka_bootstrap, topic_prefix=topic_prefix
    )


@pytest.fixture
async def service(testing_settings: TestingSettings) -> AsyncIterator[Service]:
    async with running(testing_settings) as started:
        yield started


@pytest.fixture
def publish(kafka_bootstrap: str, topic_prefix: str) -> Publisher:
    return Publisher(bootstrap=kafka_bootstrap, topic_prefix=topic_prefix)


@pytest.fixture
def attempts_topic(kafka_bootstrap: str, topic_prefix: str) -> TopicReader:
    return TopicReader(
        bootstrap=kafka_bootstrap, topic=TESTING_ATTEMPTS.qualified_name(topic_prefix)
    )


@pytest.fixture
def item_responses_topic(kafka_bootstrap: str, topic_prefix: str) -> TopicReader:
    """The restricted topic of per-item results and exposure-cap alerts."""
    return TopicReader(
        bootstrap=kafka_bootstrap, topic=TESTING_ITEM_RESPONSES.qualified_name(topic_prefix)
    )
