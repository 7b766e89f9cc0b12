"""B2's baseline: a bare aiokafka produce → consume round trip on the same broker, chained.

A generator produces to ``hop1`` at the offered rate; a consumer of ``hop1`` produces each record
on to ``hop2``, one of ``hop2`` on to ``hop3``; an observer reading all three notes when each
record arrives. Latency of hop *n* = arrival on ``hop<n>`` minus the generator's send, the same
clock as the platform's measurement. No database, no outbox: the floor the platform's
commit → relay → consume → commit chain is compared with.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
import uuid
from collections import defaultdict

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from jobpeak_runtime.testing import ConditionTimeout, wait_until

HOPS = 3
PAYLOAD_PADDING = b"x" * 900
"""About the size of a TestPassed envelope."""


async def _tail(bootstrap: str, *topics: str) -> AIOKafkaConsumer:
    """A consumer of ``topics`` (partition 0 each, no group) positioned at their end."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False
    )
    await consumer.start()
    partitions = [TopicPartition(topic, 0) for topic in topics]
    consumer.assign(partitions)
    await consumer.seek_to_end(*partitions)
    for partition in partitions:
        await consumer.position(partition)
    return consumer


async def _forward(consumer: AIOKafkaConsumer, producer: AIOKafkaProducer, to_topic: str) -> None:
    while True:
        batches = await consumer.getmany(timeout_ms=500)
        for records in batches.values():
            for record in records:
                await producer.send(to_topic, record.value, key=record.key)


async def _observe(
    consumer: AIOKafkaConsumer, arrived: dict[bytes, dict[int, float]], hop_of: dict[str, int]
) -> None:
    while True:
        batches = await consumer.getmany(timeout_ms=500)
        now = time.time()
        for records in batches.values():
            for record in records:
                assert record.key is not None
                arrived[record.key][hop_of[record.topic]] = now


async def round_trips(
    *, bootstrap: str, rate: float, seconds: float, settle_seconds: float = 10
) -> dict[int, list[float]]:
    """Per hop, the latencies (ms) of ``rate * seconds`` records sent at ``rate`` per second."""
    run = uuid.uuid4().hex[:8]
    topics = [f"bench_b2_{run}_hop{hop}" for hop in range(1, HOPS + 1)]
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    tasks: list[asyncio.Task[None]] = []
    consumers: list[AIOKafkaConsumer] = []
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    try:
        await admin.create_topics(
            [NewTopic(t, num_partitions=1, replication_factor=1) for t in topics]
        )
        await producer.start()
        arrived: dict[bytes, dict[int, float]] = defaultdict(dict)
        observer = await _tail(bootstrap, *topics)
        consumers.append(observer)
        hop_of = {topic: index + 1 for index, topic in enumerate(topics)}
        tasks.append(asyncio.create_task(_observe(observer, arrived, hop_of)))
        for source, target in itertools.pairwise(topics):
            forwarder = await _tail(bootstrap, source)
            consumers.append(forwarder)
            tasks.append(asyncio.create_task(_forward(forwarder, producer, target)))
        sent: dict[bytes, float] = {}
        count = int(rate * seconds)
        started = time.monotonic()
        for index in range(count):
            await asyncio.sleep(max(0.0, started + index / rate - time.monotonic()))
            key = f"{index}".encode()
            sent[key] = time.time()
            await producer.send(topics[0], key + PAYLOAD_PADDING, key=key)
        with contextlib.suppress(ConditionTimeout):  # a lost record shows as a missing sample
            await wait_until(
                lambda: all(len(arrived[k]) == HOPS for k in sent),
                within=settle_seconds,
                interval=0.1,
            )
        return {
            hop: [(arrived[k][hop] - at) * 1000 for k, at in sent.items() if hop in arrived[k]]
            for hop in range(1, HOPS + 1)
        }
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for consumer in consumers:
            await consumer.stop()
        await producer.stop()
        with contextlib.suppress(Exception):
            await admin.delete_topics(topics)
        await admin.close()
