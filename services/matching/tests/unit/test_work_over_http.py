"""The work routes over HTTP on the in-memory unit of work: status codes, headers, problems.

The app is built as in production; only the request's unit of work is the fake, and its
lifespan never runs, so nothing connects.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import Any

import pytest
from httpx import ASGITransport, AsyncClient
from jobpeak_matching.app import build_app
from jobpeak_matching.settings import MatchingSettings
from jobpeak_runtime.auth import Role, TokenIssuer
from jobpeak_runtime.clock import ManualClock
from jobpeak_runtime.http import unit_of_work

from services.matching.tests.builders import DAY, T0
from services.matching.tests.unit.fakes import FakeMatchingUnitOfWork
from services.matching.tests.unit.steps import coding_is_published

pytestmark = pytest.mark.unit

CLIENT = "client-0001"
OTHER_CLIENT = "client-0002"


def _matching(uow: FakeMatchingUnitOfWork) -> tuple[AsyncClient, TokenIssuer]:
    settings = MatchingSettings(
        environment="test",
        database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none",
        kafka_bootstrap="127.0.0.1:1",
        topic_prefix="unit",
        jwt_secret=secrets.token_urlsafe(32),
    )
    app = build_app(settings, clock=ManualClock(T0))

    async def fake_unit_of_work() -> AsyncIterator[FakeMatchingUnitOfWork]:
        async with uow:
            yield uow

    app.dependency_overrides[unit_of_work] = fake_unit_of_work
    http = AsyncClient(transport=ASGITransport(app=app), base_url="http://matching.unit")
    return http, TokenIssuer.from_settings(settings)


def _work(seats: int = 1) -> dict[str, Any]:
    return {
        "specialty_slug": "coding",
        "required_languages": ["Python"],
        "hourly_rate": {"amount_minor": 8_500, "currency": "USD"},
        "seats": seats,
        "starts_at": (T0 + 2 * DAY).isoformat(),
    }


async def test_a_client_retrying_a_post_gets_the_first_work_marked_replayed() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    http, tokens = _matching(uow)
    headers = {
        "Authorization": f"Bearer {tokens.issue(subject=CLIENT, role=Role.CLIENT)}",
        "Idempotency-Key": "post-1",
    }
    async with http:
        first = await http.post("/work", json=_work(), headers=headers)
        retried = await http.post("/work", json=_work(), headers=headers)
        other = await http.post("/work", json=_work(seats=2), headers=headers)

    assert (first.status_code, retried.status_code) == (201, 200)
    assert retried.json() == first.json()
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert other.status_code == 409
    assert other.headers["content-type"] == "application/problem+json"
    assert len(uow.work.items) == 1


async def test_another_clients_work_is_not_found() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    http, tokens = _matching(uow)
    async with http:
        posted = await http.post(
            "/work",
            json=_work(),
            headers={"Authorization": f"Bearer {tokens.issue(subject=CLIENT, role=Role.CLIENT)}"},
        )
        work_id = posted.json()["work_id"]
        other = {"Authorization": f"Bearer {tokens.issue(subject=OTHER_CLIENT, role=Role.CLIENT)}"}
        read = await http.get(f"/work/{work_id}", headers=other)
        closed = await http.post(f"/work/{work_id}/close", headers=other)

    for response in (read, closed):
        assert response.status_code == 404
        assert response.json()["detail"] == f"work {work_id} not found"
    [item] = uow.work.items.values()
    assert item.is_open
