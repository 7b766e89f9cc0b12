"""The HTTP side of a service built with the runtime: probes, metrics, auth, unit of work,
trace context from the request into the outbox, and migrations of a service's own branch."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from asgi_lifespan import LifespanManager
from fastapi import APIRouter, HTTPException
from httpx import ASGITransport, AsyncClient
from jobpeak_contracts.events.matching import WorkClosed
from jobpeak_runtime.auth import ClientPrincipal, Role, TokenIssuer
from jobpeak_runtime.db import outbox_table
from jobpeak_runtime.http import UnitOfWorkDep
from jobpeak_runtime.migrate import run_migrations
from jobpeak_runtime.periodic import PeriodicTask
from jobpeak_runtime.records import headers_from_json
from jobpeak_runtime.service import ServiceRuntime, build_service_app
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_runtime.testing import wait_until
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine

pytestmark = pytest.mark.integration

WorkClosedFactory = Callable[[uuid.UUID, int], WorkClosed]
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


def closing_router(work_closed: WorkClosedFactory) -> APIRouter:
    router = APIRouter()

    @router.post("/work/{sequence}/close", status_code=202)
    async def close_work(
        sequence: int, principal: ClientPrincipal, uow: UnitOfWorkDep
    ) -> dict[str, str]:
        event_id = uow.emit(work_closed(uuid.uuid4(), sequence))
        if sequence >= 900:
            raise HTTPException(422, "sequence too high")  # leaves without commit
        await uow.commit()
        return {"event_id": event_id}

    return router


async def test_probes_metrics_and_a_traced_write(
    service_settings: ServiceSettings, work_closed: WorkClosedFactory
) -> None:
    app = build_service_app(settings=service_settings, routers=[closing_router(work_closed)])
    token = TokenIssuer.from_settings(service_settings).issue(subject="cl-1", role=Role.CLIENT)
    auth = {"Authorization": f"Bearer {token}"}
    async with (
        LifespanManager(app, startup_timeout=60),
        AsyncClient(transport=ASGITransport(app), base_url="http://svc") as http,
    ):
        assert (await http.get("/healthz")).json() == {"status": "ok", "checks": {"broker": "ok"}}
        ready = await http.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {"database": "ok"}

        assert (await http.post("/work/1/close")).status_code == 401
        refused = await http.post("/work/901/close", headers=auth)
        assert refused.status_code == 422
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["detail"] == "sequence too high"
        traceparent = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
        accepted = await http.post("/work/2/close", headers={**auth, "traceparent": traceparent})
        assert accepted.status_code == 202

        engine = app.state.runtime.engine
        async with engine.connect() as connection:
            rows = (await connection.execute(select(outbox_table))).mappings().all()
        assert [row["event_id"] for row in rows] == [accepted.json()["event_id"]]
        headers = dict(headers_from_json(rows[0]["headers"]))
        assert headers["traceparent"].decode().split("-")[1] == TRACE_ID

        metrics = (await http.get("/metrics")).text
        for name in (
            "jobpeak_outbox_backlog",
            "jobpeak_handler_seconds",
            "jobpeak_dead_letters_total",
            "jobpeak_consumer_lag",
        ):
            assert name in metrics


@pytest.fixture
def unreachable_database(
    make_settings: Callable[..., ServiceSettings], kafka_bootstrap: str, topic_prefix: str
) -> ServiceSettings:
    return make_settings(
        database_url="postgresql+asyncpg://postgres@127.0.0.1:1/none",
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
    )


async def test_readiness_fails_when_the_database_is_unreachable(
    unreachable_database: ServiceSettings,
) -> None:
    app = build_service_app(settings=unreachable_database)
    # No lifespan: the app is built but its database never answers.
    async with AsyncClient(transport=ASGITransport(app), base_url="http://svc") as http:
        ready = await http.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"].startswith("failed")
    await app.state.runtime.broker_probe.close()


async def test_a_request_needing_an_unreachable_database_is_answered_503(
    unreachable_database: ServiceSettings,
) -> None:
    router = APIRouter()

    @router.get("/count")
    async def count(uow: UnitOfWorkDep) -> int:
        return int(await uow.session.scalar(text("SELECT 1")) or 0)

    app = build_service_app(settings=unreachable_database, routers=[router])
    async with AsyncClient(transport=ASGITransport(app), base_url="http://svc") as http:
        response = await http.get("/count")
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "5"
    assert response.headers["content-type"] == "application/problem+json"
    await app.state.runtime.broker_probe.close()


async def test_a_broker_outage_or_a_busy_pool_leaves_the_service_ready(
    make_settings: Callable[..., ServiceSettings], database_url: str
) -> None:
    """Readiness is the database, over its own connection; the broker shows in /healthz."""
    settings = make_settings(database_url=database_url, kafka_bootstrap="127.0.0.1:1")
    app = build_service_app(settings=settings)
    engine = app.state.runtime.engine
    async with AsyncClient(transport=ASGITransport(app), base_url="http://svc") as http:
        busy = [
            await engine.connect() for _ in range(engine.pool.size() + engine.pool._max_overflow)
        ]
        try:
            ready = await asyncio.wait_for(http.get("/readyz"), timeout=10)
        finally:
            for connection in busy:
                await connection.close()
        health = await http.get("/healthz")
        metrics = (await http.get("/metrics")).text
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ready", "checks": {"database": "ok"}}
    assert health.status_code == 200
    assert health.json()["checks"]["broker"].startswith("failed")
    assert 'jobpeak_dependency_up{dependency="broker"} 0.0' in metrics
    assert 'jobpeak_dependency_up{dependency="database"} 1.0' in metrics
    await app.state.runtime.broker_probe.close()
    await engine.dispose()


async def test_migrations_apply_the_runtime_and_the_service_branches(
    database_url: str, tmp_path: Path
) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "0001_orders.py").write_text(
        '"""orders"""\n'
        "import sqlalchemy as sa\n"
        "from alembic import op\n\n"
        'revision = "svc_0001"\n'
        "down_revision = None\n"
        'branch_labels = ("svc",)\n'
        "depends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        '    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True))\n\n\n'
        "def downgrade() -> None:\n"
        '    op.drop_table("orders")\n'
    )
    await run_migrations(database_url=database_url, service_versions=versions)
    await run_migrations(database_url=database_url, service_versions=versions)  # idempotent
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            tables = set(
                (
                    await connection.execute(
                        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                    )
                ).scalars()
            )
            heads = set(
                (
                    await connection.execute(text("SELECT version_num FROM alembic_version"))
                ).scalars()
            )
            pending = await connection.scalar(select(func.count()).select_from(outbox_table))
    finally:
        await engine.dispose()
    assert {"orders", "runtime_outbox", "runtime_inbox", "runtime_relay_lease"} <= tables
    assert heads == {"svc_0001", "runtime_0002"}
    assert pending == 0


async def test_periodic_tasks_run_while_the_service_is_up_and_stop_before_shutdown_hook(
    service_settings: ServiceSettings,
) -> None:
    runs: list[int] = []
    task_running_at_shutdown: list[bool] = []

    async def tick(runtime: ServiceRuntime) -> None:
        runs.append(1)

    async def on_shutdown(runtime: ServiceRuntime) -> None:
        task_running_at_shutdown.append(
            any(task.get_name() == "ticker" for task in asyncio.all_tasks())
        )

    app = build_service_app(
        settings=service_settings,
        periodic_tasks=[PeriodicTask("ticker", 0.01, tick)],
        on_shutdown=on_shutdown,
    )
    async with LifespanManager(app, startup_timeout=60):
        await wait_until(lambda: len(runs) >= 3, within=10, message="periodic task ran")
    assert task_running_at_shutdown == [False]
