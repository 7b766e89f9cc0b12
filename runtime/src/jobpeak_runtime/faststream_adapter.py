"""The only place the runtime relies on FastStream or aiokafka beyond their documented API.

FastStream's public extension points carry the runtime's consumer: a subscriber with
``AckPolicy.MANUAL``, a custom ``parser`` (given FastStream's own parser as ``original``) and
``decoder``, a ``listener`` for rebalances, and ``message.raw_message``. Three things are not
promised by FastStream's documentation; each is here, and ``test_faststream_adapter_unit``
fails on the pinned versions if one of them changes (ADR 0012):

- the aiokafka consumer a Kafka message came from, ``message.consumer`` (FastStream types it as
  a protocol with ``commit()``/``seek()`` only): the runtime commits chosen offsets itself;
- ``ConsumerRecord`` being a dataclass (copied with ``dataclasses.replace``);
- ``message.raw_message`` being writable, so FastStream parses sanitised copies while the
  runtime keeps the original records.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord
from faststream.message import StreamMessage

Records = tuple[ConsumerRecord[Any, Any], ...]


class FastStreamChanged(RuntimeError):
    """FastStream or aiokafka no longer behaves as the pinned versions did (see ADR 0012)."""


def kafka_consumer(message: StreamMessage[Any]) -> AIOKafkaConsumer:
    """The aiokafka consumer that fetched ``message`` (its group's offsets are committed on it)."""
    consumer = getattr(message, "consumer", None)
    if not isinstance(consumer, AIOKafkaConsumer):
        raise FastStreamChanged(
            f"a FastStream Kafka message carries {type(consumer).__name__} as .consumer, "
            "not the AIOKafkaConsumer the runtime commits offsets on"
        )
    return consumer


def consumer_records(message: StreamMessage[Any]) -> Records:
    """The records of a (batch) message, as aiokafka fetched them."""
    raw = message.raw_message
    return raw if isinstance(raw, tuple) else (raw,)


def _with_utf8_headers(record: ConsumerRecord[Any, Any]) -> ConsumerRecord[Any, Any]:
    return dataclasses.replace(
        record,
        headers=[
            (name, value.decode("utf-8", errors="replace").encode("utf-8"))
            for name, value in record.headers or ()
        ],
    )


async def parse_leniently(
    records: Records,
    original: Callable[[Records], Awaitable[StreamMessage[Any]]],
) -> StreamMessage[Any]:
    """FastStream's batch parser, minus its one way to fail: header values that are not UTF-8.

    A batch FastStream cannot parse never reaches the runtime and is dropped with a log line;
    here, when the batch has such a header, FastStream sees sanitised copies while the runtime
    keeps the original records, and the inbox dead-letters as malformed a record whose headers
    are unusable. A batch without one (nearly all) is parsed as it is: copying every record was a
    per-record cost for nothing (issue 19, B1).
    """
    try:
        message = await original(records)
    except UnicodeDecodeError:
        message = await original(tuple(_with_utf8_headers(record) for record in records))
    message.raw_message = records
    return message
