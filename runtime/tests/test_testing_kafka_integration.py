"""The test helpers that publish to and read back from Kafka, on the real broker."""

from __future__ import annotations

import uuid

import pytest
from jobpeak_contracts.events.matching import WorkClosed
from jobpeak_contracts.topics import MATCHING_WORK
from jobpeak_runtime.kafka_topics import ensure_topics, platform_topics
from jobpeak_runtime.testing import (
    produce_events,
    produce_records,
    read_events,
    sequenced_event,
    wait_for_events,
)

pytestmark = pytest.mark.integration


@pytest.fixture
async def work_topic(kafka_bootstrap: str, topic_prefix: str) -> str:
    """The test's prefixed ``matching.work.v1``, created with three partitions."""
    await ensure_topics(
        bootstrap=kafka_bootstrap,
        topics=platform_topics(topic_prefix),
        partitions=3,
        replication_factor=1,
    )
    return MATCHING_WORK.qualified_name(topic_prefix)


async def test_published_events_are_read_back_decoded_and_a_resent_record_twice(
    kafka_bootstrap: str, topic_prefix: str, work_topic: str
) -> None:
    key = uuid.uuid4()

    sent = await produce_events(
        bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        events=[sequenced_event(key=key, sequence=n) for n in range(3)],
    )
    await produce_records(bootstrap=kafka_bootstrap, records=sent[:1])

    read = await read_events(bootstrap=kafka_bootstrap, topic=work_topic)
    assert [r.key for r in read] == [str(key)] * 4
    assert [r.decoded.envelope.id for r in read] == [
        uuid.UUID(dict(record.headers)["ce_id"].decode()) for record in [*sent, sent[0]]
    ]
    assert [r.value for r in read] == [record.value for record in [*sent, sent[0]]]
    assert all(isinstance(r.event, WorkClosed) for r in read)

    later = await wait_for_events(
        bootstrap=kafka_bootstrap,
        topic=work_topic,
        matching=lambda r: isinstance(r.event, WorkClosed) and r.event.seats_filled >= 1,
        count=2,
        within=10,
    )
    assert [r.event.seats_filled for r in later if isinstance(r.event, WorkClosed)] == [1, 2]


async def test_waiting_for_more_events_than_arrive_fails_at_its_deadline(
    kafka_bootstrap: str, topic_prefix: str, work_topic: str
) -> None:
    await produce_events(
        bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        events=[sequenced_event(key=uuid.uuid4(), sequence=0)],
    )

    with pytest.raises(AssertionError, match="2 matching record"):
        await wait_for_events(
            bootstrap=kafka_bootstrap,
            topic=work_topic,
            matching=lambda _record: True,
            count=2,
            within=1,
        )
