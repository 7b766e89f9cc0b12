"""Liveness (``/healthz``) and readiness (``/readyz``), as ADR 13 defines them.

- ``/healthz`` answers 200 while the process serves; its body shows the state of the
  dependencies that do not decide readiness (the broker), for operators.
- ``/readyz`` answers 200 when the service can take requests: its database answers, checked over
  a connection of its own (never waiting behind requests for the pool). A broker outage does not
  make it fail: writes go to the outbox and are published when the broker is back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import asyncpg
from aiokafka.client import AIOKafkaClient
from fastapi import APIRouter, Request, Response, status

from jobpeak_runtime.checks import CHECK_TIMEOUT_SECONDS, Check, run_checks
from jobpeak_runtime.db import asyncpg_dsn


def database_check(database_url: str) -> Check:
    """``SELECT 1`` over a fresh connection: the request pool being busy is not being down."""
    dsn = asyncpg_dsn(database_url)

    async def check() -> None:
        connection = await asyncpg.connect(dsn, timeout=CHECK_TIMEOUT_SECONDS)
        try:
            await connection.fetchval("SELECT 1")
        finally:
            await connection.close(timeout=CHECK_TIMEOUT_SECONDS)

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


health_router = APIRouter(tags=["operations"])


@health_router.get("/healthz")
async def healthz(request: Request) -> dict[str, object]:
    """The process is up and serving; ``checks`` shows the dependencies readiness ignores."""
    checks: Mapping[str, Check] = getattr(request.app.state, "liveness_details", {})
    return {"status": "ok", "checks": await run_checks(checks)}


@health_router.get("/readyz")
async def readyz(request: Request, response: Response) -> dict[str, object]:
    """Ready when the dependencies requests need (the database) answer."""
    checks: Mapping[str, Check] = request.app.state.readiness_checks
    results = await run_checks(checks)
    ready = all(result == "ok" for result in results.values())
    if not ready:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return {"status": "ready" if ready else "unavailable", "checks": results}
