"""``jobpeak-tap item-stats`` on the broker: seeded certification responses on the restricted
topic in, figures equal to a direct computation out (in the report and, with ``--publish``, on
the public statistics topic), and nothing but ids, labels and numbers in either."""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from jobpeak_contracts.attributes import HEADER_SYNTHETIC
from jobpeak_contracts.envelope import decode, encode
from jobpeak_contracts.events import (
    CertificationItemResponse,
    FormStatisticsPublished,
    ItemResponsesRecordedV2,
    ItemStatisticsPublished,
)
from jobpeak_contracts.topics import ANALYTICS_ITEM_STATISTICS
from jobpeak_runtime.kafka_topics import ensure_topics
from jobpeak_tap.cli import main
from jobpeak_tap.itemstats_job import read_to_end

from tools.tap.tests.itemstats_data import (
    MISKEYED,
    assert_published_figures_match,
    direct_statistics,
    seeded_responses,
)

pytestmark = pytest.mark.integration

QUESTIONS = [f"cod-cert-{index:03d}" for index in range(8)]
ATTEMPTS = 40


def _attempt(draw: random.Random, *, bank_version: int) -> ItemResponsesRecordedV2:
    return ItemResponsesRecordedV2(
        attempt_id=uuid.uuid4(),
        candidate_id=str(uuid.UUID(int=draw.getrandbits(128))),
        specialty_slug="coding",
        blueprint_version=1,
        bank_version=bank_version,
        responses=tuple(
            CertificationItemResponse(question_id=q, correct=draw.random() < 0.3 + 0.08 * i)
            for i, q in enumerate(QUESTIONS)
        ),
        recorded_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )


async def _publish(
    bootstrap: str, prefix: str, events: list[ItemResponsesRecordedV2], *, synthetic: bool
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    marks = [(HEADER_SYNTHETIC, b"true")] if synthetic else []
    try:
        for event in events:
            record = encode(event, topic_prefix=prefix)
            await producer.send_and_wait(
                record.topic, record.value, key=record.key, headers=[*record.headers, *marks]
            )
    finally:
        await producer.stop()


def test_item_stats_reads_the_topic_and_writes_the_figures(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    draw = random.Random(7)
    real = [_attempt(draw, bank_version=2) for _ in range(ATTEMPTS)]
    demo = [_attempt(draw, bank_version=2) for _ in range(5)]
    asyncio.run(_publish(kafka_bootstrap, topic_prefix, real, synthetic=False))
    asyncio.run(_publish(kafka_bootstrap, topic_prefix, demo, synthetic=True))

    out = tmp_path / "item-statistics.json"
    command = ["item-stats", "--bootstrap", kafka_bootstrap, "--topic-prefix", topic_prefix]
    charts = tmp_path / "charts"
    assert main([*command, "--out", str(out), "--charts", str(charts)]) == 0
    report = json.loads(out.read_text())
    assert sorted(path.name for path in charts.iterdir()) == [
        "difficulty.png",
        "forms.png",
        "items.png",
    ]

    [form] = report["forms"]
    assert (form["form"], form["attempts"], form["items_per_attempt"]) == ("coding/bank-v2", 40, 8)
    totals = [sum(item.correct for item in event.responses) for event in real]
    assert form["mean_score"] == pytest.approx(statistics.fmean(totals))
    items = {item["question_id"]: item for item in report["items"]}
    assert sorted(items) == QUESTIONS
    for index, question_id in enumerate(QUESTIONS):
        right = sum(event.responses[index].correct for event in real)
        assert items[question_id]["n"] == ATTEMPTS
        assert items[question_id]["p_value"] == pytest.approx(right / ATTEMPTS)
        assert items[question_id]["suppressed"] is False

    assert main([*command, "--out", str(out), "--min-n", "41"]) == 0
    assert {item["suppressed"] for item in json.loads(out.read_text())["items"]} == {True}
    for word in ("stem", "option", "answer", "key", "explanation", "candidate"):
        assert word not in out.read_text()


def _statistics_on_the_topic(bootstrap: str, prefix: str) -> tuple[int, dict[str, dict[str, Any]]]:
    """(records on the public statistics topic, the latest payload per key)."""
    topic = ANALYTICS_ITEM_STATISTICS.qualified_name(prefix)
    records = asyncio.run(read_to_end(bootstrap=bootstrap, topic=topic))
    latest = {}
    for record_topic, headers, value in records:
        event = decode(topic=record_topic, headers=headers, value=value).event
        assert isinstance(event, ItemStatisticsPublished | FormStatisticsPublished)
        latest[event.statistics_id] = json.loads(value)
    return len(records), latest


def test_publish_puts_the_figures_on_the_public_topic_once(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    responses = seeded_responses()
    topic = ANALYTICS_ITEM_STATISTICS.qualified_name(topic_prefix)
    asyncio.run(
        ensure_topics(
            bootstrap=kafka_bootstrap,
            topics={topic: {"cleanup.policy": "compact"}},
            partitions=3,
            replication_factor=1,
        )
    )
    asyncio.run(_publish(kafka_bootstrap, topic_prefix, responses, synthetic=False))
    command = ["item-stats", "--bootstrap", kafka_bootstrap, "--topic-prefix", topic_prefix]
    command += ["--out", str(tmp_path / "report.json"), "--publish"]

    assert main(command) == 0
    output = capsys.readouterr().out
    count, latest = _statistics_on_the_topic(kafka_bootstrap, topic_prefix)
    expected = direct_statistics(responses)
    assert count == len(expected)
    assert f"published {len(expected)} statistics event(s)" in output
    assert f"flagged for review: coding/bank-v1 {MISKEYED}: negative_discrimination" in output
    assert_published_figures_match(latest, expected)

    assert main(command) == 0
    assert "published 0 statistics event(s)" in capsys.readouterr().out
    assert _statistics_on_the_topic(kafka_bootstrap, topic_prefix) == (count, latest)

    # an analyst taps the public topic only, and the report charts what was published
    db, out = ["--db", str(tmp_path / "analyst.duckdb")], tmp_path / "report"
    tap = ["consume", "--bootstrap", kafka_bootstrap, "--topic-prefix", topic_prefix]
    tap += ["--topic", ANALYTICS_ITEM_STATISTICS.name, "--idle-seconds", "2"]
    assert main([*db, *tap]) == 0
    assert main([*db, "report", "--out", str(out)]) == 0
    charts = sorted(path.name for path in (out / "item-statistics").iterdir())
    assert charts == ["difficulty.png", "forms.png", "items.png"]
    page = (out / "index.html").read_text()
    assert f"<td>coding/bank-v1</td><td>{MISKEYED}</td>" in page
