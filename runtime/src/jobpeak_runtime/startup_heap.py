"""Keep the objects a service builds at start-up out of the garbage collector's full passes.

A started service holds some 160,000 objects that live as long as the process (imported modules,
pydantic and SQLAlchemy metadata, the app, the broker). CPython's full collections walk every one
of them each time, and handling events allocates enough to trigger them: in the B1 pipeline
benchmark they were about a sixth of the process's CPU per event (issue 19). ``gc.freeze()``
moves what exists at the end of start-up to a generation the collector never walks; garbage is
still freed by reference counting, and anything frozen goes back to the collector at stop
(``gc.unfreeze()``), so a process that starts and stops many services (the tests) keeps no cycle
for good.
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Exclude every object alive now from future collections (end of start-up)."""
    gc.freeze()


def unfreeze_startup_heap() -> None:
    """Give the frozen objects back to the collector (at stop)."""
    gc.unfreeze()
