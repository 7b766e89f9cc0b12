"""The four services running in-process on the real stack, with a token per role.

Each is built by its own composition root with the settings its integration tests use, and
started with its whole lifespan (migrations, topics, relay, consumer), so a hostile request meets
exactly what production would: the edge middleware, the routes, PostgreSQL and Kafka.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from jobpeak_billing.app import build_app as build_billing
from jobpeak_billing.settings import BillingSettings
from jobpeak_catalog.app import build_app as build_catalog
from jobpeak_catalog.settings import CatalogSettings
from jobpeak_matching.app import build_app as build_matching
from jobpeak_matching.settings import MatchingSettings
from jobpeak_runtime.auth import Role, TokenIssuer
from jobpeak_runtime.clock import utc_now
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_testing.app import build_app as build_testing
from jobpeak_testing.settings import TestingSettings
from pydantic import SecretStr

SERVICES = ("catalog", "testing", "billing", "matching")
DRAW_SEED = 7
"""Every attempt testing starts draws with this seed: the same questions on every run."""

SUBJECTS = {
    Role.CANDIDATE: "cand-hostile-7c1e",
    Role.CLIENT: "client-hostile-3b9d",
    Role.ADMIN: "admin-hostile-5a2f",
}
"""Who each role's token names: pseudonymous ids of the contracts' shape."""


@dataclass(frozen=True)
class Infrastructure:
    database_url: str
    kafka_bootstrap: str
    topic_prefix: str
    stripe_api_base: str


@dataclass
class RunningService:
    name: str
    app: FastAPI
    settings: ServiceSettings
    http: httpx.AsyncClient

    def token(self, role: Role, subject: str | None = None) -> str:
        issuer = TokenIssuer.from_settings(self.settings)
        return issuer.issue(subject=subject or SUBJECTS[role], role=role)

    def auth(self, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(role)}"}


def _common(infra: Infrastructure) -> dict[str, Any]:
    return {
        "environment": "test",
        "database_url": infra.database_url,
        "kafka_bootstrap": infra.kafka_bootstrap,
        "topic_prefix": infra.topic_prefix,
        "jwt_secret": SecretStr(secrets.token_urlsafe(32)),
        "outbox_poll_interval_seconds": 0.1,
        "consumer_retry_backoff_seconds": 0.01,
        "consumer_commit_interval_seconds": 0.2,
    }


def _catalog(infra: Infrastructure) -> FastAPI:
    return build_catalog(CatalogSettings(**_common(infra)))


def _testing(infra: Infrastructure) -> FastAPI:
    settings = TestingSettings(**_common(infra))
    return build_testing(settings, clock=utc_now, draw_seeds=lambda: DRAW_SEED)


def _billing(infra: Infrastructure) -> FastAPI:
    settings = BillingSettings(
        **_common(infra),
        stripe_api_base=infra.stripe_api_base,
        stripe_api_key=SecretStr(f"sk_test_{secrets.token_hex(12)}"),
        stripe_webhook_secret=SecretStr(f"whsec_{secrets.token_urlsafe(24)}"),
        stripe_max_network_retries=0,
        reconcile_interval_seconds=0,
    )
    return build_billing(settings)


def _matching(infra: Infrastructure) -> FastAPI:
    settings = MatchingSettings(**_common(infra), scheduler_interval_seconds=0)
    return build_matching(settings, clock=utc_now)


_BUILDERS: dict[str, Callable[[Infrastructure], FastAPI]] = {
    "catalog": _catalog,
    "testing": _testing,
    "billing": _billing,
    "matching": _matching,
}


def build_service(name: str, infra: Infrastructure) -> FastAPI:
    """The service's app, built as its tests build it; building connects to nothing."""
    return _BUILDERS[name](infra)


@asynccontextmanager
async def running_service(name: str, infra: Infrastructure) -> AsyncIterator[RunningService]:
    app = build_service(name, infra)
    async with (
        LifespanManager(app, startup_timeout=90, shutdown_timeout=30),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=f"http://{name}.test"
        ) as http,
    ):
        yield RunningService(name=name, app=app, settings=app.state.settings, http=http)
