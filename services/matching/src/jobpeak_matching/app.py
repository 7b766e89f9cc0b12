"""The composition root: builds the matching service from its settings.

Nothing connects while building. Besides what the shared runtime starts (migrations, topics,
outbox relay, Kafka subscriber), the app runs the matching scheduler as a background task:
it expires lapsed offers, re-offers their seats and records SLA breaches.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from jobpeak_runtime.service import build_service_app

from jobpeak_matching.api import admin, offers, work
from jobpeak_matching.application.clock import Clock, utc_now
from jobpeak_matching.application.scheduler import MatchingScheduler
from jobpeak_matching.handlers import build_handlers
from jobpeak_matching.settings import MatchingSettings

MIGRATIONS = Path(__file__).parent / "migrations" / "versions"


def build_app(settings: MatchingSettings, *, clock: Clock = utc_now) -> FastAPI:
    app = build_service_app(
        settings=settings,
        routers=[work.router, offers.router, admin.router],
        handlers=build_handlers(clock=clock, offer_ttl=settings.offer_ttl),
        migrations=MIGRATIONS,
        title="jobpeak-matching",
    )
    scheduler = MatchingScheduler(
        uow_factory=app.state.uow_factory, clock=clock, offer_ttl=settings.offer_ttl
    )
    app.state.clock = clock
    app.state.scheduler = scheduler
    runtime_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with runtime_lifespan(app):
            task = None
            if settings.scheduler_interval_seconds > 0:
                task = asyncio.create_task(
                    scheduler.run_periodically(settings.scheduler_interval_seconds),
                    name="matching-scheduler",
                )
            try:
                yield
            finally:
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task

    app.router.lifespan_context = lifespan
    return app
