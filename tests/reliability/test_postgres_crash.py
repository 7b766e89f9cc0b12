"""PostgreSQL crashes (``pg_ctl stop -m immediate``) mid-run: no acknowledged write is lost.

The cluster is a private one started with the developer stack's own server settings (durable:
``fsync`` and ``synchronous_commit`` on), so the test checks what ``make up`` runs, and may crash
it without disturbing any other test. Writers post to a real service app built by the runtime;
every 201 they receive is an acknowledged write that must still be there after the restart, and
every event the relay put on Kafka must have its row.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path

import asyncpg
import pytest
from asgi_lifespan import LifespanManager
from fastapi import APIRouter
from httpx import ASGITransport, AsyncClient
from jobpeak_devstack.postgres import Postgres
from jobpeak_runtime.db import asyncpg_dsn
from jobpeak_runtime.http import UnitOfWorkDep
from jobpeak_runtime.service import build_service_app
from jobpeak_runtime.testing import sequenced_event, wait_until

from tests.reliability.support import Service, pending, prepare_service
from tests.reliability.worker import RECORD_EFFECT, WorkerSettings

pytestmark = pytest.mark.reliability

WRITERS = 8
BEFORE_CRASH = 150
AFTER_RESTART = 50


@pytest.fixture
async def durable_service(
    durable_postgres: Postgres, kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> Service:
    database_url = durable_postgres.config.database_url("jobpeak_testing")
    return await prepare_service(
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        log_file=tmp_path / "unused.log",
    )


def writes_router() -> APIRouter:
    router = APIRouter()

    @router.post("/effects/{key}", status_code=201)
    async def record(key: str, uow: UnitOfWorkDep) -> dict[str, str]:
        work_id = uuid.uuid4()
        await uow.session.execute(
            RECORD_EFFECT,
            {"event_key": key, "work_id": str(work_id), "sequence": 0, "pid": os.getpid()},
        )
        event_id = uow.emit(sequenced_event(key=work_id, sequence=0))
        await uow.commit()
        return {"event_id": event_id}

    return router


async def test_no_acknowledged_write_is_lost_when_postgres_crashes(
    durable_postgres: Postgres, durable_service: Service
) -> None:
    settings = WorkerSettings(
        environment="test",
        database_url=durable_service.database_url,
        kafka_bootstrap=durable_service.kafka_bootstrap,
        topic_prefix=durable_service.topic_prefix,
        jwt_secret="durability-k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ",
        migrate_on_startup=False,
        outbox_poll_interval_seconds=0.2,
        rate_limits_enabled=False,  # eight writers as fast as they can go, from one address
    )
    app = build_service_app(settings=settings, routers=[writes_router()])
    acknowledged: dict[str, str] = {}
    stop = asyncio.Event()

    async def write(http: AsyncClient, writer: int) -> None:
        n = 0
        while not stop.is_set():
            key = f"{writer}-{n}"
            n += 1
            response = await http.post(f"/effects/{key}")
            if response.status_code == 201:
                acknowledged[key] = response.json()["event_id"]
            else:
                assert response.status_code == 503, response.text
                await asyncio.sleep(0.05)  # pace retries while the database is away

    async with (
        LifespanManager(app, startup_timeout=60),
        AsyncClient(transport=ASGITransport(app), base_url="http://svc") as http,
    ):
        writers = [asyncio.create_task(write(http, w)) for w in range(WRITERS)]
        try:
            await wait_until(lambda: len(acknowledged) >= BEFORE_CRASH, message="writes flow")
            await asyncio.to_thread(durable_postgres.crash)
            at_crash = len(acknowledged)
            await asyncio.to_thread(durable_postgres.start)
            await wait_until(
                lambda: len(acknowledged) >= at_crash + AFTER_RESTART,
                within=60,
                message="writes flow again after the restart",
            )
        finally:
            stop.set()
            await asyncio.gather(*writers)
        await wait_until(lambda: _drained(durable_service), within=60, message="outbox drained")

    stored_keys, stored_events = await _stored(durable_service)
    lost = sorted(set(acknowledged) - stored_keys)
    print(f"{len(acknowledged)} writes acknowledged ({at_crash} before the crash), lost {lost}")
    assert lost == []
    on_kafka = {event.event_id for event in await durable_service.published()}
    assert on_kafka - stored_events == set(), "events on Kafka whose rows were lost"
    assert set(acknowledged.values()) <= on_kafka


async def _drained(service: Service) -> bool:
    return await pending(service) == 0


async def _stored(service: Service) -> tuple[set[str], set[str]]:
    connection = await asyncpg.connect(asyncpg_dsn(service.database_url))
    try:
        keys = {
            row["event_key"] for row in await connection.fetch("SELECT event_key FROM effects_log")
        }
        events = {
            row["event_id"] for row in await connection.fetch("SELECT event_id FROM runtime_outbox")
        }
    finally:
        await connection.close()
    return keys, events
