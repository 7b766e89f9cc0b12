"""Kafka consumption through FastStream, with the offset committed only after the effect.

One FastStream subscriber per service reads every topic its handlers need, in the service's
consumer group, with ``AckPolicy.MANUAL``: FastStream never commits on its own (its default,
``ACK_FIRST``, would commit before handling — at most once). Each fetched batch goes through
:class:`~jobpeak_runtime.inbox.InboxProcessor`; once the records' fate is committed in the
database their offsets are marked processed, and :class:`OffsetCommitter` commits marked offsets
to Kafka every ``consumer_commit_interval_seconds``, when partitions are revoked and at shutdown.
Committing in the background instead of once per record spares a broker round trip per event; a
record processed but not yet committed when the process dies is redelivered and skipped by the
inbox.
"""

import asyncio
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import KafkaError
from faststream.kafka import KafkaBroker
from faststream.kafka import Topic as FastStreamTopic
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage
from faststream.middlewares import AckPolicy

from jobpeak_runtime.consumed import ConsumedRecord
from jobpeak_runtime.faststream_adapter import consumer_records, kafka_consumer, parse_leniently
from jobpeak_runtime.inbox import InboxProcessor
from jobpeak_runtime.logging import get_logger

_log = get_logger(__name__)

IDLE_POLL_MS = 20
"""How long a poll waits for records, and how long FastStream's batch subscriber then sleeps when
none came: a record that lands during that sleep waits for it. At 100 ms this was up to 100 ms
on every hop of an idle-ish consumer (issue 19, B2: matching's fetch → handle p99 55-89 ms at
20 events/s); records already fetched are handed over at once whatever it is."""


class OffsetCommitter:
    """Tracks processed offsets per partition and commits them to the consumer group."""

    def __init__(self) -> None:
        self.consumer: AIOKafkaConsumer | None = None
        self._processed: dict[TopicPartition, int] = {}
        self._committed: dict[TopicPartition, int] = {}
        self._lock = asyncio.Lock()

    def mark_processed(
        self, consumer: AIOKafkaConsumer, topic: str, partition: int, offset: int
    ) -> None:
        self.consumer = consumer
        self._processed[TopicPartition(topic, partition)] = offset + 1

    async def commit(self, partitions: Iterable[TopicPartition] | None = None) -> None:
        """Commit processed offsets not yet committed (of ``partitions``, or all)."""
        consumer = self.consumer
        if consumer is None:
            return
        async with self._lock:
            wanted = set(partitions) if partitions is not None else None
            assigned = consumer.assignment()
            offsets = {
                tp: offset
                for tp, offset in self._processed.items()
                if self._committed.get(tp) != offset
                and tp in assigned
                and (wanted is None or tp in wanted)
            }
            if not offsets:
                return
            try:
                await consumer.commit(offsets)
            except KafkaError as error:
                # The group rebalanced under us: the new owner resumes from the last commit and
                # the inbox absorbs the redelivery.
                _log.warning("offset commit failed", error=repr(error))
                return
            self._committed.update(offsets)

    def forget(self, partitions: Iterable[TopicPartition]) -> None:
        for tp in partitions:
            self._processed.pop(tp, None)
            self._committed.pop(tp, None)

    def lag(self) -> dict[tuple[str, int], int]:
        """Records on the broker past the last processed one, per assigned partition."""
        consumer = self.consumer
        if consumer is None:
            return {}
        lag: dict[tuple[str, int], int] = {}
        for tp in consumer.assignment():
            highwater = consumer.highwater(tp)
            position = self._processed.get(tp)
            if highwater is not None and position is not None:
                lag[(tp.topic, tp.partition)] = max(highwater - position, 0)
        return lag

    async def run_periodically(self, interval_seconds: float) -> None:
        while True:
            await asyncio.sleep(interval_seconds)
            await self.commit()


class _CommitOnRevoke(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, committer: OffsetCommitter) -> None:
        self._committer = committer

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        await self._committer.commit(revoked)
        self._committer.forget(revoked)

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        return None


async def _undecoded(message: StreamMessage[Any]) -> Any:
    """No body decoding by FastStream (it would parse JSON and drop what is not JSON): the
    contracts package decodes, and reports what is wrong."""
    return message.body


def subscribe(
    *,
    broker: KafkaBroker,
    topics: list[str],
    group_id: str,
    processor: InboxProcessor,
    committer: OffsetCommitter,
    batch_size: int,
    instance_id: str | None = None,
) -> None:
    """Register the one subscriber of a service: ``topics`` (prefixed) into ``processor``.

    Records arrive in batches of up to ``batch_size`` (whatever the broker has, without
    waiting for more), which lets the inbox handle them in one transaction.
    """
    subscriber = broker.subscriber(
        *(FastStreamTopic(name, declare=False) for name in topics),
        group_id=group_id,
        group_instance_id=instance_id,
        ack_policy=AckPolicy.MANUAL,
        auto_offset_reset="earliest",
        batch=True,
        max_records=batch_size,
        batch_timeout_ms=IDLE_POLL_MS,
        listener=_CommitOnRevoke(committer),
        parser=parse_leniently,
        decoder=_undecoded,
        no_reply=True,
        include_in_schema=False,
    )

    async def consume(message: KafkaMessage) -> None:
        records = consumer_records(message)
        await processor.process_batch([ConsumedRecord.from_kafka(record) for record in records])
        consumer = kafka_consumer(message)
        for record in records:
            committer.mark_processed(consumer, record.topic, record.partition, record.offset)

    subscriber(consume)
