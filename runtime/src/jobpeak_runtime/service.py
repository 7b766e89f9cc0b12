"""The composition root helper: one call builds a whole service from its settings.

::

    def build_app(settings: CatalogSettings) -> FastAPI:
        return build_service_app(
            settings=settings,
            routers=[specialties_router, admin_router],
            handlers=handlers,
            migrations=service_migrations(Path(__file__).parent),
        )

    # __main__.py
    serve(build_app(CatalogSettings()))

Building connects to nothing; the app's lifespan migrates the database, creates missing topics
(unless ``create_topics_on_startup`` is off, as it is by default in production), starts the
outbox relay, the Kafka subscriber and the service's periodic tasks, and stops them in reverse
order.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import APIRouter, FastAPI, Response
from faststream.kafka import KafkaBroker
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from jobpeak_runtime.auth import TokenVerifier
from jobpeak_runtime.checks import Check
from jobpeak_runtime.consumed import RetryPolicy
from jobpeak_runtime.consumer import OffsetCommitter, subscribe
from jobpeak_runtime.db import SessionLimits, create_engine, create_sessionmaker, outbox_table
from jobpeak_runtime.edge import install_problem_details
from jobpeak_runtime.handlers import EventHandlers
from jobpeak_runtime.health import BrokerProbe, database_check, health_router
from jobpeak_runtime.http import SyntheticTrafficMiddleware, TracingMiddleware
from jobpeak_runtime.inbox import InboxProcessor
from jobpeak_runtime.kafka_security import faststream_security, kafka_client_options
from jobpeak_runtime.kafka_topics import ensure_topics, platform_topics
from jobpeak_runtime.logging import configure_logging, get_logger
from jobpeak_runtime.metrics import RuntimeMetrics
from jobpeak_runtime.migrate import run_migrations
from jobpeak_runtime.outbox import OutboxRelay
from jobpeak_runtime.periodic import PeriodicTask, running_periodically
from jobpeak_runtime.rate_limits import rate_limits_from_settings
from jobpeak_runtime.schemas_http import schema_router
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_runtime.shutdown import cancel_and_wait, stop_step
from jobpeak_runtime.startup_heap import freeze_startup_heap, unfreeze_startup_heap
from jobpeak_runtime.tracing import Tracing
from jobpeak_runtime.uow import UnitOfWork, UnitOfWorkFactory

_log = get_logger(__name__)

StartupHook = Callable[["ServiceRuntime"], Awaitable[None]]
ShutdownHook = Callable[["ServiceRuntime"], Awaitable[None]]


@dataclass
class ServiceRuntime:
    """Everything the runtime built for one service process (``app.state.runtime``)."""

    settings: ServiceSettings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    uow_factory: UnitOfWorkFactory[Any]
    tracing: Tracing
    metrics: RuntimeMetrics
    relay: OutboxRelay
    handlers: EventHandlers[Any]
    broker: KafkaBroker | None
    committer: OffsetCommitter
    processor: InboxProcessor
    broker_probe: BrokerProbe
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self, *, migrations: Path | None) -> None:
        settings = self.settings
        if settings.migrate_on_startup:
            await run_migrations(database_url=settings.database_url, service_versions=migrations)
        if settings.creates_topics_on_startup:
            await ensure_topics(
                bootstrap=settings.kafka_bootstrap,
                topics=platform_topics(
                    settings.topic_prefix, dlq_retention_ms=settings.kafka_dlq_retention_ms
                ),
                partitions=settings.kafka_topic_partitions,
                replication_factor=settings.kafka_replication_factor,
                options=kafka_client_options(settings),
            )
        self._tasks.append(asyncio.create_task(self.relay.run(), name="outbox-relay"))
        if self.broker is not None:
            await self.broker.start()
            self._tasks.append(
                asyncio.create_task(
                    self.committer.run_periodically(settings.consumer_commit_interval_seconds),
                    name="offset-committer",
                )
            )
        await freeze_startup_heap()
        _log.info("service started", service=settings.service_name)

    async def stop(self) -> None:
        """Stop in reverse order, each step bounded (about 20 s in all, see :mod:`.shutdown`)."""
        if self.broker is not None:
            await stop_step("commit consumed offsets", self.committer.commit(), seconds=3)
            await stop_step("stop the kafka subscriber", self.broker.stop(), seconds=5)
        await cancel_and_wait(self._tasks, seconds=6)
        self._tasks.clear()
        await stop_step("close the broker probe", self.broker_probe.close(), seconds=2)
        await stop_step("flush traces", asyncio.to_thread(self.tracing.shutdown), seconds=2)
        await stop_step("close database connections", self.engine.dispose(), seconds=2)
        unfreeze_startup_heap()
        _log.info("service stopped", service=self.settings.service_name)

    async def outbox_backlog(self) -> int:
        async with self.engine.connect() as connection:
            count = await connection.scalar(
                select(func.count())
                .select_from(outbox_table)
                .where(outbox_table.c.published_at.is_(None))
            )
        return int(count or 0)


def build_runtime(
    *,
    settings: ServiceSettings,
    handlers: EventHandlers[Any] | None = None,
    unit_of_work: type[UnitOfWork] = UnitOfWork,
) -> ServiceRuntime:
    """Build (without connecting) the runtime objects of one service process.

    ``unit_of_work`` is the service's :class:`UnitOfWork` subclass (its repositories); handlers
    and routes receive instances of it.
    """
    handlers = handlers or EventHandlers()
    engine = create_engine(
        settings.database_url,
        limits=SessionLimits(
            statement_timeout_seconds=settings.database_statement_timeout_seconds,
            lock_timeout_seconds=settings.database_lock_timeout_seconds,
            idle_in_transaction_timeout_seconds=settings.database_idle_in_transaction_timeout_seconds,
            keepalive_idle_seconds=settings.database_keepalive_idle_seconds,
        ),
    )
    sessionmaker = create_sessionmaker(engine)
    uow_factory = UnitOfWorkFactory(
        sessionmaker=sessionmaker, topic_prefix=settings.topic_prefix, unit_of_work=unit_of_work
    )
    tracing = Tracing(service_name=settings.service_name)
    metrics = RuntimeMetrics()
    relay = OutboxRelay(
        database_url=settings.database_url,
        kafka_bootstrap=settings.kafka_bootstrap,
        client_id=f"{settings.service_name}-relay",
        batch_size=settings.outbox_batch_size,
        poll_interval_seconds=settings.outbox_poll_interval_seconds,
        retention_seconds=settings.outbox_retention_seconds,
        lease_seconds=settings.outbox_lease_seconds,
        metrics=metrics,
        kafka_options=kafka_client_options(settings),
    )
    committer = OffsetCommitter()
    processor = InboxProcessor(
        consumer_name=settings.consumer_group,
        handlers=handlers,
        uow_factory=uow_factory,
        retry=RetryPolicy(
            max_attempts=settings.consumer_max_attempts,
            backoff_seconds=settings.consumer_retry_backoff_seconds,
            backoff_max_seconds=settings.consumer_retry_backoff_max_seconds,
        ),
        tracing=tracing,
        metrics=metrics,
    )
    broker = None
    if len(handlers):
        broker = KafkaBroker(
            settings.kafka_bootstrap.split(","),  # FastStream takes a list, not "a,b"
            client_id=f"{settings.service_name}-consumer",
            logger=logging.getLogger("faststream.jobpeak"),
            log_level=logging.DEBUG,
            security=faststream_security(settings),
        )
        subscribe(
            broker=broker,
            topics=[settings.topic_name(topic) for topic in handlers.topics],
            group_id=settings.consumer_group,
            processor=processor,
            committer=committer,
            batch_size=settings.consumer_batch_size,
            instance_id=settings.consumer_instance_id,
        )
    runtime = ServiceRuntime(
        settings=settings,
        engine=engine,
        sessionmaker=sessionmaker,
        uow_factory=uow_factory,
        tracing=tracing,
        metrics=metrics,
        relay=relay,
        handlers=handlers,
        broker=broker,
        committer=committer,
        processor=processor,
        broker_probe=BrokerProbe(
            bootstrap=settings.kafka_bootstrap,
            client_id=f"{settings.service_name}-probe",
            options=kafka_client_options(settings),
        ),
    )
    metrics.set_backlog_source(runtime.outbox_backlog)
    metrics.add_dependency_check("broker", runtime.broker_probe)
    metrics.add_dependency_check("database", database_check(settings.database_url))
    metrics.add_lag_source(committer.lag)
    return runtime


def build_service_app(
    *,
    settings: ServiceSettings,
    routers: Sequence[APIRouter] = (),
    handlers: EventHandlers[Any] | None = None,
    unit_of_work: type[UnitOfWork] = UnitOfWork,
    migrations: Path | None = None,
    on_startup: StartupHook | None = None,
    on_shutdown: ShutdownHook | None = None,
    periodic_tasks: Sequence[PeriodicTask] = (),
    title: str | None = None,
) -> FastAPI:
    """A service's FastAPI app with its runtime wired in; nothing connects until start-up.

    Start-up: the runtime (migrations, topics, relay, consumer), then ``on_startup``, then the
    ``periodic_tasks``. Shutdown: the periodic tasks are cancelled, ``on_shutdown`` runs, then
    the runtime stops.
    """
    runtime = build_runtime(settings=settings, handlers=handlers, unit_of_work=unit_of_work)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(level=settings.log_level, json=settings.log_json)
        await runtime.start(migrations=migrations)
        try:
            if on_startup is not None:
                await on_startup(runtime)
            async with running_periodically(periodic_tasks, runtime=runtime):
                yield
        finally:
            try:
                if on_shutdown is not None:
                    await on_shutdown(runtime)
            finally:
                await runtime.stop()

    app = FastAPI(title=title or f"jobpeak-{settings.service_name}", lifespan=lifespan)
    app.state.runtime = runtime
    app.state.settings = settings
    app.state.uow_factory = runtime.uow_factory
    app.state.token_verifier = verifier = TokenVerifier.from_settings(settings)
    readiness: dict[str, Check] = {"database": database_check(settings.database_url)}
    app.state.readiness_checks = readiness
    app.state.liveness_details = {"broker": runtime.broker_probe}
    install_problem_details(
        app,
        body_limit_bytes=settings.http_max_body_bytes,
        body_limits=settings.http_body_limits,
        rate_limits=rate_limits_from_settings(
            settings, verifier=verifier, on_limited=runtime.metrics.count_rate_limited
        ),
    )
    app.add_middleware(SyntheticTrafficMiddleware)
    app.add_middleware(TracingMiddleware, tracing=runtime.tracing)
    app.include_router(health_router)
    app.include_router(schema_router(service=settings.service_name))

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(await runtime.metrics.render(), media_type=CONTENT_TYPE_LATEST)

    for router in routers:
        app.include_router(router)
    return app


def serve(app: FastAPI) -> None:
    """Run ``app`` with uvicorn on the host and port of its settings (blocking)."""
    settings: ServiceSettings = app.state.settings
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_config=None)
