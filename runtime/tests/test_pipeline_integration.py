"""A service built with the runtime, on the real broker and database: emit → outbox → relay →
Kafka → inbox → handler, duplicates, failures, dead letters and their replay."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from aiokafka import AIOKafkaProducer
from asgi_lifespan import LifespanManager
from jobpeak_contracts.envelope import Envelope, encode
from jobpeak_contracts.events.matching import WorkClosed
from jobpeak_runtime.db import inbox_table, outbox_table
from jobpeak_runtime.dead_letter_records import DLQ_ATTEMPTS, DLQ_ERROR
from jobpeak_runtime.deadletters import list_dead_letters, replay
from jobpeak_runtime.handled import handled_envelope
from jobpeak_runtime.handlers import EventHandlers
from jobpeak_runtime.records import headers_from_json
from jobpeak_runtime.service import ServiceRuntime, build_service_app
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_runtime.testing import wait_until
from jobpeak_runtime.tracing import current_traceparent
from jobpeak_runtime.uow import UnitOfWork
from opentelemetry.trace import SpanKind
from sqlalchemy import Column, Integer, MetaData, Select, Table, Text, func, insert, select

WorkClosedFactory = Callable[[uuid.UUID, int], WorkClosed]

pytestmark = pytest.mark.integration

effects_metadata = MetaData()
effects = Table(
    "test_effects",
    effects_metadata,
    Column("event_id", Text, primary_key=True),
    Column("work_id", Text, nullable=False),
    Column("sequence", Integer, nullable=False),
)


@dataclass
class Probe:
    """What the test handler saw, and whether it should fail."""

    envelopes: list[Envelope] = field(default_factory=list)
    traceparents: list[str | None] = field(default_factory=list)
    failing_sequences: set[int] = field(default_factory=set)
    calls: int = 0
    failures: int = 0


def recording_handlers(probe: Probe) -> EventHandlers[UnitOfWork]:
    handlers: EventHandlers[UnitOfWork] = EventHandlers()

    @handlers.on(WorkClosed)
    async def record_closing(event: WorkClosed, *, uow: UnitOfWork) -> None:
        probe.calls += 1
        probe.envelopes.append(handled_envelope())
        probe.traceparents.append(current_traceparent())
        await uow.session.execute(
            insert(effects).values(
                event_id=str(handled_envelope().id),
                work_id=str(event.work_id),
                sequence=event.seats_filled,
            )
        )
        if event.seats_filled in probe.failing_sequences:
            probe.failures += 1
            raise RuntimeError(f"refusing sequence {event.seats_filled}")

    return handlers


@pytest.fixture
async def running(service_settings: ServiceSettings) -> AsyncIterator[tuple[ServiceRuntime, Probe]]:
    probe = Probe()

    async def create_effects_table(runtime: ServiceRuntime) -> None:
        async with runtime.engine.begin() as connection:
            await connection.run_sync(effects_metadata.create_all)

    app = build_service_app(
        settings=service_settings,
        handlers=recording_handlers(probe),
        on_startup=create_effects_table,
    )
    async with LifespanManager(app, startup_timeout=60):
        yield app.state.runtime, probe


async def scalar(runtime: ServiceRuntime, statement: Select[int]) -> int:
    async with runtime.engine.connect() as connection:
        return int(await connection.scalar(statement) or 0)


async def effect_count(runtime: ServiceRuntime) -> int:
    return await scalar(runtime, select(func.count()).select_from(effects))


def equals(value: Callable[[], Awaitable[int]], expected: int) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return await value() == expected

    return check


async def test_emitted_events_reach_the_handler_once_in_key_order(
    running: tuple[ServiceRuntime, Probe], work_closed: WorkClosedFactory
) -> None:
    runtime, probe = running
    work_id = uuid.uuid4()
    async with runtime.uow_factory() as uow:
        for sequence in range(5):
            uow.emit(work_closed(work_id, sequence), subject=str(work_id))
        await uow.commit()

    await wait_until(equals(lambda: effect_count(runtime), 5), message="5 effects")
    assert [e.subject for e in probe.envelopes] == [str(work_id)] * 5
    async with runtime.engine.connect() as connection:
        sequences = (await connection.scalars(select(effects.c.sequence))).all()
    assert sorted(sequences) == [0, 1, 2, 3, 4]
    pending = (
        select(func.count()).select_from(outbox_table).where(outbox_table.c.published_at.is_(None))
    )
    await wait_until(equals(lambda: scalar(runtime, pending), 0), message="outbox drained")


async def test_a_redelivered_record_has_its_effect_once(
    running: tuple[ServiceRuntime, Probe], work_closed: WorkClosedFactory, kafka_bootstrap: str
) -> None:
    runtime, probe = running
    record = encode(
        work_closed(uuid.uuid4(), 1),
        topic_prefix=runtime.settings.topic_prefix,
    )
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        for _ in range(3):
            await producer.send_and_wait(
                record.topic, value=record.value, key=record.key, headers=record.headers
            )
        marker = encode(work_closed(uuid.uuid4(), 2), topic_prefix=runtime.settings.topic_prefix)
        await producer.send_and_wait(
            marker.topic, value=marker.value, key=record.key, headers=marker.headers
        )
    finally:
        await producer.stop()
    await wait_until(lambda: probe.calls >= 2, message="both events handled")
    assert await effect_count(runtime) == 2
    assert probe.calls == 2
    handled = (
        select(func.count()).select_from(inbox_table).where(inbox_table.c.outcome == "handled")
    )
    assert await scalar(runtime, handled) == 2


async def test_a_failing_handler_is_retried_then_dead_lettered_then_replayed(
    running: tuple[ServiceRuntime, Probe], work_closed: WorkClosedFactory, kafka_bootstrap: str
) -> None:
    runtime, probe = running
    probe.failing_sequences.add(7)
    work_id = uuid.uuid4()
    async with runtime.uow_factory() as uow:
        for sequence in (6, 7, 8):
            uow.emit(work_closed(work_id, sequence))
        await uow.commit()

    await wait_until(
        equals(lambda: effect_count(runtime), 2),
        message="the healthy events pass the failing one",
    )
    source = runtime.settings.topic_name("matching.work.v1")
    await wait_until(
        equals(lambda: dead_letter_count(kafka_bootstrap, source), 1), message="a dead letter"
    )
    letters = await list_dead_letters(bootstrap=kafka_bootstrap, topic=source)
    assert len(letters) == 1
    letter = letters[0]
    assert letter.record.header_text(DLQ_ATTEMPTS) == "3"
    assert letter.record.header_text(DLQ_ERROR) == "RuntimeError: refusing sequence 7"
    # Three attempts on its own (after a first failure in a shared transaction, if batched).
    assert probe.failures in (3, 4)
    assert runtime.metrics.dead_letters.labels(topic=source)._value.get() == 1

    probe.failing_sequences.clear()
    assert await replay(bootstrap=kafka_bootstrap, dead_letters=letters) == 1
    await wait_until(equals(lambda: effect_count(runtime), 3), message="the replay handled")
    async with runtime.engine.connect() as connection:
        outcomes = (await connection.execute(select(inbox_table.c.outcome))).scalars().all()
    assert sorted(outcomes) == ["handled", "handled", "handled"]

    # A second replay of the same letter is a duplicate for the inbox: the handler does not run.
    replayed_id = uuid.UUID(letter.event_id)
    runs_of_replayed = [e.id for e in probe.envelopes].count(replayed_id)
    await replay(bootstrap=kafka_bootstrap, dead_letters=letters)
    async with runtime.uow_factory() as uow:
        uow.emit(work_closed(work_id, 9))
        await uow.commit()
    await wait_until(equals(lambda: effect_count(runtime), 4), message="a later event handled")
    # Event 9 has the same key, so it is consumed after the second replay.
    assert [e.id for e in probe.envelopes].count(replayed_id) == runs_of_replayed
    async with runtime.engine.connect() as connection:
        handled = await connection.scalar(select(func.count()).select_from(inbox_table))
    assert handled == 4


async def dead_letter_count(bootstrap: str, topic: str) -> int:
    return len(await list_dead_letters(bootstrap=bootstrap, topic=topic))


async def test_malformed_records_are_dead_lettered_and_unknown_types_skipped(
    running: tuple[ServiceRuntime, Probe], work_closed: WorkClosedFactory, kafka_bootstrap: str
) -> None:
    runtime, probe = running
    source = runtime.settings.topic_name("matching.work.v1")
    prefix = runtime.settings.topic_prefix
    valid, other, another = (
        encode(work_closed(uuid.uuid4(), n), topic_prefix=prefix) for n in (1, 2, 3)
    )
    unknown_type = [
        (name, b"jobpeak.matching.WorkReopened.v1" if name == "ce_type" else value)
        for name, value in other.headers
    ]
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(source, value=b"not json", key=b"k", headers=another.headers)
        not_utf8 = [(n, b"\xff\xfe" if n == "ce_source" else v) for n, v in another.headers]
        await producer.send_and_wait(source, value=another.value, key=b"k", headers=not_utf8)
        await producer.send_and_wait(source, value=valid.value, key=b"k", headers=unknown_type)
        await producer.send_and_wait(source, value=valid.value, key=b"k", headers=valid.headers)
    finally:
        await producer.stop()
    await wait_until(lambda: probe.calls == 1, message="the valid record handled")
    await wait_until(
        equals(lambda: dead_letter_count(kafka_bootstrap, source), 2),
        message="the malformed records dead-lettered",
    )
    letters = await list_dead_letters(bootstrap=kafka_bootstrap, topic=source)
    assert [letter.record.value for letter in letters] == [b"not json", another.value]
    assert [letter.record.header_text(DLQ_ATTEMPTS) for letter in letters] == ["1", "1"]
    assert "not UTF-8" in (letters[1].record.header_text(DLQ_ERROR) or "")
    skipped = runtime.metrics.skipped.labels(topic=source, reason="unknown_type")
    assert skipped._value.get() == 1


async def test_the_trace_continues_from_the_emitter_into_the_handler(
    running: tuple[ServiceRuntime, Probe], work_closed: WorkClosedFactory
) -> None:
    runtime, probe = running
    parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    with runtime.tracing.span("request", kind=SpanKind.SERVER, parent={"traceparent": parent}):
        async with runtime.uow_factory() as uow:
            uow.emit(work_closed(uuid.uuid4(), 3))
            await uow.commit()
    async with runtime.engine.connect() as connection:
        stored = (await connection.execute(select(outbox_table.c.headers))).scalar_one()
    stored_traceparent = dict(headers_from_json(stored))["traceparent"].decode()
    assert stored_traceparent.split("-")[1] == "4bf92f3577b34da6a3ce929d0e0e4736"
    await wait_until(lambda: probe.calls == 1, message="handled")
    assert probe.envelopes[0].traceparent == stored_traceparent
    in_handler = probe.traceparents[0]
    assert in_handler is not None
    assert in_handler.split("-")[1] == "4bf92f3577b34da6a3ce929d0e0e4736"
