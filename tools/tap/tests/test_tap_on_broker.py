"""The tap against the real broker: public topics in, restricted ones never read."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from aiokafka import AIOKafkaProducer
from jobpeak_contracts.envelope import encode
from jobpeak_contracts.examples import example_events
from jobpeak_contracts.topics import Visibility
from jobpeak_tap.consume import TapOptions, tap
from jobpeak_tap.store import TapStore
from jobpeak_tap.topics import public_topics

pytestmark = pytest.mark.integration


async def _publish_every_example(bootstrap: str, prefix: str) -> int:
    """Publish one of every event, restricted ones included; return how many were public."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    public = 0
    try:
        for event in example_events():
            record = encode(event)
            await producer.send_and_wait(
                f"{prefix}{record.topic}", record.value, key=record.key, headers=record.headers
            )
            public += event.topic.visibility is Visibility.PUBLIC
    finally:
        await producer.stop()
    return public


async def test_tap_keeps_public_events_once_and_never_reads_the_bank(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    public_count = await _publish_every_example(kafka_bootstrap, topic_prefix)
    store = TapStore(tmp_path / "tap.duckdb")
    options = TapOptions(
        bootstrap=kafka_bootstrap,
        topics=public_topics(),
        group_id=f"{topic_prefix}tap",
        topic_prefix=topic_prefix,
        idle_seconds=3,
    )
    try:
        first = await tap(options, store)
        again = await tap(
            TapOptions(**{**options.__dict__, "group_id": f"{topic_prefix}tap-2"}), store
        )
        kept = list(store.events())
        parquet = store.export_parquet(tmp_path / "parquet")
    finally:
        store.close()

    assert (first.stored, first.undecodable) == (public_count, 0)
    assert (again.stored, again.duplicates) == (0, public_count)
    assert {stored.event.topic.visibility for stored in kept} == {Visibility.PUBLIC}
    assert not any(stored.event.event_name == "QuestionPublished" for stored in kept)
    with duckdb.connect() as reader:
        rows = reader.execute(f"SELECT count(*) FROM '{parquet}'").fetchall()
    assert rows == [(public_count,)]
