"""Read the public topics with a plain Kafka consumer and keep every event in the store."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import structlog
from aiokafka import AIOKafkaConsumer
from jobpeak_contracts.envelope import ContractError, decode
from jobpeak_contracts.topics import Topic

from jobpeak_tap.store import TapStore

log = structlog.get_logger("jobpeak_tap")


@dataclass(frozen=True)
class TapOptions:
    bootstrap: str
    topics: Sequence[Topic]
    group_id: str = "jobpeak-analysts-tap"
    topic_prefix: str = ""
    from_beginning: bool = True
    idle_seconds: float | None = 5.0
    """Stop after this long without a new record; ``None`` follows the stream until stopped."""


@dataclass(frozen=True)
class TapResult:
    stored: int
    duplicates: int
    undecodable: int


async def tap(options: TapOptions, store: TapStore) -> TapResult:
    names = [f"{options.topic_prefix}{topic.name}" for topic in options.topics]
    consumer = AIOKafkaConsumer(
        *names,
        bootstrap_servers=options.bootstrap,
        group_id=options.group_id,
        auto_offset_reset="earliest" if options.from_beginning else "latest",
        enable_auto_commit=False,
    )
    stored = duplicates = undecodable = 0
    await consumer.start()
    try:
        last_record = time.monotonic()
        while options.idle_seconds is None or time.monotonic() - last_record < options.idle_seconds:
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                for record in records:
                    last_record = time.monotonic()
                    try:
                        decoded = decode(
                            topic=record.topic, headers=record.headers, value=record.value or b""
                        )
                    except ContractError as error:
                        undecodable += 1
                        log.warning("tap.undecodable", topic=record.topic, error=str(error))
                        continue
                    logical_topic = record.topic.removeprefix(options.topic_prefix)
                    key = (record.key or b"").decode()
                    if store.add(
                        topic=logical_topic, key=key, decoded=decoded, payload=record.value or b""
                    ):
                        stored += 1
                    else:
                        duplicates += 1
            if batches:
                await consumer.commit()
    finally:
        await consumer.stop()
    return TapResult(stored=stored, duplicates=duplicates, undecodable=undecodable)
