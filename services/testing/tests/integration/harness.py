"""The integration harness: a running testing service, publishers and readers of topics.

:func:`running` starts the service with its lifespan (migrations, topics, relay, subscriber,
replica rebuild) and gives per-candidate HTTP clients that record every response body, and a
buffer of every log line. :class:`Publisher` puts events on the test's prefixed topics as catalog
and billing would; :class:`TopicReader` reads a topic from its beginning. Draws are seeded
(:data:`DRAW_SEED`), so every run serves the same items in the same order.
"""

from __future__ import annotations

import io
import logging
import random
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from jobpeak_contracts.envelope import EncodedRecord, Event
from jobpeak_contracts.events import PaymentCaptured
from jobpeak_contracts.money import Money
from jobpeak_contracts.questions import (
    FaultyLinesQuestion,
    MultipleSelectQuestion,
    Question,
    SingleChoiceQuestion,
)
from jobpeak_runtime.auth import Role, TokenIssuer
from jobpeak_runtime.clock import Clock, utc_now
from jobpeak_runtime.pseudonyms import development_id_of
from jobpeak_runtime.service import ServiceRuntime
from jobpeak_runtime.testing import (
    TopicEvent,
    produce_events,
    produce_records,
    read_events,
    wait_for_events,
    wait_until,
    wait_until_relayed,
)
from jobpeak_testing.adapters.tables import questions as question_rows
from jobpeak_testing.app import build_app
from jobpeak_testing.settings import TestingSettings
from pydantic import SecretStr
from sqlalchemy import func, select

from services.testing.tests.samples import NOW, questions_published, specialty_published

TEST_JWT_SECRET = "testing-integration-tests-8b3e1f5a7c9d2e4f6a0b"
DRAW_SEED = 0
"""Seeds the service's draws; its first practice draw of the sample bank has every format."""


def make_settings(*, database_url: str, kafka_bootstrap: str, topic_prefix: str) -> TestingSettings:
    return TestingSettings(
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        environment="test",
        jwt_secret=SecretStr(TEST_JWT_SECRET),
        outbox_poll_interval_seconds=0.1,
        consumer_retry_backoff_seconds=0.01,
        consumer_commit_interval_seconds=0.2,
        log_level="DEBUG",
        log_json=True,
    )


@dataclass
class Service:
    """A running testing service."""

    app: FastAPI
    settings: TestingSettings
    log: io.StringIO
    bodies: list[str] = field(default_factory=list)
    _clients: list[httpx.AsyncClient] = field(default_factory=list)

    @property
    def runtime(self) -> ServiceRuntime:
        runtime: ServiceRuntime = self.app.state.runtime
        return runtime

    def candidate(self, candidate_id: str) -> httpx.AsyncClient:
        """An HTTP client acting as ``candidate_id``; every response body is recorded."""
        return self.caller(candidate_id, role=Role.CANDIDATE)

    def caller(self, subject: str, *, role: Role) -> httpx.AsyncClient:
        """An HTTP client acting as ``subject`` in ``role``; every response body is recorded."""
        token = TokenIssuer.from_settings(self.settings).issue(subject=subject, role=role)

        async def record(response: httpx.Response) -> None:
            await response.aread()
            self.bodies.append(response.text)

        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app),
            base_url="http://testing",
            headers={"Authorization": f"Bearer {token}"},
            event_hooks={"response": [record]},
        )
        self._clients.append(client)
        return client

    async def live_questions(self, specialty_slug: str) -> int:
        async with self.runtime.engine.connect() as connection:
            count = await connection.scalar(
                select(func.count())
                .select_from(question_rows)
                .where(
                    question_rows.c.specialty_slug == specialty_slug,
                    question_rows.c.retired_at.is_(None),
                )
            )
        return int(count or 0)

    async def wait_for_bank(self, specialty_slug: str, size: int) -> None:
        async def replicated() -> bool:
            return await self.live_questions(specialty_slug) == size

        await wait_until(replicated, within=60, message=f"{size} questions replicated")

    async def relayed(self) -> None:
        """Wait until the relay has published every committed outbox row."""
        await wait_until_relayed(self.runtime)

    async def close_clients(self) -> None:
        for client in self._clients:
            await client.aclose()


@asynccontextmanager
async def running(
    settings: TestingSettings, *, clock: Clock = utc_now, draw_seed: int = DRAW_SEED
) -> AsyncIterator[Service]:
    """The service started and serving until the block ends; log lines captured in ``log``.

    The n-th attempt started gets the n-th seed of ``random.Random(draw_seed)``.
    """
    seeds = random.Random(draw_seed)
    app = build_app(settings, clock=clock, draw_seeds=lambda: seeds.getrandbits(63))
    log = io.StringIO()
    async with LifespanManager(app, startup_timeout=90, shutdown_timeout=30):
        root = logging.getLogger()
        capture = logging.StreamHandler(log)
        capture.setFormatter(root.handlers[0].formatter)
        root.addHandler(capture)
        service = Service(app=app, settings=settings, log=log)
        try:
            yield service
        finally:
            root.removeHandler(capture)
            await service.close_clients()


@dataclass(frozen=True)
class Publisher:
    """Publishes events as their producing services would, onto the test's prefixed topics."""

    bootstrap: str
    topic_prefix: str

    async def event(self, event: Event) -> EncodedRecord:
        [record] = await self.events([event])
        return record

    async def record(self, record: EncodedRecord) -> None:
        """Send ``record`` as it is: sending one twice is a redelivery (same ``ce_id``)."""
        await produce_records(bootstrap=self.bootstrap, records=[record])

    async def events(self, events: Iterable[Event]) -> list[EncodedRecord]:
        return await produce_events(
            bootstrap=self.bootstrap, topic_prefix=self.topic_prefix, events=events
        )

    async def catalog(
        self, questions: list[Question], *, bank_version: int = 1, **snapshot: Any
    ) -> None:
        """A published specialty (``specialty_published`` arguments) and its bank."""
        await self.event(specialty_published(bank_version=bank_version, **snapshot))
        await self.events(questions_published(questions, bank_version=bank_version))

    async def payment(
        self, *, candidate_id: str, specialty_slug: str = "coding", order_id: UUID | None = None
    ) -> PaymentCaptured:
        """A payment by the holder of a token for ``candidate_id`` (as its ``sub``)."""
        captured = PaymentCaptured(
            order_id=order_id or uuid4(),
            candidate_id=development_id_of(candidate_id),
            specialty_slug=specialty_slug,
            amount=Money(amount_minor=2500, currency="USD"),
            checkout_session_id=f"cs_test_{uuid4().hex}",
            payment_intent_id=f"pi_{uuid4().hex}",
            captured_at=NOW,
        )
        await self.event(captured)
        return captured


@dataclass(frozen=True)
class TopicReader:
    """One topic of the test, read from its beginning each time."""

    bootstrap: str
    topic: str

    async def read_available(self) -> list[TopicEvent]:
        """Everything up to the current end of every partition."""
        return await read_events(bootstrap=self.bootstrap, topic=self.topic)

    async def wait_for(
        self, predicate: Callable[[TopicEvent], bool], *, count: int = 1, within: float = 60
    ) -> list[TopicEvent]:
        """Read until ``count`` records match ``predicate``; those records."""
        return await wait_for_events(
            bootstrap=self.bootstrap,
            topic=self.topic,
            matching=predicate,
            count=count,
            within=within,
        )


def correct_answer(question: Question, item: dict[str, Any]) -> dict[str, Any]:
    """The correct response to a served ``item`` (an ItemView), found through option texts."""
    label_of = {option["text"]: option["label"] for option in item["options"] or ()}
    if isinstance(question, SingleChoiceQuestion):
        text = next(o.text for o in question.options if o.id == question.answer)
        return {"choice": label_of[text]}
    if isinstance(question, MultipleSelectQuestion):
        texts = [o.text for o in question.options if o.id in question.answer]
        return {"choices": sorted(label_of[text] for text in texts)}
    if isinstance(question, FaultyLinesQuestion):
        return {"lines": sorted(question.answer)}
    return {"value": question.answer}


def wrong_answer(question: Question, item: dict[str, Any]) -> dict[str, Any]:
    right = correct_answer(question, item)
    if "choice" in right:
        return {
            "choice": next(o["label"] for o in item["options"] if o["label"] != right["choice"])
        }
    if "choices" in right:
        return {"choices": [o["label"] for o in item["options"]]}
    if "lines" in right:
        return {"lines": [1]}
    return {"value": not right["value"]}


async def answer_all(
    client: httpx.AsyncClient,
    attempt: dict[str, Any],
    bank: dict[str, Question],
    *,
    correct: Callable[[int], bool] = lambda _position: True,
) -> None:
    """Answer every item of ``attempt``: correctly where ``correct(position)``, else wrongly."""
    for item in attempt["items"]:
        question = bank[item["question_id"]]
        chosen = correct_answer if correct(item["position"]) else wrong_answer
        response = await client.put(
            f"/attempts/{attempt['attempt_id']}/responses/{item['question_id']}",
            json={"response": chosen(question, item)},
        )
        assert response.status_code == 200, response.text
