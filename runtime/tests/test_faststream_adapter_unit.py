"""What the runtime assumes of FastStream and aiokafka beyond their documented API (ADR 0012).

These tests run against the pinned versions; an upgrade that changes any of these assumptions
fails here instead of silently breaking offset commits.
"""

from __future__ import annotations

import dataclasses
import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord
from faststream.kafka.message import KafkaAckableMessage
from faststream.kafka.parser import AioKafkaBatchParser
from faststream.kafka.subscriber.usecase import BatchSubscriber, LogicSubscriber
from faststream.message import StreamMessage
from jobpeak_runtime.faststream_adapter import (
    FastStreamChanged,
    consumer_records,
    kafka_consumer,
    parse_leniently,
)

pytestmark = pytest.mark.unit


def record(offset: int, headers: list[tuple[str, bytes]]) -> ConsumerRecord[Any, Any]:
    return ConsumerRecord(
        topic="t.testing.attempts.v1",
        partition=0,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=b"k",
        value=b"{}",
        checksum=None,
        serialized_key_size=1,
        serialized_value_size=2,
        headers=headers,
    )


def test_a_batch_subscriber_gives_its_parser_the_aiokafka_consumer_it_starts() -> None:
    start = inspect.getsource(LogicSubscriber.start)
    assert "self.consumer = consumer = self.builder(" in start
    assert "self.parser._setup(consumer)" in start
    assert "self.parser = AioKafkaBatchParser(" in inspect.getsource(BatchSubscriber.__init__)


async def test_a_parsed_batch_carries_its_consumer_and_keeps_the_original_records() -> None:
    consumer = AIOKafkaConsumer(bootstrap_servers="127.0.0.1:1")  # never started
    parser = AioKafkaBatchParser(msg_class=KafkaAckableMessage, regex=None)
    parser._setup(consumer)
    records = (record(1, [("ce_id", b"e-1")]), record(2, [("ce_id", b"\xff\xfe")]))

    message = await parse_leniently(records, parser.parse_batch)

    assert kafka_consumer(message) is consumer
    assert consumer_records(message) is records
    assert message.batch_headers[1]["ce_id"] == "\ufffd\ufffd"


async def test_a_batch_of_utf8_headers_is_parsed_as_it_is_without_copies() -> None:
    parser = AioKafkaBatchParser(msg_class=KafkaAckableMessage, regex=None)
    records = (record(1, [("ce_id", b"e-1")]), record(2, [("ce_id", b"e-2")]))
    parsed: list[object] = []

    async def original(batch: tuple[ConsumerRecord[Any, Any], ...]) -> StreamMessage[Any]:
        parsed.append(batch)
        return await parser.parse_batch(batch)

    message = await parse_leniently(records, original)

    assert parsed == [records]
    assert parsed[0] is records
    assert message.batch_headers[1]["ce_id"] == "e-2"


async def test_a_message_without_an_aiokafka_consumer_is_reported_as_a_changed_faststream() -> None:
    parser = AioKafkaBatchParser(msg_class=KafkaAckableMessage, regex=None)
    message = await parser.parse_batch((record(1, []),))
    with pytest.raises(FastStreamChanged, match="FakeConsumer"):
        kafka_consumer(message)


def test_consumer_records_are_dataclasses_with_the_fields_the_runtime_reads() -> None:
    assert dataclasses.is_dataclass(ConsumerRecord)
    fields = {field.name for field in dataclasses.fields(ConsumerRecord)}
    assert {"topic", "partition", "offset", "key", "value", "headers"} <= fields


def test_the_aiokafka_consumer_commits_chosen_offsets_and_reports_assignment_and_highwater() -> (
    None
):
    assert "offsets" in inspect.signature(AIOKafkaConsumer.commit).parameters
    assert inspect.signature(AIOKafkaConsumer.assignment).parameters.keys() == {"self"}
    assert list(inspect.signature(AIOKafkaConsumer.highwater).parameters) == ["self", "partition"]


def test_faststream_and_aiokafka_are_pinned_to_the_versions_these_tests_describe() -> None:
    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    dependencies = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    assert f"faststream[kafka]=={version('faststream')}" in dependencies
    assert f"aiokafka=={version('aiokafka')}" in dependencies
