"""The tap against the real broker: public topics in, restricted ones never read, positions kept
with the data so every store is complete and no two taps split the stream."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from aiokafka import AIOKafkaProducer
from jobpeak_contracts.envelope import encode
from jobpeak_contracts.examples import example_events
from jobpeak_contracts.topics import Visibility
from jobpeak_tap.consume import SYNTHETIC_HEADER, TapOptions, tap
from jobpeak_tap.parquet import export_parquet
from jobpeak_tap.store import TapStore
from jobpeak_tap.topics import public_topics, topics_to_read

pytestmark = pytest.mark.integration


async def _publish_every_example(bootstrap: str, prefix: str, *, synthetic: bool = False) -> int:
    """Publish one of every event, restricted ones included; return how many were public."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    public = 0
    marks = [(SYNTHETIC_HEADER, b"true")] if synthetic else []
    try:
        for event in example_events():
            record = encode(event)
            await producer.send_and_wait(
                f"{prefix}{record.topic}",
                record.value,
                key=record.key,
                headers=[*record.headers, *marks],
            )
            public += event.topic.visibility is Visibility.PUBLIC
    finally:
        await producer.stop()
    return public


def _options(bootstrap: str, prefix: str) -> TapOptions:
    return TapOptions(
        bootstrap=bootstrap, topics=public_topics(), topic_prefix=prefix, idle_seconds=3
    )


async def test_every_store_is_complete_and_a_rerun_continues_where_it_stopped(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    public_count = await _publish_every_example(kafka_bootstrap, topic_prefix)
    options = _options(kafka_bootstrap, topic_prefix)
    first_store, second_store = TapStore(tmp_path / "a.duckdb"), TapStore(tmp_path / "b.duckdb")
    try:
        first = await tap(options, first_store)
        second = await tap(options, second_store)  # a second tap at the same time gets it all
        rerun = await tap(options, first_store)
        more = await _publish_every_example(kafka_bootstrap, topic_prefix)
        after_more = await tap(options, first_store)
        kept = list(first_store.events())
        files = export_parquet(first_store.connection, tmp_path / "parquet")
    finally:
        first_store.close()
        second_store.close()

    assert (first.stored, first.undecodable) == (public_count, 0)
    assert second.stored == public_count
    assert (rerun.stored, rerun.duplicates) == (0, 0)  # nothing re-read: positions were kept
    assert (after_more.stored, after_more.duplicates) == (more, 0)
    assert {stored.event.topic.visibility for stored in kept} == {Visibility.PUBLIC}
    assert not any(stored.event.event_name == "QuestionPublished" for stored in kept)
    passed = next(path for path in files if path.name == "TestPassed.v1.parquet")
    with duckdb.connect() as reader:
        counts = [reader.execute(f"SELECT count(*) FROM '{path}'").fetchall() for path in files]
        described = {
            row[0]: row[1]
            for row in reader.execute(f"DESCRIBE SELECT * FROM '{passed}'").fetchall()
        }
    assert sum(rows[0][0] for rows in counts) == 2 * public_count
    assert described["kafka_partition"] == "INTEGER"
    assert described["kafka_offset"] == "BIGINT"
    assert "traceparent" in described
    assert described["attempt_number"] == "BIGINT"
    assert described["graded_at"] == "TIMESTAMP WITH TIME ZONE"


async def test_synthetic_traffic_is_kept_but_left_out_of_reports_by_default(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    public_count = await _publish_every_example(kafka_bootstrap, topic_prefix, synthetic=True)
    store = TapStore(tmp_path / "tap.duckdb")
    try:
        await tap(_options(kafka_bootstrap, topic_prefix), store)
        assert store.count() == public_count
        assert list(store.events()) == []
        assert len(list(store.events(include_synthetic=True))) == public_count
    finally:
        store.close()


async def test_item_statistics_read_the_restricted_item_results_and_nothing_else_restricted(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    public_count = await _publish_every_example(kafka_bootstrap, topic_prefix)
    options = TapOptions(
        bootstrap=kafka_bootstrap,
        topics=topics_to_read(item_statistics=True),
        topic_prefix=topic_prefix,
        idle_seconds=3,
    )
    store = TapStore(tmp_path / "items.duckdb")
    try:
        await tap(options, store)
        kept = list(store.events())
    finally:
        store.close()

    restricted = sorted(
        stored.event.ce_type()
        for stored in kept
        if stored.event.topic.visibility is Visibility.RESTRICTED
    )
    assert restricted == [
        "jobpeak.testing.ItemExposureCapReached.v1",
        "jobpeak.testing.ItemResponsesRecorded.v2",
    ]
    assert len(kept) == public_count + 2
