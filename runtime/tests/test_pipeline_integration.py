"""A service built with the runtime: emit → outbox → relay → Kafka → inbox → handler, for real."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from jobpeak_contracts.envelope import Envelope
from jobpeak_contracts.events.matching import WorkClosed, WorkCloseReason
from jobpeak_runtime.handlers import EventHandlers
from jobpeak_runtime.service import ServiceRuntime, build_service_app
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_runtime.testing import wait_until
from jobpeak_runtime.uow import UnitOfWork
from sqlalchemy import Column, Integer, MetaData, Table, Text, func, insert, select

pytestmark = pytest.mark.integration

SECRET = "k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ"
effects_metadata = MetaData()
effects = Table(
    "test_effects",
    effects_metadata,
    Column("event_id", Text, primary_key=True),
    Column("work_id", Text, nullable=False),
    Column("sequence", Integer, nullable=False),
)


class SettingsForTest(ServiceSettings):
    service_name: str = "runtime-test"


def work_closed(work_id: uuid.UUID, sequence: int) -> WorkClosed:
    return WorkClosed(
        work_id=work_id,
        client_id="client-1",
        specialty_slug="coding",
        reason=WorkCloseReason.FILLED,
        seats_filled=sequence,
        closed_at=datetime.now(UTC),
    )


def build(
    database_url: str, kafka_bootstrap: str, topic_prefix: str, handlers: EventHandlers
) -> FastAPI:
    settings = SettingsForTest(
        environment="test",
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        jwt_secret=SECRET,
        consumer_retry_backoff_seconds=0.01,
        consumer_max_attempts=3,
        consumer_commit_interval_seconds=0.2,
    )

    async def create_effects_table(runtime: ServiceRuntime) -> None:
        async with runtime.engine.begin() as connection:
            await connection.run_sync(effects_metadata.create_all)

    return build_service_app(settings=settings, handlers=handlers, on_startup=create_effects_table)


async def count_effects(runtime: ServiceRuntime) -> int:
    async with runtime.uow_factory() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(effects)) or 0)


async def test_emitted_event_reaches_the_handler_once(
    database_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    handlers = EventHandlers()
    seen: list[Envelope] = []

    @handlers.on(WorkClosed)
    async def record_closing(event: WorkClosed, *, envelope: Envelope, uow: UnitOfWork) -> None:
        seen.append(envelope)
        await uow.session.execute(
            insert(effects).values(
                event_id=str(envelope.id), work_id=str(event.work_id), sequence=event.seats_filled
            )
        )

    app = build(database_url, kafka_bootstrap, topic_prefix, handlers)
    async with LifespanManager(app):
        runtime: ServiceRuntime = app.state.runtime
        work_id = uuid.uuid4()
        async with runtime.uow_factory() as uow:
            for sequence in range(5):
                uow.emit(work_closed(work_id, sequence), subject=str(work_id))
            await uow.commit()
        await wait_until(lambda: _count_is(runtime, 5), within=30, message="5 effects")
        async with runtime.uow_factory() as uow:
            sequences = (await uow.session.scalars(select(effects.c.sequence))).all()
        assert sorted(sequences) == [0, 1, 2, 3, 4]
        assert [e.subject for e in seen] == [str(work_id)] * 5


async def _count_is(runtime: ServiceRuntime, expected: int) -> bool:
    return await count_effects(runtime) == expected
