"""The composition root: builds the matching service from its settings.

Nothing connects while building. Besides what the shared runtime starts (migrations, topics,
outbox relay, Kafka subscriber), the runtime runs the matching scheduler as a periodic task:
it expires lapsed offers, re-offers their seats and records SLA breaches.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from jobpeak_runtime.clock import Clock, utc_now
from jobpeak_runtime.migrate import service_migrations
from jobpeak_runtime.periodic import PeriodicTask
from jobpeak_runtime.service import ServiceRuntime, build_service_app

from jobpeak_matching.api import admin, offers, reviewers, work
from jobpeak_matching.application.scheduler import MatchingScheduler
from jobpeak_matching.handlers import build_handlers
from jobpeak_matching.settings import MatchingSettings


def build_app(settings: MatchingSettings, *, clock: Clock = utc_now) -> FastAPI:
    def scheduler_of(runtime: ServiceRuntime) -> MatchingScheduler:
        return MatchingScheduler(
            uow_factory=runtime.uow_factory, clock=clock, offer_ttl=settings.offer_ttl
        )

    async def scheduler_pass(runtime: ServiceRuntime) -> None:
        await scheduler_of(runtime).run_logged()

    app = build_service_app(
        settings=settings,
        routers=[work.router, offers.router, reviewers.router, admin.router],
        handlers=build_handlers(clock=clock, offer_ttl=settings.offer_ttl),
        migrations=service_migrations(Path(__file__).parent),
        periodic_tasks=[
            PeriodicTask("matching-scheduler", settings.scheduler_interval_seconds, scheduler_pass)
        ],
        title="jobpeak-matching",
    )
    app.state.clock = clock
    app.state.scheduler = scheduler_of(app.state.runtime)
    return app
