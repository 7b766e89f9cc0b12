"""Publishing events as their producers would, and reading a topic to its end."""

from __future__ import annotations

from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from jobpeak_contracts.envelope import DecodedEvent, Event, decode, encode


async def publish(bootstrap: str, prefix: str, *events: Event) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for event in events:
            record = encode(event, topic_prefix=prefix)
            await producer.send_and_wait(
                record.topic, record.value, key=record.key, headers=list(record.headers)
            )
    finally:
        await producer.stop()


@dataclass(frozen=True)
class ReadRecord:
    key: bytes | None
    decoded: DecodedEvent


async def read_topic(bootstrap: str, topic: str) -> list[ReadRecord]:
    """Every record on ``topic`` up to its current end, decoded (the topic must exist)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(await _partitions(bootstrap, topic))]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[ReadRecord] = []
        while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            batches = await consumer.getmany(*partitions, timeout_ms=500)
            for batch in batches.values():
                for message in batch:
                    decoded = decode(
                        topic=message.topic,
                        headers=list(message.headers or ()),
                        value=message.value or b"",
                    )
                    records.append(ReadRecord(key=message.key, decoded=decoded))
        return records
    finally:
        await consumer.stop()


async def _partitions(bootstrap: str, topic: str) -> set[int]:
    """The topic's partitions (the producer's ``partitions_for`` fetches metadata on demand)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        known: set[int] = await producer.partitions_for(topic)
    finally:
        await producer.stop()
    if not known:
        raise LookupError(f"topic {topic} does not exist")
    return known
