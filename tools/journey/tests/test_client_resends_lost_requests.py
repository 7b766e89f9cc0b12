"""A read, or a write with an Idempotency-Key, whose lost connection is retried; no other write."""

from __future__ import annotations

from typing import Any, cast

import httpx
import pytest
from jobpeak_journey.client import SAFE_ATTEMPTS, PlatformClient

pytestmark = pytest.mark.unit


def client_losing(first: int, *, calls: list[str]) -> PlatformClient:
    """A client to a "testing" service whose first ``first`` answers break off mid-body."""

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if len(calls) <= first:
            raise httpx.RemoteProtocolError("peer closed connection", request=request)
        return httpx.Response(200, json=[])

    transport = httpx.MockTransport(answer)
    http = {"testing": httpx.AsyncClient(transport=transport, base_url="http://testing")}
    return PlatformClient(
        http=http, issuer=cast(Any, None), pseudonyms=cast(Any, None), stripe_webhook_secret=""
    )


async def test_a_read_broken_off_is_sent_again() -> None:
    calls: list[str] = []
    response = await client_losing(SAFE_ATTEMPTS - 1, calls=calls).send(
        "entitlements", "testing", "GET", "/entitlements"
    )
    assert response.json() == []
    assert calls == ["GET"] * SAFE_ATTEMPTS


async def test_a_read_gives_up_after_its_attempts() -> None:
    calls: list[str] = []
    with pytest.raises(httpx.RemoteProtocolError):
        await client_losing(SAFE_ATTEMPTS, calls=calls).send("list", "testing", "GET", "/x")
    assert calls == ["GET"] * SAFE_ATTEMPTS


async def test_a_write_with_an_idempotency_key_is_sent_again() -> None:
    calls: list[str] = []
    response = await client_losing(1, calls=calls).send(
        "checkout", "testing", "POST", "/orders", json={}, headers={"Idempotency-Key": "k"}
    )
    assert response.status_code == 200
    assert calls == ["POST", "POST"]


async def test_a_write_without_a_key_is_never_sent_twice() -> None:
    calls: list[str] = []
    with pytest.raises(httpx.RemoteProtocolError):
        await client_losing(1, calls=calls).send("start", "testing", "POST", "/attempts", json={})
    assert calls == ["POST"]
