"""A stop step that never ends is given up on by name, so the rest of the stop still runs."""

from __future__ import annotations

import asyncio

import pytest
import structlog
from jobpeak_runtime.shutdown import cancel_and_wait, stop_step

pytestmark = pytest.mark.unit


async def test_a_step_that_never_ends_is_abandoned_and_named() -> None:
    never = asyncio.Event()
    with structlog.testing.capture_logs() as logs:
        await stop_step("flush traces", never.wait(), seconds=0.01)
    assert [(log["event"], log["step"]) for log in logs] == [
        ("shutdown step overran its deadline", "flush traces")
    ]


async def test_a_failing_step_is_logged_and_the_stop_goes_on() -> None:
    async def refuse() -> None:
        raise ConnectionResetError("broker gone")

    with structlog.testing.capture_logs() as logs:
        await stop_step("stop the kafka subscriber", refuse(), seconds=1)
    assert logs[0]["event"] == "shutdown step failed"
    assert "broker gone" in logs[0]["error"]


async def test_a_task_that_ignores_cancellation_is_named_and_left_behind() -> None:
    release = asyncio.Event()

    async def stubborn() -> None:
        while not release.is_set():
            try:
                await release.wait()
            except asyncio.CancelledError:
                continue

    async def obliging() -> None:
        await asyncio.Event().wait()

    obedient = asyncio.create_task(obliging(), name="outbox-relay")
    stuck = asyncio.create_task(stubborn(), name="offset-committer")
    await asyncio.sleep(0)
    with structlog.testing.capture_logs() as logs:
        await cancel_and_wait([obedient, stuck], seconds=0.01)
    assert obedient.cancelled()
    assert logs[0]["tasks"] == ["offset-committer"]
    release.set()
    await stuck
