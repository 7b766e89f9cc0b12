"""Dead-letter topics created at start-up keep their records 30 days unless configured."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from jobpeak_runtime.kafka_topics import platform_topics
from jobpeak_runtime.settings import ServiceSettings

pytestmark = pytest.mark.unit

THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000


def test_dead_letters_are_kept_thirty_days_by_default() -> None:
    topics = platform_topics("p.")
    dead_letters = {name: configs for name, configs in topics.items() if name.endswith(".dlq")}
    assert dead_letters
    assert {configs["retention.ms"] for configs in dead_letters.values()} == {str(THIRTY_DAYS_MS)}
    assert topics["p.catalog.specialties.v1"] == {"cleanup.policy": "compact"}


def test_dead_letter_retention_is_a_setting(
    make_settings: Callable[..., ServiceSettings],
) -> None:
    settings = make_settings(kafka_dlq_retention_ms=-1)
    topics = platform_topics("", dlq_retention_ms=settings.kafka_dlq_retention_ms)
    assert topics["testing.attempts.v1.dlq"] == {"retention.ms": "-1"}
    assert make_settings().kafka_dlq_retention_ms == THIRTY_DAYS_MS
