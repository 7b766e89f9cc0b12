"""Fixtures shared by the runtime's tests: settings for a test service and a test event."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from jobpeak_contracts.events.matching import WorkClosed
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_runtime.testing import sequenced_event

TEST_JWT_SECRET = "k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ"


class RuntimeTestSettings(ServiceSettings):
    service_name: str = "runtime-test"


WorkClosedFactory = Callable[[uuid.UUID, int], WorkClosed]
SettingsFactory = Callable[..., ServiceSettings]


@pytest.fixture
def work_closed() -> WorkClosedFactory:
    """A test event keyed by ``work_id`` carrying a sequence number in ``seats_filled``."""

    def make(work_id: uuid.UUID, sequence: int) -> WorkClosed:
        return sequenced_event(key=work_id, sequence=sequence)

    return make


@pytest.fixture
def make_settings() -> SettingsFactory:
    def make(**overrides: Any) -> ServiceSettings:
        values: dict[str, Any] = {
            "environment": "test",
            "database_url": "postgresql+asyncpg://postgres@127.0.0.1:15432/unused",
            "jwt_secret": TEST_JWT_SECRET,
            "consumer_retry_backoff_seconds": 0.01,
            "consumer_max_attempts": 3,
            "consumer_commit_interval_seconds": 0.2,
            "outbox_poll_interval_seconds": 0.5,
        }
        values.update(overrides)
        return RuntimeTestSettings(**values)

    return make


@pytest.fixture
def service_settings(
    make_settings: SettingsFactory, database_url: str, kafka_bootstrap: str, topic_prefix: str
) -> ServiceSettings:
    """Settings of a test service on this test's own database and topic prefix."""
    return make_settings(
        database_url=database_url, kafka_bootstrap=kafka_bootstrap, topic_prefix=topic_prefix
    )
