"""Creating the platform's topics (and their dead-letter topics) when they are missing."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, for_code
from jobpeak_contracts.topics import ALL_TOPICS, Topic, dead_letter_topic_name

from jobpeak_runtime.consumed import ConsumedRecord
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.provisioning.topology import DEFAULT_DLQ_RETENTION_MS

_log = get_logger(__name__)


def platform_topics(
    prefix: str, *, dlq_retention_ms: int = DEFAULT_DLQ_RETENTION_MS
) -> dict[str, dict[str, str]]:
    """Every contract topic and its dead-letter topic, prefixed, with their topic configs.

    Dead letters are kept ``dlq_retention_ms`` (30 days unless set; -1 forever), not the broker's
    default week: long enough for an operator to notice, fix and replay them.
    """
    wanted: dict[str, dict[str, str]] = {}
    for topic in ALL_TOPICS:
        wanted[topic.qualified_name(prefix)] = _configs(topic)
        wanted[dead_letter_topic_name(topic.qualified_name(prefix))] = {
            "retention.ms": str(dlq_retention_ms)
        }
    return wanted


def _configs(topic: Topic) -> dict[str, str]:
    return {"cleanup.policy": "compact"} if topic.compacted else {}


async def ensure_topics(
    *,
    bootstrap: str,
    topics: dict[str, dict[str, str]],
    partitions: int,
    replication_factor: int,
    client_id: str = "jobpeak-topics",
    options: Mapping[str, Any] | None = None,
) -> None:
    """Create each of ``topics`` (name → configs) that does not exist yet.

    Asks the controller to create them all and ignores "already exists": one round trip, where
    listing the topics first would fetch the metadata of the whole cluster.
    """
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id=client_id, **(options or {}))
    await admin.start()
    try:
        response = await admin.create_topics(
            [
                NewTopic(
                    name=name,
                    num_partitions=partitions,
                    replication_factor=replication_factor,
                    topic_configs=configs,
                )
                for name, configs in topics.items()
            ]
        )
        created = _created_or_raise(response.topic_errors)
        if created:
            _log.info("topics created", topics=created)
    finally:
        await admin.close()


async def partitions_of(
    *, bootstrap: str, topic: str, options: Mapping[str, Any] | None = None
) -> list[int]:
    """The partition numbers of ``topic``; empty if it does not exist."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="jobpeak-topics", **(options or {})
    )
    await admin.start()
    try:
        (description,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    if description["error_code"] != 0:
        return []
    return sorted(partition["partition"] for partition in description["partitions"])


async def read_topic(
    *, bootstrap: str, topic: str, options: Mapping[str, Any] | None = None
) -> list[ConsumedRecord]:
    """Every record currently on ``topic``, oldest first per partition (no consumer group).

    For operators' commands and tests: reads up to the end offsets seen when it starts.
    """
    partitions = await partitions_of(bootstrap=bootstrap, topic=topic, options=options)
    if not partitions:
        return []
    assigned = [TopicPartition(topic, p) for p in partitions]
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        client_id="jobpeak-reader",
        **(options or {}),
    )
    await consumer.start()
    try:
        consumer.assign(assigned)
        await consumer.seek_to_beginning(*assigned)
        ends = await consumer.end_offsets(assigned)
        read: list[ConsumedRecord] = []
        remaining = {tp for tp in assigned if ends[tp] > await consumer.position(tp)}
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000)
            for tp, records in batches.items():
                read.extend(
                    ConsumedRecord.from_kafka(raw) for raw in records if raw.offset < ends[tp]
                )
                if await consumer.position(tp) >= ends[tp]:
                    remaining.discard(tp)
        return read
    finally:
        await _stop_groupless(consumer)


async def _stop_groupless(consumer: AIOKafkaConsumer) -> None:
    """Stop a consumer without a group.

    aiokafka's group-less coordinator re-raises the cancellation of its own helper task when that
    task had not started yet; only a cancellation of the caller is allowed through.
    """
    try:
        await consumer.stop()
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise


def _created_or_raise(topic_errors: Iterable[tuple[object, ...]]) -> list[str]:
    """The topics created; raises for any failure other than "already exists"."""
    created: list[str] = []
    for name, code, *_ in topic_errors:
        if code == 0:
            created.append(str(name))
        elif code != TopicAlreadyExistsError.errno:
            raise for_code(int(str(code)))(f"cannot create topic {name}")
    return created
