"""``python -m jobpeak_matching`` serves with the environment the platform runner gives it."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import sys

import httpx
import pytest
from jobpeak_runtime.testing import wait_until

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_the_module_serves_and_becomes_ready(
    database_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    port = _free_port()
    environment = os.environ | {
        "JOBPEAK_MATCHING_DATABASE_URL": database_url,
        "JOBPEAK_MATCHING_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "JOBPEAK_MATCHING_TOPIC_PREFIX": topic_prefix,
        "JOBPEAK_MATCHING_HTTP_PORT": str(port),
        "JOBPEAK_MATCHING_JWT_SECRET": secrets.token_urlsafe(32),
        "JOBPEAK_MATCHING_ENVIRONMENT": "test",
        "JOBPEAK_MATCHING_LOG_JSON": "true",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "jobpeak_matching",
        env=environment,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:

            async def ready() -> bool:
                try:
                    return (await http.get("/readyz")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_until(ready, within=60, message="matching ready")
            paths = set((await http.get("/openapi.json")).json()["paths"])
        assert {
            "/work",
            "/offers",
            "/offers/{offer_id}/accept",
            "/reviewers/me/specialties/{slug}/languages",
            "/admin/sla-report",
        } <= paths
    finally:
        process.terminate()
        # uvicorn shuts down gracefully, then re-raises the signal it caught.
        assert await asyncio.wait_for(process.wait(), timeout=30) in (0, -signal.SIGTERM)
