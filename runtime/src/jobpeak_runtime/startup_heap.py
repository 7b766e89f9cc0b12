"""The end of a service's start-up: load what the first records would load, then freeze the heap.

anyio imports its asyncio backend on first use, and FastStream's batch subscriber first uses it at
its first empty poll, in the middle of consuming: with bytecode caching off that import compiles
a 2,700-line module, 0.3-1.7 s on the loaded benchmark machine, paid by the first records
(issue 19, B1). It is done here instead.

A started service then holds some 160,000 objects that live as long as the process (imported
modules, pydantic and SQLAlchemy metadata, the app, the broker). CPython's full collections walk
every one of them each time, and handling events allocates enough to trigger them: in the B1
pipeline benchmark they were about a sixth of the process's CPU per event. ``gc.freeze()`` moves
what exists at the end of start-up to a generation the collector never walks; garbage is still
freed by reference counting, and anything frozen goes back to the collector at stop
(``gc.unfreeze()``), so a process that starts and stops many services (the tests) keeps no cycle
for good.
"""

from __future__ import annotations

import gc

import anyio.lowlevel


async def freeze_startup_heap() -> None:
    """Load anyio's backend, then exclude every object alive now from future collections."""
    await anyio.lowlevel.checkpoint()
    gc.freeze()


def unfreeze_startup_heap() -> None:
    """Give the frozen objects back to the collector (at stop)."""
    gc.unfreeze()
