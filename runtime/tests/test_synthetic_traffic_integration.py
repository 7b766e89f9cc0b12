"""Synthetic traffic is marked from the HTTP request to the record, and through a consumer to the
events it emits in response; real traffic carries no mark."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import pytest
from asgi_lifespan import LifespanManager
from fastapi import APIRouter
from httpx import ASGITransport, AsyncClient
from jobpeak_contracts.attributes import HEADER_SYNTHETIC
from jobpeak_contracts.events.matching import WorkClosed
from jobpeak_runtime.auth import ClientPrincipal, Role, TokenIssuer
from jobpeak_runtime.handlers import EventHandlers
from jobpeak_runtime.http import UnitOfWorkDep
from jobpeak_runtime.kafka_topics import read_topic
from jobpeak_runtime.service import build_service_app
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_runtime.synthetic import SYNTHETIC_TRAFFIC, is_synthetic
from jobpeak_runtime.testing import wait_until
from jobpeak_runtime.uow import UnitOfWork

pytestmark = pytest.mark.integration

WorkClosedFactory = Callable[[uuid.UUID, int], WorkClosed]
ANSWER_OFFSET = 1000
"""A handled WorkClosed with sequence n emits one with n + 1000: the consumer's answer."""


def closing_router(work_closed: WorkClosedFactory) -> APIRouter:
    router = APIRouter()

    @router.post("/work/{sequence}/close", status_code=202)
    async def close_work(sequence: int, principal: ClientPrincipal, uow: UnitOfWorkDep) -> bool:
        uow.emit(work_closed(uuid.uuid4(), sequence))
        await uow.commit()
        return is_synthetic()

    return router


def answering_handlers(
    work_closed: WorkClosedFactory, seen: dict[int, bool]
) -> EventHandlers[UnitOfWork]:
    handlers: EventHandlers[UnitOfWork] = EventHandlers()

    @handlers.on(WorkClosed)
    async def answer(event: WorkClosed, *, uow: UnitOfWork) -> None:
        seen[event.seats_filled] = is_synthetic()
        if event.seats_filled < ANSWER_OFFSET:
            uow.emit(work_closed(uuid.uuid4(), event.seats_filled + ANSWER_OFFSET))

    return handlers


async def test_the_synthetic_mark_travels_request_to_record_to_answer(
    service_settings: ServiceSettings, work_closed: WorkClosedFactory
) -> None:
    seen: dict[int, bool] = {}
    app = build_service_app(
        settings=service_settings,
        routers=[closing_router(work_closed)],
        handlers=answering_handlers(work_closed, seen),
    )
    token = TokenIssuer.from_settings(service_settings).issue(subject="cl-1", role=Role.CLIENT)
    auth = {"Authorization": f"Bearer {token}"}
    async with (
        LifespanManager(app, startup_timeout=60),
        AsyncClient(transport=ASGITransport(app), base_url="http://svc") as http,
    ):
        marked = await http.post("/work/1/close", headers={**auth, **SYNTHETIC_TRAFFIC})
        real = await http.post("/work/2/close", headers=auth)
        assert (marked.json(), real.json()) == (True, False)
        await wait_until(lambda: len(seen) == 4, within=60, message="both answers handled")
    assert seen == {1: True, 1001: True, 2: False, 1002: False}

    topic = service_settings.topic_name(WorkClosed.topic)
    records = await read_topic(bootstrap=service_settings.kafka_bootstrap, topic=topic)
    marks = {
        json.loads(consumed.record.value or b"{}")["seats_filled"]: consumed.record.header_text(
            HEADER_SYNTHETIC
        )
        for consumed in records
    }
    assert marks == {1: "true", 1001: "true", 2: None, 1002: None}
