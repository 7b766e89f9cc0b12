"""The practice allowance: free practice, but a bounded number of attempts per rolling day.

Practice stays free; the allowance only stops a script from turning practice into an unlimited
stream of probes. It counts a candidate's practice attempts started in the trailing window (every
specialty, voided ones too) and never looks at certification attempts, which are paid one by one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from jobpeak_testing.domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class PracticeAllowance:
    attempts: int
    """Practice attempts a candidate may start within any ``window``."""
    window: timedelta = timedelta(hours=24)


class PracticeLimitReached(DomainError):
    """The candidate started as many practice attempts as the rolling window allows."""

    def __init__(self, *, allowance: PracticeAllowance, opens_at: datetime, now: datetime) -> None:
        self.opens_at = opens_at
        self.retry_after_seconds = max(1, math.ceil((opens_at - now).total_seconds()))
        hours = allowance.window.total_seconds() / 3600
        super().__init__(
            f"{allowance.attempts} practice attempts per {hours:g} hours have been started; "
            f"the next one can start at {opens_at.isoformat()}"
        )


def check_practice_allowance(
    *, allowance: PracticeAllowance, started: Iterable[datetime], now: datetime
) -> None:
    """Refuse a new practice attempt when ``started`` (start times) already fills the window."""
    recent = sorted(moment for moment in started if moment > now - allowance.window)
    excess = len(recent) - allowance.attempts
    if excess >= 0:
        raise PracticeLimitReached(
            allowance=allowance, opens_at=recent[excess] + allowance.window, now=now
        )
