"""Bounded shutdown: every step of a service's stop gets a deadline of its own.

A stop that waits without bound on one stuck step (a producer flushing to a broker that is gone,
a connection that no longer answers, a span exporter) holds the process past its grace period;
the orchestrator then kills it with nothing logged about why. Each step here is given its
deadline, and one that overruns or fails is logged by name while the stop goes on to the next.
Deadlines add up to well under uvicorn's graceful window (see ``deploy/k8s``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence

from jobpeak_runtime.logging import get_logger

_log = get_logger(__name__)


async def stop_step(name: str, work: Awaitable[object], *, seconds: float) -> None:
    """Await ``work`` at most ``seconds``; log by ``name`` and return if it overruns or fails."""
    try:
        await asyncio.wait_for(work, timeout=seconds)
    except TimeoutError:
        _log.warning("shutdown step overran its deadline", step=name, seconds=seconds)
    except Exception as error:
        _log.warning("shutdown step failed", step=name, error=repr(error))


async def cancel_and_wait(tasks: Sequence[asyncio.Task[None]], *, seconds: float) -> None:
    """Cancel ``tasks`` and wait up to ``seconds`` for them to end; name the ones that did not."""
    for task in tasks:
        task.cancel()
    if not tasks:
        return
    _, pending = await asyncio.wait(tasks, timeout=seconds)
    if pending:
        _log.warning(
            "background tasks still running after the shutdown deadline",
            tasks=sorted(task.get_name() for task in pending),
            seconds=seconds,
        )
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            _log.warning(
                "background task ended with an error",
                task=task.get_name(),
                error=repr(task.exception()),
            )
