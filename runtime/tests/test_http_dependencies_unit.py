"""The shared HTTP dependencies: the app's clock, the caller's own resources, Idempotency-Key."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI, Response
from httpx import ASGITransport, AsyncClient
from jobpeak_runtime.auth import (
    CurrentPrincipal,
    Principal,
    ResourceNotFound,
    Role,
    TokenIssuer,
    TokenVerifier,
    owned_by_caller,
)
from jobpeak_runtime.clock import ManualClock
from jobpeak_runtime.edge import install_problem_details
from jobpeak_runtime.http import ClockDep, app_state
from jobpeak_runtime.idempotency import (
    REPLAYED_HEADER,
    IdempotencyKeyDep,
    IdempotencyKeyReused,
    idempotent_id,
    mark_replayed,
)
from jobpeak_runtime.pseudonyms import DEVELOPMENT_KEY, Pseudonyms

pytestmark = pytest.mark.unit

KEY = "k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ORDERS = uuid.UUID("6f1c3f9e-1d2b-4c59-9f0e-7a4c2b1d0e11")
issuer = TokenIssuer(issuer="jobpeak", audience="jobpeak", algorithm="HS256", signing_key=KEY)


def orders_app(*, clock: ManualClock | None = None) -> FastAPI:
    """Orders kept in a dict: created once per Idempotency-Key, read by their owner."""
    app = FastAPI()
    install_problem_details(app)
    app.state.token_verifier = TokenVerifier(
        issuer="jobpeak",
        audience="jobpeak",
        algorithms=("HS256",),
        key=KEY,
        pseudonyms=Pseudonyms(key=DEVELOPMENT_KEY),
    )
    if clock is not None:
        app.state.clock = clock
    orders: dict[str, dict[str, Any]] = {}

    @app.post("/orders", status_code=201)
    async def create(
        body: dict[str, str],
        principal: CurrentPrincipal,
        key: IdempotencyKeyDep,
        clock: ClockDep,
        response: Response,
    ) -> dict[str, Any]:
        order_id = str(idempotent_id(namespace=ORDERS, caller=principal.subject, key=key))
        existing = orders.get(order_id)
        if existing is not None:
            if existing["item"] != body["item"]:
                raise IdempotencyKeyReused("this Idempotency-Key already made another order")
            mark_replayed(response)
            return existing
        orders[order_id] = {
            "order_id": order_id,
            "owner": principal.subject,
            "item": body["item"],
            "at": clock().isoformat(),
        }
        return orders[order_id]

    @app.get("/orders/{order_id}")
    async def read(order_id: str, principal: CurrentPrincipal) -> dict[str, Any]:
        return owned_by_caller(
            orders.get(order_id),
            principal=principal,
            owner=lambda order: str(order["owner"]),
            what=f"order {order_id}",
        )

    return app


def auth(subject: str, role: Role = Role.CANDIDATE) -> dict[str, str]:
    return {"Authorization": f"Bearer {issuer.issue(subject=subject, role=role)}"}


async def test_a_retried_create_gets_the_first_order_and_a_changed_one_is_refused() -> None:
    app = orders_app(clock=ManualClock(T0))
    async with AsyncClient(transport=ASGITransport(app), base_url="http://t") as http:
        headers = {**auth("cand-1"), "Idempotency-Key": "buy-coding-1"}
        first = await http.post("/orders", json={"item": "coding"}, headers=headers)
        again = await http.post("/orders", json={"item": "coding"}, headers=headers)
        changed = await http.post("/orders", json={"item": "legal"}, headers=headers)
        other_caller = await http.post(
            "/orders",
            json={"item": "coding"},
            headers={**auth("cand-2"), "Idempotency-Key": "buy-coding-1"},
        )
        without_key = await http.post("/orders", json={"item": "coding"}, headers=auth("cand-1"))

    assert first.status_code == 201
    assert first.json()["at"] == T0.isoformat()
    assert REPLAYED_HEADER not in first.headers
    assert again.status_code == 200
    assert again.headers[REPLAYED_HEADER] == "true"
    assert again.json() == first.json()
    assert changed.status_code == 409
    assert changed.json()["type"] == "urn:jobpeak:problem:idempotency-key-reused"
    assert other_caller.status_code == 201
    assert other_caller.json()["order_id"] != first.json()["order_id"]
    assert without_key.json()["order_id"] != first.json()["order_id"]


@pytest.mark.parametrize("key", ["", "k" * 256, "caf\u00e9", "tab\x7fkey"])
async def test_an_idempotency_key_that_is_not_printable_ascii_is_a_422_problem(key: str) -> None:
    async with AsyncClient(transport=ASGITransport(orders_app()), base_url="http://t") as http:
        response = await http.post(
            "/orders",
            json={"item": "coding"},
            headers=[
                (name.encode(), value.encode())
                for name, value in {**auth("cand-1"), "Idempotency-Key": key}.items()
            ],
        )
    assert response.status_code == 422, response.text
    assert [e["location"] for e in response.json()["errors"]] == ["header.Idempotency-Key"]


async def test_without_a_clock_on_the_app_the_system_clock_is_used() -> None:
    async with AsyncClient(transport=ASGITransport(orders_app()), base_url="http://t") as http:
        before = datetime.now(UTC)
        created = await http.post("/orders", json={"item": "coding"}, headers=auth("cand-1"))
    assert before <= datetime.fromisoformat(created.json()["at"]) <= datetime.now(UTC)


async def test_someone_elses_order_is_not_found_like_a_missing_one_but_an_admin_sees_it() -> None:
    async with AsyncClient(transport=ASGITransport(orders_app()), base_url="http://t") as http:
        created = await http.post("/orders", json={"item": "coding"}, headers=auth("cand-1"))
        url = f"/orders/{created.json()['order_id']}"
        mine = await http.get(url, headers=auth("cand-1"))
        theirs = await http.get(url, headers=auth("cand-2"))
        missing = await http.get("/orders/nothing", headers=auth("cand-2"))
        admin = await http.get(url, headers=auth("ops", Role.ADMIN))
    assert mine.status_code == 200
    assert admin.status_code == 200
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["type"] == missing.json()["type"] == "urn:jobpeak:problem:not-found"


def test_an_idempotent_id_depends_on_namespace_caller_and_key_only() -> None:
    one = idempotent_id(namespace=ORDERS, caller="cand-1", key="k")
    assert one == idempotent_id(namespace=ORDERS, caller="cand-1", key="k")
    assert one != idempotent_id(namespace=ORDERS, caller="cand-2", key="k")
    assert one != idempotent_id(namespace=uuid.uuid4(), caller="cand-1", key="k")
    assert idempotent_id(namespace=ORDERS, caller="cand-1", key=None) != idempotent_id(
        namespace=ORDERS, caller="cand-1", key=None
    )


def test_owned_by_caller_raises_the_404_problem() -> None:
    caller = Principal(subject="cand-1", role=Role.CANDIDATE)
    with pytest.raises(ResourceNotFound, match="attempt a-1 not found"):
        owned_by_caller("cand-2", principal=caller, owner=str, what="attempt a-1")
    assert owned_by_caller("cand-1", principal=caller, owner=str, what="attempt a-1") == "cand-1"


async def test_app_state_hands_a_route_what_the_composition_root_set() -> None:
    app = FastAPI()
    app.state.offer_ttl_hours = 48

    @app.get("/ttl")
    async def ttl(hours: Annotated[int, Depends(app_state("offer_ttl_hours"))]) -> int:
        return hours

    async with AsyncClient(transport=ASGITransport(app), base_url="http://t") as http:
        assert (await http.get("/ttl")).json() == 48
