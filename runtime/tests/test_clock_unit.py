from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from jobpeak_runtime.clock import Clock, ManualClock, utc_now

pytestmark = pytest.mark.unit

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_the_system_clock_returns_the_current_aware_utc_time() -> None:
    before = datetime.now(UTC)
    now = utc_now()
    assert now.tzinfo is UTC
    assert before <= now <= datetime.now(UTC)


def test_a_manual_clock_stands_still_until_moved() -> None:
    manual = ManualClock(T0)
    clock: Clock = manual
    assert clock() == T0
    assert clock() == T0
    manual.advance(timedelta(minutes=5))
    assert clock() == T0 + timedelta(minutes=5)
    manual.now = T0 + timedelta(days=1)
    assert clock() == T0 + timedelta(days=1)
