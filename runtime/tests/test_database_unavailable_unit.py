"""A database that is away, or too slow to answer, is a 503 with Retry-After — never a 500."""

from __future__ import annotations

import asyncpg
import pytest
import structlog
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from jobpeak_runtime.edge import install_problem_details
from sqlalchemy import exc as sa_exc

pytestmark = pytest.mark.unit

FAILURES: dict[str, Exception] = {
    "refused": sa_exc.OperationalError("SELECT 1", None, ConnectionRefusedError(111, "refused")),
    "pool": sa_exc.TimeoutError("QueuePool limit of size 5 overflow 10 reached"),
    "statement-timeout": sa_exc.DBAPIError(
        "UPDATE work", None, asyncpg.exceptions.QueryCanceledError("statement timeout")
    ),
    "lock-timeout": sa_exc.DBAPIError(
        "SELECT … FOR UPDATE", None, asyncpg.exceptions.LockNotAvailableError("lock timeout")
    ),
}


def failing_app() -> FastAPI:
    app = FastAPI()
    install_problem_details(app, retry_after_seconds=7)

    @app.get("/work/{failure}")
    async def work(failure: str) -> None:
        raise FAILURES[failure]

    return app


@pytest.mark.parametrize("failure", sorted(FAILURES))
async def test_an_unavailable_database_is_a_503_problem_with_retry_after(failure: str) -> None:
    with structlog.testing.capture_logs() as logs:
        async with AsyncClient(transport=ASGITransport(failing_app()), base_url="http://t") as h:
            response = await h.get(f"/work/{failure}")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "7"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Service Unavailable"
    assert "SELECT" not in response.text
    [line] = [entry for entry in logs if entry["log_level"] in {"warning", "error"}]
    assert line["event"] == "database unavailable"
    assert line["log_level"] == "warning"
    assert "\n" not in line["error"]
