"""The composition root: builds the testing service from its settings.

Nothing connects while building. When the app starts, the shared runtime migrates the database,
creates the topics and starts the outbox relay and the Kafka subscriber (catalog topics and
payments); then the catalog replicas are rebuilt from the compacted topics before serving.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from jobpeak_runtime.clock import Clock, utc_now
from jobpeak_runtime.migrate import service_migrations
from jobpeak_runtime.periodic import PeriodicTask
from jobpeak_runtime.service import ServiceRuntime, build_service_app

from jobpeak_testing.adapters.bank_cache import LiveBankCache
from jobpeak_testing.adapters.exposure_metrics import ExposureGauges
from jobpeak_testing.adapters.topic_replay import InboxTopicReplay
from jobpeak_testing.adapters.unit_of_work import SqlTestingUnitOfWork
from jobpeak_testing.api import admin, routes
from jobpeak_testing.api.errors import install_error_handlers
from jobpeak_testing.application.exposure import every_exposure_report
from jobpeak_testing.application.replica_rebuild import rebuild_replicas
from jobpeak_testing.handlers import build_handlers
from jobpeak_testing.settings import TestingSettings


def unpredictable_seed() -> int:
    """A fresh draw seed per attempt, so no candidate can foresee their items."""
    return secrets.randbits(63)


async def _rebuild_replicas(runtime: ServiceRuntime) -> None:
    await rebuild_replicas(replay=InboxTopicReplay(runtime))


def build_app(
    settings: TestingSettings,
    *,
    clock: Clock = utc_now,
    draw_seeds: Callable[[], int] = unpredictable_seed,
) -> FastAPI:
    """The app; tests pass a fixed ``clock`` and a seeded ``draw_seeds`` for repeatable draws."""
    rules = settings.delivery_rules()

    async def refresh_exposure_gauges() -> None:
        runtime: ServiceRuntime = app.state.runtime
        async with runtime.uow_factory() as uow:
            reports = await every_exposure_report(uow=uow, cap=rules.exposure_cap)
        gauges.show(reports)

    async def start(runtime: ServiceRuntime) -> None:
        await _rebuild_replicas(runtime)
        await refresh_exposure_gauges()

    app = build_service_app(
        settings=settings,
        routers=[routes.router, admin.router],
        handlers=build_handlers(clock=clock),
        unit_of_work=SqlTestingUnitOfWork.with_bank_cache(LiveBankCache()),
        migrations=service_migrations(Path(__file__).parent),
        on_startup=start,
        periodic_tasks=[
            PeriodicTask(
                "exposure-gauges",
                settings.exposure_metrics_interval_seconds,
                lambda _: refresh_exposure_gauges(),
            )
        ],
        title="jobpeak-testing",
    )
    gauges = ExposureGauges(app.state.runtime.metrics.registry)
    app.state.clock = clock
    app.state.draw_seeds = draw_seeds
    app.state.delivery_rules = rules
    app.state.refresh_exposure_gauges = refresh_exposure_gauges
    install_error_handlers(app)
    return app
