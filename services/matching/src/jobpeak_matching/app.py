"""The composition root: builds the matching service from its settings.

Nothing connects while building. Besides what the shared runtime starts (migrations, topics,
outbox relay, Kafka subscriber), two periodic tasks run in every process: matching rounds for
every specialty (expire lapsed offers, re-offer their seats) and the recording of SLA breaches.
Both are safe to run in several processes at once (specialty lock, row locks).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from jobpeak_runtime.clock import Clock, utc_now
from jobpeak_runtime.migrate import service_migrations
from jobpeak_runtime.periodic import PeriodicTask
from jobpeak_runtime.service import ServiceRuntime, build_service_app

from jobpeak_matching.adapters.unit_of_work import SqlMatchingUnitOfWork
from jobpeak_matching.api import admin, offers, reviewers, work
from jobpeak_matching.api.errors import add_refusal_handlers
from jobpeak_matching.application.promise import record_sla_breaches
from jobpeak_matching.application.rounds import match_every_specialty
from jobpeak_matching.handlers import build_handlers
from jobpeak_matching.settings import MatchingSettings


def periodic_tasks(settings: MatchingSettings, *, clock: Clock) -> list[PeriodicTask]:
    """The matching rounds and the SLA breach recording, every ``scheduler_interval_seconds``."""

    async def matching_rounds(runtime: ServiceRuntime) -> None:
        await match_every_specialty(
            uow_factory=runtime.uow_factory, now=clock(), offer_ttl=settings.offer_ttl
        )

    async def sla_breaches(runtime: ServiceRuntime) -> None:
        await record_sla_breaches(uow_factory=runtime.uow_factory, now=clock())

    interval = settings.scheduler_interval_seconds
    return [
        PeriodicTask("matching-rounds", interval, matching_rounds),
        PeriodicTask("matching-sla-breaches", interval, sla_breaches),
    ]


def build_app(settings: MatchingSettings, *, clock: Clock = utc_now) -> FastAPI:
    app = build_service_app(
        settings=settings,
        routers=[work.router, offers.router, reviewers.router, admin.router],
        handlers=build_handlers(clock=clock, offer_ttl=settings.offer_ttl),
        unit_of_work=SqlMatchingUnitOfWork,
        migrations=service_migrations(Path(__file__).parent),
        periodic_tasks=periodic_tasks(settings, clock=clock),
        title="jobpeak-matching",
    )
    add_refusal_handlers(app)
    app.state.clock = clock
    app.state.offer_ttl = settings.offer_ttl
    app.state.work_start_horizon = settings.work_start_horizon
    return app
