"""The catalog's composition root: everything the service needs, built from its settings."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from jobpeak_runtime.clock import Clock, utc_now
from jobpeak_runtime.migrate import service_migrations
from jobpeak_runtime.service import build_service_app

from jobpeak_catalog.adapters.unit_of_work import SqlCatalogUnitOfWork
from jobpeak_catalog.api import admin_publishing, admin_questions, admin_specialties, public
from jobpeak_catalog.api.problems import install_error_handlers
from jobpeak_catalog.settings import CatalogSettings


def build_app(settings: CatalogSettings, *, clock: Clock = utc_now) -> FastAPI:
    """The catalog's HTTP app; nothing connects until its lifespan starts."""
    app = build_service_app(
        settings=settings,
        routers=[
            public.router,
            admin_specialties.router,
            admin_questions.router,
            admin_publishing.router,
        ],
        unit_of_work=SqlCatalogUnitOfWork,
        migrations=service_migrations(Path(__file__).parent),
        title="Jobpeak catalog",
    )
    app.state.clock = clock
    install_error_handlers(app)
    return app
