from __future__ import annotations

import pytest
from jobpeak_runtime.metrics import RuntimeMetrics

pytestmark = pytest.mark.unit


async def test_scrape_reports_lag_and_backlog() -> None:
    metrics = RuntimeMetrics()

    async def backlog() -> int:
        return 7

    metrics.set_backlog_source(backlog)
    metrics.add_lag_source(lambda: {("t.matching.work.v1", 2): 41})
    metrics.dead_letters.labels(topic="t.matching.work.v1").inc()
    text = (await metrics.render()).decode()
    assert "jobpeak_outbox_backlog 7.0" in text
    assert 'jobpeak_consumer_lag{partition="2",topic="t.matching.work.v1"} 41.0' in text
    assert 'jobpeak_dead_letters_total{topic="t.matching.work.v1"} 1.0' in text


async def test_scrape_survives_an_unreachable_database() -> None:
    metrics = RuntimeMetrics()
    answers = iter([3])

    async def backlog() -> int:
        try:
            return next(answers)
        except StopIteration:
            raise ConnectionRefusedError("database down") from None

    metrics.set_backlog_source(backlog)
    await metrics.render()
    text = (await metrics.render()).decode()
    assert "jobpeak_outbox_backlog 3.0" in text  # the last known value


def test_handling_times_are_counted_per_topic_and_outcome() -> None:
    metrics = RuntimeMetrics()
    metrics.observe_handling(topic="t", outcome="handled", seconds=0.002)
    metrics.observe_handling(topic="t", outcome="handled", seconds=0.004)
    metrics.observe_handling(topic="t", outcome="duplicate", seconds=0.001)

    def count(outcome: str) -> float | None:
        return metrics.registry.get_sample_value(
            "jobpeak_handler_seconds_count", {"topic": "t", "outcome": outcome}
        )

    assert count("handled") == 2
    assert count("duplicate") == 1
    assert metrics.registry.get_sample_value(
        "jobpeak_handler_seconds_sum", {"topic": "t", "outcome": "handled"}
    ) == pytest.approx(0.006)
