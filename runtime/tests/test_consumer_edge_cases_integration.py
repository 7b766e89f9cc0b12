"""Consumer edge cases of issue 18, on a real database: redelivered undecodable records and
reused ``ce_id`` s are handled once and never silently."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

import pytest
from jobpeak_contracts.envelope import EncodedRecord, encode
from jobpeak_contracts.events.matching import WorkClosed
from jobpeak_runtime.consumed import ConsumedRecord, Outcome
from jobpeak_runtime.db import outbox_table
from jobpeak_runtime.dead_letter_records import REPLAY_FOR
from jobpeak_runtime.handlers import EventHandlers
from jobpeak_runtime.migrate import run_migrations
from jobpeak_runtime.records import KafkaRecord
from jobpeak_runtime.service import ServiceRuntime, build_runtime
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_runtime.uow import UnitOfWork
from sqlalchemy import func, select

pytestmark = pytest.mark.integration

WorkClosedFactory = Callable[[uuid.UUID, int], WorkClosed]


async def consumer_runtime(settings: ServiceSettings, handled: list[int]) -> ServiceRuntime:
    """The runtime of a consumer of WorkClosed, its database migrated, nothing started."""
    handlers: EventHandlers[UnitOfWork] = EventHandlers()

    @handlers.on(WorkClosed)
    async def count(event: WorkClosed, *, uow: UnitOfWork) -> None:
        handled.append(event.seats_filled)

    await run_migrations(database_url=settings.database_url, service_versions=None)
    return build_runtime(settings=settings, handlers=handlers)


def consumed(
    record: EncodedRecord,
    *,
    offset: int,
    value: bytes | None = None,
    headers: Sequence[tuple[str, bytes]] | None = None,
    replay_for: str | None = None,
) -> ConsumedRecord:
    """``record`` as the consumer receives it, its value or headers replaced if given."""
    pairs = tuple(record.headers if headers is None else headers)
    if replay_for is not None:
        pairs = (*pairs, (REPLAY_FOR, replay_for.encode()))
    return ConsumedRecord(
        record=KafkaRecord(
            topic=record.topic,
            key=record.key,
            headers=pairs,
            value=record.value if value is None else value,
        ),
        partition=0,
        offset=offset,
    )


async def dead_letters_written(runtime: ServiceRuntime) -> int:
    async with runtime.engine.connect() as connection:
        count = await connection.scalar(
            select(func.count())
            .select_from(outbox_table)
            .where(outbox_table.c.topic.endswith(".dlq"))
        )
    return int(count or 0)


async def test_an_undecodable_record_redelivered_after_a_crash_is_dead_lettered_once(
    service_settings: ServiceSettings, work_closed: WorkClosedFactory
) -> None:
    runtime = await consumer_runtime(service_settings, [])
    try:
        valid = encode(work_closed(uuid.uuid4(), 1), topic_prefix=service_settings.topic_prefix)
        processor = runtime.processor
        broken = consumed(valid, offset=7, value=b"{")
        assert await processor.process(broken) is Outcome.DEAD_LETTERED
        assert await processor.process(broken) is Outcome.DUPLICATE
        assert await dead_letters_written(runtime) == 1
        replayed = consumed(valid, offset=9, value=b"{", replay_for=processor.consumer_name)
        assert await processor.process(replayed) is Outcome.DEAD_LETTERED
        same_id_other_record = consumed(valid, offset=8, value=b"[")
        assert await processor.process(same_id_other_record) is Outcome.DEAD_LETTERED
        assert await dead_letters_written(runtime) == 3
        duplicates = runtime.metrics.skipped.labels(topic=valid.topic, reason="duplicate")
        assert duplicates._value.get() == 1
    finally:
        await runtime.engine.dispose()


async def test_a_reused_ce_id_is_skipped_counted_and_logged(
    service_settings: ServiceSettings,
    work_closed: WorkClosedFactory,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    handled: list[int] = []
    runtime = await consumer_runtime(service_settings, handled)
    try:
        prefix = service_settings.topic_prefix
        first = encode(work_closed(uuid.uuid4(), 1), topic_prefix=prefix)
        other = encode(work_closed(uuid.uuid4(), 2), topic_prefix=prefix)
        reusing = consumed(other, offset=2, headers=first.headers)
        outcomes = await runtime.processor.process_batch([consumed(first, offset=1), reusing])
        assert outcomes == [Outcome.HANDLED, Outcome.DUPLICATE]
        assert handled == [1]
        duplicates = runtime.metrics.skipped.labels(topic=first.topic, reason="duplicate")
        assert duplicates._value.get() == 1
        # structlog prints (unconfigured) or goes through the root logger (once an app in this
        # session configured it): the line is in one of the two.
        captured = capsys.readouterr()
        logged = captured.out + captured.err + caplog.text
        assert "its ce_id was already processed" in logged
    finally:
        await runtime.engine.dispose()
