"""The matching service running in-process on the real stack, with a clock the test moves."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient, Response
from jobpeak_contracts.envelope import EncodedRecord, Event
from jobpeak_contracts.topics import MATCHING_MATCHES, MATCHING_WORK, Topic
from jobpeak_matching.app import build_app
from jobpeak_matching.application.promise import record_sla_breaches
from jobpeak_matching.application.rounds import RoundsRun, match_every_specialty
from jobpeak_matching.settings import MatchingSettings
from jobpeak_runtime.auth import Role, TokenIssuer
from jobpeak_runtime.clock import ManualClock
from jobpeak_runtime.db import inbox_table
from jobpeak_runtime.pseudonyms import development_id_of
from jobpeak_runtime.service import ServiceRuntime
from jobpeak_runtime.testing import (
    produce_events,
    produce_records,
    read_events,
    wait_for_events,
    wait_until,
    wait_until_relayed,
)
from sqlalchemy import Table, func, select

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
_SUBJECT_OF_ID: dict[str, str] = {}
"""The token ``sub`` behind each id the tests made: tests talk in ids, tokens carry subjects."""


def user_id(subject: str) -> str:
    """The pseudonymous id the service knows the holder of a token for ``subject`` by."""
    derived = development_id_of(subject)
    _SUBJECT_OF_ID[derived] = subject
    return derived


CLIENT = user_id("client-5d1e7a3c-2b4f-4c6e-8a0d-9f1b3c5e7a20")
COLLEAGUE_CLIENT = user_id("client-8b2d4f6a-1c3e-4a5c-9e7b-0d2f4a6c8e31")


def candidate(name: str) -> str:
    return user_id(f"cand-{name}-{secrets.token_hex(4)}")


def make_settings(
    *, database_url: str, kafka_bootstrap: str, topic_prefix: str, **overrides: Any
) -> MatchingSettings:
    """Quick polling, the periodic scheduler off unless a test turns it on."""
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "kafka_bootstrap": kafka_bootstrap,
        "topic_prefix": topic_prefix,
        "jwt_secret": secrets.token_urlsafe(32),
        "offer_ttl_seconds": 3600.0,
        "scheduler_interval_seconds": 0,
        "outbox_poll_interval_seconds": 0.1,
        "consumer_retry_backoff_seconds": 0.01,
        "consumer_commit_interval_seconds": 0.2,
    }
    return MatchingSettings(**(values | overrides))


@dataclass
class Matching:
    app: FastAPI
    http: AsyncClient
    settings: MatchingSettings
    clock: ManualClock

    @property
    def runtime(self) -> ServiceRuntime:
        runtime: ServiceRuntime = self.app.state.runtime
        return runtime

    # --- Periodic tasks, run once at the clock's time ---------------------------------------

    async def run_rounds(self) -> RoundsRun:
        """What the ``matching-rounds`` periodic task does on each run."""
        return await match_every_specialty(
            uow_factory=self.runtime.uow_factory,
            now=self.clock(),
            offer_ttl=self.settings.offer_ttl,
        )

    async def record_breaches(self) -> int:
        """What the ``matching-sla-breaches`` periodic task does on each run."""
        return await record_sla_breaches(uow_factory=self.runtime.uow_factory, now=self.clock())

    # --- HTTP -------------------------------------------------------------------------------

    def auth(self, subject: str, role: Role) -> dict[str, str]:
        token = TokenIssuer.from_settings(self.settings).issue(
            subject=_SUBJECT_OF_ID.get(subject, subject), role=role
        )
        return {"Authorization": f"Bearer {token}"}

    async def post_work(
        self,
        *,
        client: str = CLIENT,
        idempotency_key: str | None = None,
        specialty_slug: str = "coding",
        required_languages: Iterable[str] = ("Python",),
        rate_minor: int = 8_500,
        currency: str = "USD",
        seats: int = 1,
        starts_at: datetime | None = None,
    ) -> Response:
        headers = self.auth(client, Role.CLIENT)
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        body = {
            "specialty_slug": specialty_slug,
            "required_languages": list(required_languages),
            "hourly_rate": {"amount_minor": rate_minor, "currency": currency},
            "seats": seats,
            "starts_at": (starts_at or self.clock.now + timedelta(days=2)).isoformat(),
        }
        return await self.http.post("/work", json=body, headers=headers)

    async def offers_of(self, candidate_id: str) -> list[dict[str, Any]]:
        response = await self.http.get("/offers", headers=self.auth(candidate_id, Role.CANDIDATE))
        assert response.status_code == 200, response.text
        offers: list[dict[str, Any]] = response.json()
        return offers

    async def answer(self, candidate_id: str, offer_id: str | UUID, verb: str) -> Response:
        return await self.http.post(
            f"/offers/{offer_id}/{verb}", headers=self.auth(candidate_id, Role.CANDIDATE)
        )

    async def pool_entry(
        self, candidate_id: str, *, specialty_slug: str = "coding", role: Role = Role.CANDIDATE
    ) -> Response:
        return await self.http.get(
            f"/reviewers/me/specialties/{specialty_slug}", headers=self.auth(candidate_id, role)
        )

    async def state_languages(
        self,
        candidate_id: str,
        languages: Iterable[str] | None,
        *,
        specialty_slug: str = "coding",
        role: Role = Role.CANDIDATE,
    ) -> Response:
        return await self.http.put(
            f"/reviewers/me/specialties/{specialty_slug}/languages",
            json={"languages": None if languages is None else list(languages)},
            headers=self.auth(candidate_id, role),
        )

    # --- Kafka ------------------------------------------------------------------------------

    async def publish(self, *events: Event) -> list[EncodedRecord]:
        return await produce_events(
            bootstrap=self.settings.kafka_bootstrap,
            topic_prefix=self.settings.topic_prefix,
            events=events,
        )

    async def resend(self, record: EncodedRecord) -> None:
        """Send ``record`` as it is: a second send is a redelivery (same ``ce_id``)."""
        await produce_records(bootstrap=self.settings.kafka_bootstrap, records=[record])

    async def published(self, topic: Topic) -> list[Event]:
        """Everything matching published on ``topic`` so far: outbox drained, topic read."""
        await wait_until_relayed(self.runtime)
        read = await read_events(
            bootstrap=self.settings.kafka_bootstrap, topic=self.settings.topic_name(topic)
        )
        return [r.event for r in read]

    async def matches(self, event_type: type[Event] | None = None) -> list[Any]:
        events = await self.published(MATCHING_MATCHES)
        return [e for e in events if event_type is None or isinstance(e, event_type)]

    async def work_events(self, event_type: type[Event] | None = None) -> list[Any]:
        events = await self.published(MATCHING_WORK)
        return [e for e in events if event_type is None or isinstance(e, event_type)]

    async def wait_for_match_event(
        self, event_type: type[Event], *, count: int = 1, within: float = 30
    ) -> list[Any]:
        """Wait until ``count`` events of ``event_type`` are on the matches topic."""
        found = await wait_for_events(
            bootstrap=self.settings.kafka_bootstrap,
            topic=self.settings.topic_name(MATCHING_MATCHES),
            matching=lambda r: isinstance(r.event, event_type),
            count=count,
            within=within,
        )
        return [r.event for r in found]

    # --- Database ---------------------------------------------------------------------------

    async def handled(self, topic: Topic, *, count: int) -> None:
        """Wait until matching's consumer has processed ``count`` distinct records of ``topic``."""

        async def processed() -> bool:
            topic_name = self.settings.topic_name(topic)
            return await self.count(inbox_table, inbox_table.c.topic == topic_name) >= count

        await wait_until(processed, within=30, message=f"{count} records of {topic.name} handled")

    async def count(self, table: Table, *where: Any) -> int:
        async with self.runtime.engine.connect() as connection:
            total = await connection.scalar(select(func.count()).select_from(table).where(*where))
        return int(total or 0)


@asynccontextmanager
async def running_matching(
    settings: MatchingSettings, *, clock: ManualClock
) -> AsyncIterator[Matching]:
    """Matching with its whole lifespan (migrations, topics, relay, consumer) running."""
    app = build_app(settings, clock=clock)
    async with (
        LifespanManager(app, startup_timeout=90, shutdown_timeout=30),
        AsyncClient(transport=ASGITransport(app=app), base_url="http://matching.test") as http,
    ):
        yield Matching(app=app, http=http, settings=settings, clock=clock)
