"""The objects alive at the end of start-up are frozen out of collections until stop."""

from __future__ import annotations

import gc
import sys

import pytest
from jobpeak_runtime.startup_heap import freeze_startup_heap, unfreeze_startup_heap

pytestmark = pytest.mark.unit


async def test_start_up_objects_are_frozen_until_stop_with_anyios_backend_loaded() -> None:
    built_at_start_up: list[list[int]] = [[] for _ in range(10)]  # tracked by the collector
    try:
        await freeze_startup_heap()
        assert gc.get_freeze_count() >= len(built_at_start_up)
        assert "anyio._backends._asyncio" in sys.modules
    finally:
        unfreeze_startup_heap()
    assert gc.get_freeze_count() == 0
