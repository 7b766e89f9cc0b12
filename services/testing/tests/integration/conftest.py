"""Fixtures of the integration journeys; the machinery is in ``harness``."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiokafka import AIOKafkaProducer
from jobpeak_contracts.topics import TESTING_ATTEMPTS
from jobpeak_testing.settings import TestingSettings

from services.testing.tests.integration.harness import (
    Publisher,
    Service,
    TopicReader,
    make_settings,
    read_topic,
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
async def publish(kafka_bootstrap: str, topic_prefix: str) -> AsyncIterator[Publisher]:
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        yield Publisher(producer=producer, topic_prefix=topic_prefix)
    finally:
        await producer.stop()


@pytest.fixture
async def attempts_topic(kafka_bootstrap: str, topic_prefix: str) -> AsyncIterator[TopicReader]:
    async with read_topic(kafka_bootstrap, TESTING_ATTEMPTS.qualified_name(topic_prefix)) as reader:
        yield reader
