from __future__ import annotations

import asyncpg
import pytest
from jobpeak_contracts.events.matching import WorkClosed, WorkPosted
from jobpeak_contracts.events.testing import TestPassed
from jobpeak_runtime.consumed import ConsumedRecord, RetryPolicy
from jobpeak_runtime.dead_letter_records import (
    DLQ_ATTEMPTS,
    DLQ_CONSUMER,
    DLQ_ERROR,
    DLQ_OFFSET,
    DLQ_TOPIC,
    REPLAY_FOR,
    dead_letter_record,
)
from jobpeak_runtime.deadletters import DeadLetter
from jobpeak_runtime.handlers import EventHandlers
from jobpeak_runtime.infrastructure import is_infrastructure_error
from jobpeak_runtime.records import KafkaRecord, headers_from_json, headers_to_json
from jobpeak_runtime.uow import UnitOfWork
from sqlalchemy import exc as sa_exc

pytestmark = pytest.mark.unit


def test_headers_survive_the_outbox_row_byte_for_byte() -> None:
    headers = (("ce_id", b"abc"), ("bin", bytes(range(256))), ("ce_id", b"again"))
    assert headers_from_json(headers_to_json(headers)) == headers


def test_a_repeated_header_reads_as_its_last_value() -> None:
    record = KafkaRecord(topic="t", key=None, headers=(("a", b"1"), ("a", b"2")), value=b"")
    assert record.header_text("a") == "2"
    assert record.header("missing") is None


def test_retry_delays_grow_exponentially_up_to_the_cap() -> None:
    policy = RetryPolicy(max_attempts=6, backoff_seconds=0.1, backoff_max_seconds=0.5)
    assert [policy.delay(n) for n in range(1, 6)] == [0.1, 0.2, 0.4, 0.5, 0.5]


def test_unreachable_database_is_infrastructure_but_bad_data_is_not() -> None:
    refused = ConnectionRefusedError(111, "refused")
    assert is_infrastructure_error(refused)
    assert is_infrastructure_error(
        sa_exc.DBAPIError("SELECT 1", None, asyncpg.exceptions.ConnectionDoesNotExistError())
    )
    assert not is_infrastructure_error(ValueError("bad payload"))
    assert not is_infrastructure_error(
        sa_exc.IntegrityError("INSERT", None, asyncpg.exceptions.UniqueViolationError())
    )


def test_a_dead_letter_keeps_the_original_record_and_says_why() -> None:
    original = KafkaRecord(
        topic="t1.testing.attempts.v1",
        key=b"cand-1",
        headers=(("ce_id", b"e-1"), ("ce_type", b"jobpeak.testing.TestPassed.v1")),
        value=b'{"x": 1}',
    )
    consumed = ConsumedRecord(record=original, partition=2, offset=41)
    letter = dead_letter_record(consumed, ValueError("boom"), attempts=3, consumer="t1.billing")
    assert letter.topic == "t1.testing.attempts.v1.dlq"
    assert (letter.key, letter.value) == (original.key, original.value)
    assert letter.headers[:2] == original.headers
    assert letter.header_text(DLQ_ERROR) == "ValueError: boom"
    assert letter.header_text(DLQ_ATTEMPTS) == "3"
    assert letter.header_text(DLQ_CONSUMER) == "t1.billing"
    assert letter.header_text(DLQ_TOPIC) == "t1.testing.attempts.v1"
    assert letter.header_text(DLQ_OFFSET) == "41"


def test_a_replayed_dead_letter_goes_back_to_its_topic_for_the_failed_consumer_only() -> None:
    original = KafkaRecord(
        topic="t1.testing.attempts.v1", key=b"k", headers=(("ce_id", b"e-1"),), value=b"{}"
    )
    letter = dead_letter_record(
        ConsumedRecord(record=original, partition=0, offset=7),
        RuntimeError("x"),
        attempts=1,
        consumer="t1.billing",
    )
    replayed = DeadLetter(partition=0, offset=0, record=letter).replay_record()
    assert replayed.topic == original.topic
    assert replayed.headers == (*original.headers, (REPLAY_FOR, b"t1.billing"))
    again = dead_letter_record(
        ConsumedRecord(record=replayed, partition=0, offset=9),
        RuntimeError("y"),
        attempts=1,
        consumer="t1.billing",
    )
    assert [name for name, _ in again.headers].count(DLQ_ERROR) == 1
    assert again.header(REPLAY_FOR) is None


def test_a_record_without_ce_id_is_identified_by_its_position() -> None:
    record = KafkaRecord(topic="t.x", key=None, headers=(), value=b"")
    assert ConsumedRecord(record=record, partition=1, offset=5).event_id == "kafka:t.x/1/5"


async def _noop(event: WorkClosed, *, uow: UnitOfWork) -> None:
    return None


async def _noop_passed(event: TestPassed, *, uow: UnitOfWork) -> None:
    return None


async def _noop_posted(event: WorkPosted, *, uow: UnitOfWork) -> None:
    return None


def test_handlers_register_once_per_event_class_and_list_their_topics() -> None:
    handlers: EventHandlers[UnitOfWork] = EventHandlers()
    handlers.on(WorkClosed)(_noop)
    with pytest.raises(ValueError, match="already has a handler"):
        handlers.add(WorkClosed, _noop)
    other: EventHandlers[UnitOfWork] = EventHandlers()
    other.add(TestPassed, _noop_passed)
    other.add(WorkPosted, _noop_posted)
    handlers.include(other)
    assert [topic.name for topic in handlers.topics] == ["matching.work.v1", "testing.attempts.v1"]
    assert len(handlers) == 3
    assert handlers.handler_for(object()) is None
