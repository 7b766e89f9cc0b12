"""``Idempotency-Key`` over the in-memory catalog: a retry replays, a reused key is refused."""

from __future__ import annotations

import pytest
from fastapi import Request
from jobpeak_catalog.api.idempotency import respond_once
from jobpeak_catalog.api.schemas import RetirementView
from jobpeak_catalog.application.errors import Conflict
from jobpeak_runtime.auth import Principal, Role
from jobpeak_runtime.idempotency import REPLAYED_HEADER, IdempotencyKeyReused
from starlette.types import Message

from services.catalog.tests.unit.fakes import FakeCatalogUnitOfWork

pytestmark = pytest.mark.unit

ADMIN = Principal(subject="admin-1", role=Role.ADMIN)


def request(path: str, body: bytes = b"") -> Request:
    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {"type": "http", "method": "POST", "path": path, "query_string": b"", "headers": []}
    return Request(scope, receive)


async def test_a_retried_write_runs_once_and_is_answered_the_same() -> None:
    uow = FakeCatalogUnitOfWork()
    runs: list[str] = []

    async def write() -> RetirementView:
        runs.append("ran")
        return RetirementView(slug="coding", revision=len(runs))

    answers = []
    for _ in range(2):
        async with uow:
            answers.append(
                await respond_once(
                    uow=uow,
                    request=request("/admin/specialties/coding/retire"),
                    principal=ADMIN,
                    key="retire-1",
                    status_code=200,
                    write=write,
                )
            )

    assert runs == ["ran"]
    assert answers[0].body == answers[1].body
    assert REPLAYED_HEADER not in answers[0].headers
    assert answers[1].headers[REPLAYED_HEADER] == "true"


async def test_a_key_reused_for_another_request_is_refused() -> None:
    uow = FakeCatalogUnitOfWork()

    async def write() -> RetirementView:
        return RetirementView(slug="coding", revision=1)

    async with uow:
        await respond_once(
            uow=uow,
            request=request("/admin/specialties/coding/retire"),
            principal=ADMIN,
            key="k",
            status_code=200,
            write=write,
        )
    async with uow:
        with pytest.raises(IdempotencyKeyReused):
            await respond_once(
                uow=uow,
                request=request("/admin/specialties/writing/retire"),
                principal=ADMIN,
                key="k",
                status_code=200,
                write=write,
            )


async def test_a_failed_write_does_not_use_up_its_key() -> None:
    uow = FakeCatalogUnitOfWork()

    async def refused() -> RetirementView:
        raise Conflict(field="status", message="not published")

    async with uow:
        with pytest.raises(Conflict):
            await respond_once(
                uow=uow,
                request=request("/admin/specialties/coding/retire"),
                principal=ADMIN,
                key="k",
                status_code=200,
                write=refused,
            )

    assert uow.store.idempotency_keys == {}
    assert uow.commits == 0
