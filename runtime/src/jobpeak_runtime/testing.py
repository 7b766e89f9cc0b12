"""Helpers for tests of services built on the runtime (no fixtures, no I/O of their own)."""

from __future__ import annotations

import asyncio
import inspect
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from jobpeak_contracts.envelope import DecodedEvent, EncodedRecord, Event, decode, encode
from jobpeak_contracts.events.matching import WorkClosed, WorkCloseReason

from jobpeak_runtime.consumed import ConsumedRecord
from jobpeak_runtime.kafka_topics import read_topic
from jobpeak_runtime.service import ServiceRuntime


class ConditionTimeout(AssertionError):
    """A waited-for condition did not hold before its deadline."""


async def wait_until(
    condition: Callable[[], bool | Awaitable[bool]],
    *,
    within: float = 30.0,
    interval: float = 0.05,
    message: str = "condition",
) -> None:
    """Poll ``condition`` (sync or async) until it is true; fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        outcome = condition()
        if inspect.isawaitable(outcome):
            outcome = await outcome
        if outcome:
            return
        if time.monotonic() >= deadline:
            raise ConditionTimeout(f"{message} did not hold within {within} s")
        await asyncio.sleep(interval)


async def wait_until_count(
    count: Callable[[], Awaitable[int]],
    target: int,
    *,
    stalled_after: float = 60.0,
    interval: float = 0.2,
    message: str = "count",
) -> None:
    """Wait until ``count()`` reaches ``target``; fail when it exceeds it, or when it has not
    grown for ``stalled_after`` seconds.

    For catch-up phases whose length depends on the machine's load (thousands of records after an
    outage): a stall, not a slow machine, is the failure.
    """
    best, last_growth = -1, time.monotonic()
    while True:
        value = await count()
        if value == target:
            return
        if value > target:
            raise ConditionTimeout(f"{message}: {value} exceeds the expected {target}")
        if value > best:
            best, last_growth = value, time.monotonic()
        elif time.monotonic() - last_growth >= stalled_after:
            raise ConditionTimeout(f"{message}: stuck at {value} of {target} for {stalled_after} s")
        await asyncio.sleep(interval)


async def wait_until_relayed(runtime: ServiceRuntime, *, within: float = 30.0) -> None:
    """Wait until ``runtime``'s relay has published every committed outbox row to Kafka."""

    async def drained() -> bool:
        return await runtime.outbox_backlog() == 0

    service = runtime.settings.service_name
    await wait_until(drained, within=within, message=f"{service}'s outbox relayed")


def sequenced_event(*, key: uuid.UUID, sequence: int) -> WorkClosed:
    """A valid event keyed by ``key`` that carries ``sequence``, for tests of delivery and order.

    It is a ``WorkClosed`` (``work_id=key``, ``seats_filled=sequence``) on ``matching.work.v1``.
    """
    return WorkClosed(
        work_id=key,
        client_id="client-1",
        specialty_slug="coding",
        reason=WorkCloseReason.FILLED,
        seats_filled=sequence,
        closed_at=datetime.now(UTC),
    )


async def produce_events(
    *, bootstrap: str, topic_prefix: str, events: Iterable[Event]
) -> list[EncodedRecord]:
    """Publish ``events`` straight to Kafka (no outbox), as another service would; waits for all
    deliveries. The records sent, so that a test can send one again as a redelivery."""
    records = [encode(event, topic_prefix=topic_prefix) for event in events]
    await produce_records(bootstrap=bootstrap, records=records)
    return records


async def produce_records(*, bootstrap: str, records: Iterable[EncodedRecord]) -> None:
    """Send ``records`` as they are, in order; sending one twice is a redelivery (same
    ``ce_id``). Waits for all deliveries."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=20
    )
    await producer.start()
    try:
        deliveries = [
            await producer.send(
                record.topic, value=record.value, key=record.key, headers=record.headers
            )
            for record in records
        ]
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()


@dataclass(frozen=True)
class TopicEvent:
    """One record read back from a topic, decoded against the contracts."""

    key: str
    decoded: DecodedEvent
    value: bytes

    @property
    def event(self) -> Event:
        return self.decoded.event

    @classmethod
    def from_consumed(cls, consumed: ConsumedRecord) -> TopicEvent:
        """Decodes ``consumed``; a record that breaks the contracts raises ``ContractError``."""
        record = consumed.record
        value = record.value or b""
        return cls(
            key=(record.key or b"").decode(),
            decoded=decode(topic=record.topic, headers=record.headers, value=value),
            value=value,
        )


async def read_events(*, bootstrap: str, topic: str) -> list[TopicEvent]:
    """Every record currently on ``topic`` (the broker-side name), decoded."""
    return [
        TopicEvent.from_consumed(consumed)
        for consumed in await read_topic(bootstrap=bootstrap, topic=topic)
    ]


async def wait_for_events(
    *,
    bootstrap: str,
    topic: str,
    matching: Callable[[TopicEvent], bool],
    count: int = 1,
    within: float = 30.0,
) -> list[TopicEvent]:
    """Read ``topic`` until at least ``count`` of its records satisfy ``matching``; those
    records, oldest first per partition."""
    found: list[TopicEvent] = []

    async def enough() -> bool:
        nonlocal found
        found = [e for e in await read_events(bootstrap=bootstrap, topic=topic) if matching(e)]
        return len(found) >= count

    await wait_until(enough, within=within, message=f"{count} matching record(s) on {topic}")
    return found
