"""Request bodies are capped before buffering: 413 problem details, per path pattern."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import FastAPI, Request
from httpx import ASGITransport, AsyncClient
from jobpeak_runtime.edge import install_problem_details

pytestmark = pytest.mark.unit

LIMITS = {"/webhooks/stripe": 2_000, "/specialties/*/bank-imports": 50_000}


def limited_app() -> FastAPI:
    app = FastAPI()
    install_problem_details(app, body_limit_bytes=1_000, body_limits=LIMITS)

    @app.post("/answers")
    async def answers(body: dict[str, Any]) -> int:
        return len(str(body))

    @app.post("/webhooks/stripe")
    async def webhook(request: Request) -> int:
        return len(await request.body())

    @app.post("/specialties/{slug}/bank-imports")
    async def bank(slug: str, request: Request) -> int:
        return len(await request.body())

    return app


async def post(url: str, **kwargs: Any) -> Any:
    async with AsyncClient(transport=ASGITransport(limited_app()), base_url="http://t") as http:
        return await http.post(url, **kwargs)


async def chunks(size: int) -> AsyncIterator[bytes]:
    for _ in range(size // 100):
        yield b"x" * 100


async def test_a_body_within_its_limit_arrives_whole() -> None:
    assert (await post("/answers", json={"text": "a" * 900})).json() == len(
        str({"text": "a" * 900})
    )
    assert (await post("/webhooks/stripe", content=b"x" * 1_900)).json() == 1_900
    assert (await post("/specialties/coding/bank-imports", content=b"x" * 40_000)).json() == 40_000


@pytest.mark.parametrize(
    ("url", "size", "limit"),
    [
        ("/answers", 1_001, 1_000),
        ("/webhooks/stripe", 2_001, 2_000),
        ("/specialties/coding/bank-imports", 50_001, 50_000),
        ("/specialties/coding/blueprint", 1_001, 1_000),
    ],
)
async def test_a_declared_length_over_the_limit_is_a_413_problem(
    url: str, size: int, limit: int
) -> None:
    response = await post(url, content=b"x" * size, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == f"the request body is larger than {limit} bytes"


@pytest.mark.parametrize("url", ["/answers", "/webhooks/stripe"])
async def test_a_streamed_body_is_refused_the_moment_it_passes_the_limit(url: str) -> None:
    response = await post(url, content=chunks(50_000), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["status"] == 413
