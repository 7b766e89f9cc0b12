"""The objects alive at the end of start-up are frozen out of collections until stop."""

from __future__ import annotations

import gc

import pytest
from jobpeak_runtime.startup_heap import freeze_startup_heap, unfreeze_startup_heap

pytestmark = pytest.mark.unit


def test_start_up_objects_are_frozen_until_stop() -> None:
    built_at_start_up: list[list[int]] = [[] for _ in range(10)]  # tracked by the collector
    try:
        freeze_startup_heap()
        assert gc.get_freeze_count() >= len(built_at_start_up)
    finally:
        unfreeze_startup_heap()
    assert gc.get_freeze_count() == 0
