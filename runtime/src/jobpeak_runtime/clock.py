"""The time source of use cases, handlers and schedulers, injected so tests can pin or move it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Returns the current time as an aware UTC datetime."""

    def __call__(self) -> datetime: ...


def utc_now() -> datetime:
    """The system clock: the real current time in UTC."""
    return datetime.now(UTC)


class ManualClock:
    """A clock for tests: stands still at ``now`` until the test sets or advances it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta
