"""Read the public topics with a group-less Kafka consumer and keep every event in the store.

The tap assigns itself every partition of the topics it reads and seeks to the positions its
store recorded (or to the start, or with ``--live`` to the end, for partitions it has never
read). No consumer group is joined, so no rebalance can interrupt it and two taps never split the
data; each batch of events is stored in one transaction with the positions that follow it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from jobpeak_contracts.attributes import HEADER_SYNTHETIC
from jobpeak_contracts.envelope import ContractError, decode
from jobpeak_contracts.topics import Topic

from jobpeak_tap.store import ReadRecord, TapStore

log = structlog.get_logger("jobpeak_tap")

SYNTHETIC_HEADER = HEADER_SYNTHETIC
"""CloudEvents extension attribute ``jobpeaksynthetic`` in Kafka binary mode: traffic made by the
demo, the tests or a load tool, which the reports leave out unless asked."""


@dataclass(frozen=True)
class TapOptions:
    bootstrap: str
    topics: Sequence[Topic]
    topic_prefix: str = ""
    from_beginning: bool = True
    idle_seconds: float | None = 5.0
    """Stop after this long without a new record; ``None`` follows the stream until stopped."""


@dataclass(frozen=True)
class TapResult:
    stored: int
    duplicates: int
    undecodable: int


def _header(headers: Sequence[tuple[str, bytes]], name: str) -> str | None:
    for key, value in headers:
        if key == name:
            return value.decode("utf-8", errors="replace")
    return None


async def topic_partitions(bootstrap: str, names: list[str]) -> list[TopicPartition]:
    """Every partition of the topics ``names`` that exist (a missing topic has none yet)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics(names)
    finally:
        await admin.close()
    return sorted(
        TopicPartition(topic["topic"], partition["partition"])
        for topic in described
        if not topic.get("error_code")
        for partition in topic["partitions"]
    )


async def _assign(
    consumer: AIOKafkaConsumer, partitions: list[TopicPartition], store: TapStore, *, start: bool
) -> None:
    consumer.assign(partitions)
    known = store.positions()
    fresh = []
    for partition in partitions:
        position = known.get((partition.topic, partition.partition))
        if position is None:
            fresh.append(partition)
        else:
            consumer.seek(partition, position)
    if fresh:
        await (consumer.seek_to_beginning if start else consumer.seek_to_end)(*fresh)


async def tap(options: TapOptions, store: TapStore) -> TapResult:
    names = [f"{options.topic_prefix}{topic.name}" for topic in options.topics]
    consumer = AIOKafkaConsumer(
        bootstrap_servers=options.bootstrap, group_id=None, enable_auto_commit=False
    )
    stored = duplicates = undecodable = 0
    await consumer.start()
    try:
        partitions = await topic_partitions(options.bootstrap, names)
        await _assign(consumer, partitions, store, start=options.from_beginning)
        last_record = time.monotonic()
        while options.idle_seconds is None or time.monotonic() - last_record < options.idle_seconds:
            batches = await consumer.getmany(timeout_ms=500)
            kept: list[ReadRecord] = []
            positions: dict[tuple[str, int], int] = {}
            for partition, records in batches.items():
                for record in records:
                    last_record = time.monotonic()
                    positions[(partition.topic, partition.partition)] = record.offset + 1
                    headers = list(record.headers)
                    try:
                        decoded = decode(
                            topic=record.topic, headers=headers, value=record.value or b""
                        )
                    except ContractError as error:
                        undecodable += 1
                        log.warning("tap.undecodable", topic=record.topic, error=str(error))
                        continue
                    kept.append(
                        ReadRecord(
                            topic=record.topic.removeprefix(options.topic_prefix),
                            partition=record.partition,
                            offset=record.offset,
                            key=(record.key or b"").decode(),
                            decoded=decoded,
                            payload=record.value or b"",
                            traceparent=_header(headers, "traceparent"),
                            synthetic=_header(headers, SYNTHETIC_HEADER) == "true",
                        )
                    )
            if positions:
                added = store.keep(kept, positions)
                stored += added
                duplicates += len(kept) - added
    finally:
        await consumer.stop()
    return TapResult(stored=stored, duplicates=duplicates, undecodable=undecodable)
