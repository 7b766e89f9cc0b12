"""Service processes built on the runtime, for the reliability tests (started by them).

A fork server: it imports everything once, then forks one real process per command read on
stdin, so the tests can kill -9 and restart a consumer twenty times without paying the
interpreter's start-up each time. Settings come from ``JOBPEAK_RELIABILITY_*``.

Commands (one per line; the server answers ``<pid>`` on stdout):

``consume``
    runs the runtime with a handler for ``WorkClosed`` that appends to ``effects_log`` (no
    unique constraint: a duplicate effect shows as a second row) and refuses the sequences
    listed in ``failing_sequences``.
``produce <count> <keys> <batch> <pause>``
    emits ``count`` ``WorkClosed`` events round-robin over ``keys`` work ids (``seats_filled``
    counts up per key) in transactions of ``batch``, pausing ``pause`` seconds between them,
    then keeps its outbox relay running.
``relay``
    runs the runtime without handlers: only the outbox relay.
``emit <count> <keys>``
    commits ``count`` events like ``produce`` in one transaction and exits (no relay of its own).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import uuid

from jobpeak_contracts.events.matching import WorkClosed
from jobpeak_runtime.handlers import EventHandlers
from jobpeak_runtime.logging import configure_logging
from jobpeak_runtime.service import ServiceRuntime, build_runtime
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_runtime.testing import sequenced_event
from jobpeak_runtime.uow import UnitOfWork
from pydantic_settings import SettingsConfigDict
from sqlalchemy import text

FAILING = text("SELECT 1 FROM failing_sequences WHERE sequence = :sequence")
RECORD_EFFECT = text(
    "INSERT INTO effects_log (event_key, work_id, sequence, pid)"
    " VALUES (:event_key, :work_id, :sequence, :pid)"
)


class WorkerSettings(ServiceSettings):
    model_config = SettingsConfigDict(
        env_prefix="JOBPEAK_RELIABILITY_", extra="ignore", frozen=True
    )
    service_name: str = "reliability"


def effect_handlers() -> EventHandlers[UnitOfWork]:
    handlers: EventHandlers[UnitOfWork] = EventHandlers()

    @handlers.on(WorkClosed)
    async def record_closing(event: WorkClosed, *, uow: UnitOfWork) -> None:
        if await uow.session.scalar(FAILING, {"sequence": event.seats_filled}):
            raise RuntimeError(f"sequence {event.seats_filled} is refused")
        await uow.session.execute(
            RECORD_EFFECT,
            {
                # each produced event has its own (work id, sequence): its identity
                "event_key": f"{event.work_id}/{event.seats_filled}",
                "work_id": str(event.work_id),
                "sequence": event.seats_filled,
                "pid": os.getpid(),
            },
        )

    return handlers


async def produce(
    runtime: ServiceRuntime, *, count: int, keys: int, batch: int, pause: float
) -> None:
    work_ids = [uuid.uuid4() for _ in range(keys)]
    for start in range(0, count, batch):
        async with runtime.uow_factory() as uow:
            for n in range(start, min(count, start + batch)):
                uow.emit(sequenced_event(key=work_ids[n % keys], sequence=n // keys))
            await uow.commit()
        await asyncio.sleep(pause)


async def run(command: list[str]) -> None:
    settings = WorkerSettings()
    configure_logging(level=settings.log_level, json=True)
    role = command[0]
    if role == "emit":
        runtime = build_runtime(settings=settings)
        count, keys = int(command[1]), int(command[2])
        await produce(runtime, count=count, keys=keys, batch=count, pause=0)
        await runtime.engine.dispose()
        return
    runtime = build_runtime(
        settings=settings, handlers=effect_handlers() if role == "consume" else None
    )
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    await runtime.start(migrations=None)
    try:
        if role == "produce":
            count, keys, batch = (int(value) for value in command[1:4])
            await produce(runtime, count=count, keys=keys, batch=batch, pause=float(command[4]))
        await stopping.wait()
    finally:
        await runtime.stop()


def serve_forks() -> None:
    """Fork a child per command line; exit (killing the children) when stdin closes."""
    children: list[int] = []
    for line in sys.stdin:
        command = line.split()
        if not command:
            continue
        pid = os.fork()
        if pid == 0:
            sys.stdin.close()
            try:
                asyncio.run(run(command))
            finally:
                os._exit(0)
        children.append(pid)
        print(pid, flush=True)
        _reap(children)
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _reap(children: list[int]) -> None:
    for pid in list(children):
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished:
            children.remove(pid)


if __name__ == "__main__":
    serve_forks()
