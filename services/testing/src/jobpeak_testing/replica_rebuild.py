"""Rebuilding the catalog replicas from the compacted topics at start-up.

The service's consumer group resumes from its committed offsets, which is right for an existing
database but leaves a fresh one (a restored backup, a new environment reusing the group) without
the specialties and questions published long ago. So before serving, the service reads both
compacted catalog topics from the beginning up to their current end, without a consumer group,
and hands every record to the same inbox processor the subscriber uses. Records this database
has already processed are skipped by the inbox; replayed older versions change nothing because
the replicas keep the newest revision / bank version. Compaction keeps these topics at about one
record per specialty and per question, so the read is short.
"""

from __future__ import annotations

import asyncio
import time

from aiokafka import AIOKafkaConsumer, TopicPartition
from jobpeak_contracts.topics import CATALOG_QUESTION_BANK, CATALOG_SPECIALTIES
from jobpeak_runtime.inbox import ConsumedRecord, InboxProcessor
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.records import KafkaRecord, normalise_headers
from jobpeak_runtime.service import ServiceRuntime

_log = get_logger(__name__)

REPLICATED_TOPICS = (CATALOG_SPECIALTIES, CATALOG_QUESTION_BANK)


async def rebuild_replicas(runtime: ServiceRuntime) -> None:
    """The ``on_startup`` hook: replay the compacted catalog topics through the inbox."""
    settings = runtime.settings
    replayed = await replay_from_beginning(
        bootstrap=settings.kafka_bootstrap,
        topics=[settings.topic_name(topic) for topic in REPLICATED_TOPICS],
        client_id=f"{settings.service_name}-replica-rebuild",
        processor=runtime.processor,
    )
    _log.info("catalog replicas rebuilt", records=replayed)


async def replay_from_beginning(
    *, bootstrap: str, topics: list[str], client_id: str, processor: InboxProcessor
) -> int:
    """Process every record of ``topics`` up to their end at call time; how many there were."""
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        client_id=client_id,
        group_id=None,  # no group: every partition is assigned to this consumer
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        partitions = await _assigned(consumer, topics)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        processed = 0
        while await _behind(consumer, ends):
            batches = await consumer.getmany(timeout_ms=500)
            for messages in batches.values():
                for message in messages:
                    if message.offset >= ends[TopicPartition(message.topic, message.partition)]:
                        continue
                    await processor.process(
                        ConsumedRecord(
                            record=KafkaRecord(
                                topic=message.topic,
                                key=message.key,
                                headers=normalise_headers(message.headers or ()),
                                value=message.value,
                            ),
                            partition=message.partition,
                            offset=message.offset,
                        )
                    )
                    processed += 1
        return processed
    finally:
        await consumer.stop()


async def _assigned(
    consumer: AIOKafkaConsumer, topics: list[str], *, within_seconds: float = 30.0
) -> list[TopicPartition]:
    """The partitions of ``topics``, once the consumer's metadata has assigned them all."""
    deadline = time.monotonic() + within_seconds
    while True:
        assigned = consumer.assignment()
        if {partition.topic for partition in assigned} >= set(topics):
            return sorted(assigned)
        if time.monotonic() >= deadline:
            raise TimeoutError(f"no partitions of {topics} assigned within {within_seconds} s")
        await asyncio.sleep(0.05)


async def _behind(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    for partition, end in ends.items():
        if await consumer.position(partition) < end:
            return True
    return False
