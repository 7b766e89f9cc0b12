"""Callers over their limit get 429 problem details with Retry-After; others are untouched."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from jobpeak_runtime.auth import Role, TokenIssuer, TokenVerifier
from jobpeak_runtime.edge import install_problem_details
from jobpeak_runtime.pseudonyms import DEVELOPMENT_KEY, Pseudonyms, development_id_of
from jobpeak_runtime.rate_limits import (
    RateLimitPolicy,
    RateLimits,
    rate_limits_from_settings,
    subject_verified_by,
)
from jobpeak_runtime.settings import ServiceSettings
from pydantic import ValidationError

pytestmark = pytest.mark.unit

SECRET = "r8Tq2LmV5xN1bC7kW3zP9sD4fG6hJ0aY"

ISSUER = TokenIssuer(issuer="jobpeak", audience="jobpeak", algorithm="HS256", signing_key=SECRET)
VERIFIER = TokenVerifier(
    issuer="jobpeak",
    audience="jobpeak",
    algorithms=("HS256",),
    key=SECRET,
    pseudonyms=Pseudonyms(key=DEVELOPMENT_KEY),
)
POLICY = RateLimitPolicy(
    reads="5/minute",
    creates="3/minute",
    updates="4/minute",
    webhooks="2/minute",
    by_route={"POST /checkout": "2/minute"},
)


def limited_app(limited: list[str]) -> FastAPI:
    app = FastAPI()
    install_problem_details(
        app,
        rate_limits=RateLimits(
            policy=POLICY, subject_of=subject_verified_by(VERIFIER), on_limited=limited.append
        ),
    )

    @app.get("/orders")
    async def orders() -> str:
        return "orders"

    @app.post("/orders")
    async def create_order() -> str:
        return "created"

    @app.put("/orders")
    async def update_order() -> str:
        return "updated"

    @app.post("/checkout")
    async def checkout() -> str:
        return "checkout"

    @app.post("/webhooks/stripe")
    async def webhook() -> str:
        return "ok"

    @app.get("/healthz")
    async def healthz() -> str:
        return "ok"

    return app


def bearer(subject: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {ISSUER.issue(subject=subject, role=Role.CANDIDATE)}"}


async def statuses(
    app: FastAPI, method: str, url: str, times: int, *, client: str = "10.0.0.1", **kwargs: Any
) -> list[int]:
    transport = ASGITransport(app, client=(client, 1234))
    async with AsyncClient(transport=transport, base_url="http://t") as http:
        return [(await http.request(method, url, **kwargs)).status_code for _ in range(times)]


async def test_creations_over_the_limit_are_refused_with_a_problem_and_retry_after() -> None:
    limited: list[str] = []
    app = limited_app(limited)
    assert await statuses(app, "POST", "/orders", 3, headers=bearer("cand-a")) == [200] * 3
    transport = ASGITransport(app, client=("10.0.0.1", 1234))
    async with AsyncClient(transport=transport, base_url="http://t") as http:
        refused = await http.post("/orders", headers=bearer("cand-a"))
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["x-content-type-options"] == "nosniff"
    problem = refused.json()
    assert problem["status"] == 429
    assert problem["type"].endswith("rate-limited")
    assert limited == ["create"]


async def test_each_subject_has_its_own_budget_whatever_address_it_calls_from() -> None:
    app = limited_app([])
    assert await statuses(app, "POST", "/orders", 4, headers=bearer("cand-a")) == [200] * 3 + [429]
    assert await statuses(app, "POST", "/orders", 3, headers=bearer("cand-b")) == [200] * 3
    assert await statuses(
        app, "POST", "/orders", 1, client="10.9.9.9", headers=bearer("cand-a")
    ) == [429]


async def test_callers_without_a_valid_token_are_counted_by_address() -> None:
    app = limited_app([])
    forged = {"Authorization": "Bearer not-a-token"}
    assert await statuses(app, "POST", "/orders", 4, headers=forged) == [200] * 3 + [429]
    assert await statuses(app, "POST", "/orders", 1) == [429]
    assert await statuses(app, "POST", "/orders", 1, client="10.0.0.2") == [200]


async def test_reads_creations_and_updates_are_separate_classes() -> None:
    app = limited_app([])
    assert await statuses(app, "POST", "/orders", 4) == [200] * 3 + [429]
    assert await statuses(app, "GET", "/orders", 6) == [200] * 5 + [429]
    assert await statuses(app, "PUT", "/orders", 5) == [200] * 4 + [429]


async def test_a_route_limit_applies_on_top_of_its_class() -> None:
    app = limited_app([])
    assert await statuses(app, "POST", "/checkout", 3, headers=bearer("c")) == [200, 200, 429]
    assert await statuses(app, "POST", "/orders", 1, headers=bearer("c")) == [200]


async def test_the_webhook_is_limited_per_address_even_with_a_token() -> None:
    app = limited_app([])
    assert await statuses(app, "POST", "/webhooks/stripe", 3, headers=bearer("c")) == [
        200,
        200,
        429,
    ]
    assert await statuses(app, "POST", "/webhooks/stripe", 1, client="10.0.0.7") == [200]


async def test_probes_are_never_limited() -> None:
    app = limited_app([])
    assert await statuses(app, "GET", "/healthz", 20) == [200] * 20


def test_settings_refuse_a_limit_the_library_cannot_read(
    make_settings: Callable[..., ServiceSettings],
) -> None:
    with pytest.raises(ValidationError, match="is not a rate limit"):
        make_settings(rate_limit_creates="lots")
    with pytest.raises(ValidationError, match="must be 'METHOD /path'"):
        make_settings(rate_limit_routes={"checkout": "1/minute"})


def test_limits_can_be_switched_off_in_settings(
    make_settings: Callable[..., ServiceSettings],
) -> None:
    settings = make_settings(rate_limits_enabled=False)
    assert rate_limits_from_settings(settings, verifier=VERIFIER) is None
    enabled = rate_limits_from_settings(
        make_settings(rate_limit_routes={"POST /checkout": "10/minute"}), verifier=VERIFIER
    )
    assert enabled is not None
    assert enabled.policy.by_route == {"POST /checkout": "10/minute"}
    assert enabled.subject_of(
        ISSUER.issue(subject="cand-z", role=Role.CANDIDATE), {}
    ) == development_id_of("cand-z")
    assert enabled.subject_of("garbage", {}) is None
