"""Dependency checks: small async probes run together, each within a timeout."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

Check = Callable[[], Awaitable[None]]
"""Returns when the dependency answers; raises otherwise."""
CHECK_TIMEOUT_SECONDS = 3.0


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
