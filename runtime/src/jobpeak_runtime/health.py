"""Liveness (``/healthz``) and readiness (``/readyz``: the database and the broker answer)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiokafka.client import AIOKafkaClient
from fastapi import APIRouter, Request, Response, status
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

Check = Callable[[], Awaitable[None]]
CHECK_TIMEOUT_SECONDS = 3.0


def database_check(engine: AsyncEngine) -> Check:
    async def check() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    return check


class BrokerProbe:
    """Asks the Kafka cluster for its metadata, over one long-lived client."""

    def __init__(
        self, *, bootstrap: str, client_id: str, options: Mapping[str, Any] | None = None
    ) -> None:
        self._bootstrap = bootstrap
        self._client_id = client_id
        self._options = dict(options or {})
        self._client: AIOKafkaClient | None = None

    async def __call__(self) -> None:
        if self._client is None:
            client = AIOKafkaClient(
                bootstrap_servers=self._bootstrap, client_id=self._client_id, **self._options
            )
            try:
                await client.bootstrap()
            except BaseException:
                await client.close()
                raise
            self._client = client
        await self._client.fetch_all_metadata()

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None


async def run_checks(checks: Mapping[str, Check]) -> dict[str, str]:
    """Each check's result: ``"ok"`` or the error it raised (within the timeout)."""

    async def one(check: Check) -> str:
        try:
            await asyncio.wait_for(check(), CHECK_TIMEOUT_SECONDS)
        except Exception as error:
            return f"failed: {error!r}"
        return "ok"

    results = await asyncio.gather(*(one(check) for check in checks.values()))
    return dict(zip(checks, results, strict=True))


health_router = APIRouter(tags=["operations"])


@health_router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up and serving."""
    return {"status": "ok"}


@health_router.get("/readyz")
async def readyz(request: Request, response: Response) -> dict[str, object]:
    """Ready when every dependency (database, broker) answers."""
    checks: Mapping[str, Check] = request.app.state.readiness_checks
    results = await run_checks(checks)
    ready = all(result == "ok" for result in results.values())
    if not ready:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return {"status": "ready" if ready else "unavailable", "checks": results}
