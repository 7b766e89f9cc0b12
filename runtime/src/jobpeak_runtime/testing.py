"""Helpers for tests of services built on the runtime (no fixtures, no I/O of their own)."""

from __future__ import annotations

import asyncio
import inspect
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from jobpeak_contracts.envelope import Event, encode
from jobpeak_contracts.events.matching import WorkClosed, WorkCloseReason


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


async def produce_events(*, bootstrap: str, topic_prefix: str, events: Iterable[Event]) -> None:
    """Publish ``events`` straight to Kafka (no outbox), as another service would; waits for all
    deliveries."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=20
    )
    await producer.start()
    try:
        deliveries = []
        for event in events:
            record = encode(event, topic_prefix=topic_prefix)
            deliveries.append(
                await producer.send(
                    record.topic, value=record.value, key=record.key, headers=record.headers
                )
            )
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()
