"""Background tasks a service runs on a fixed interval for as long as it is up.

``build_service_app(periodic_tasks=[...])`` starts them after the relay and the consumer and
cancels them first on shutdown. A failing run is logged and the next one happens as scheduled.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import Field

from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.shutdown import cancel_and_wait

if TYPE_CHECKING:
    from jobpeak_runtime.service import ServiceRuntime

_log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class PeriodicTask:
    """``run(runtime)`` is awaited every ``interval_seconds`` (first after one interval);
    an interval of 0 or less disables the task."""

    name: str
    interval_seconds: float
    run: Callable[[ServiceRuntime], Awaitable[None]]


def interval_setting(default: float, *, task: str) -> Any:
    """A settings field for the ``interval_seconds`` of a :class:`PeriodicTask`: seconds between
    runs of the ``task`` described, never negative, and 0 to disable it."""
    return Field(default=default, ge=0, description=f"{task}; 0 disables it.")


async def _repeat(task: PeriodicTask, runtime: ServiceRuntime) -> None:
    while True:
        await asyncio.sleep(task.interval_seconds)
        try:
            await task.run(runtime)
        except Exception:
            _log.exception("periodic task failed; next run as scheduled", task=task.name)


@asynccontextmanager
async def running_periodically(
    tasks: Sequence[PeriodicTask], *, runtime: ServiceRuntime
) -> AsyncIterator[None]:
    """Run the enabled ``tasks`` in the background while the block runs; cancel them on exit."""
    started = [
        asyncio.create_task(_repeat(task, runtime), name=task.name)
        for task in tasks
        if task.interval_seconds > 0
    ]
    try:
        yield
    finally:
        await cancel_and_wait(started, seconds=4)
