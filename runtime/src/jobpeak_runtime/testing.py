"""Helpers for tests of services built on the runtime (no fixtures, no I/O of their own)."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable


class ConditionTimeout(AssertionError):
    """A waited-for condition did not hold before its deadline."""


async def wait_until(
    condition: Callable[[], bool | Awaitable[bool]],
    *,
    within: float = 30.0,
    interval: float = 0.05,
    message: str = "condition",
) -> None:
    """Poll ``condition`` (sync or async) until it is true; fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        outcome = condition()
        if inspect.isawaitable(outcome):
            outcome = await outcome
        if outcome:
            return
        if time.monotonic() >= deadline:
            raise ConditionTimeout(f"{message} did not hold within {within} s")
        await asyncio.sleep(interval)
