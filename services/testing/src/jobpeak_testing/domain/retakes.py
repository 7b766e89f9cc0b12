"""Whether a candidate may start another attempt, and what it costs: all from the blueprint.

The retake policy is data (Coding: retakes allowed, no cooldown, no lockout, no cap, and every
certification attempt paid for separately). Voided attempts never count against a candidate: they
were not the candidate's doing.

Lockout reading: after every ``lockout_after_failures`` consecutive failures the candidate waits
``lockout_days`` from the last of them; a pass resets the count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from jobpeak_contracts.blueprints import Blueprint

from jobpeak_testing.domain.errors import DomainError


class Payment(StrEnum):
    FREE = "free"
    """No payment (the practice test)."""
    PER_ATTEMPT = "per_attempt"
    """Every attempt consumes one paid entitlement of its own."""
    ONCE = "once"
    """One paid entitlement covers every attempt."""


def payment_rule(blueprint: Blueprint) -> Payment:
    if blueprint.fee is None:
        return Payment.FREE
    if blueprint.retake_policy.payment_per_attempt:
        return Payment.PER_ATTEMPT
    return Payment.ONCE


@dataclass(frozen=True, slots=True)
class PastAttempt:
    """An earlier graded attempt of the same kind in the same specialty."""

    ended_at: datetime
    passed: bool


class RetakeRefused(DomainError):
    def __init__(self, reason: str, *, not_before: datetime | None) -> None:
        self.not_before = not_before
        super().__init__(reason)


def check_retake(*, blueprint: Blueprint, history: Sequence[PastAttempt], now: datetime) -> None:
    """Refuse a new attempt the retake policy forbids; ``history`` is oldest first."""
    if not history:
        return
    policy = blueprint.retake_policy
    title = blueprint.title
    if not policy.allowed:
        raise RetakeRefused(f"{title} cannot be retaken", not_before=None)
    if policy.max_attempts is not None and len(history) >= policy.max_attempts:
        raise RetakeRefused(
            f"{title} allows {policy.max_attempts} attempt(s); all have been used",
            not_before=None,
        )
    last = history[-1]
    if policy.cooldown_hours:
        cooldown_ends = last.ended_at + timedelta(hours=policy.cooldown_hours)
        if now < cooldown_ends:
            raise RetakeRefused(
                f"{title} can be retaken {policy.cooldown_hours} hour(s) after the last attempt",
                not_before=cooldown_ends,
            )
    if policy.lockout_after_failures is not None and policy.lockout_days is not None:
        failures = _trailing_failures(history)
        if failures and failures % policy.lockout_after_failures == 0:
            lockout_ends = last.ended_at + timedelta(days=policy.lockout_days)
            if now < lockout_ends:
                raise RetakeRefused(
                    f"{title} is locked for {policy.lockout_days} day(s) after "
                    f"{policy.lockout_after_failures} failed attempt(s) in a row",
                    not_before=lockout_ends,
                )


def _trailing_failures(history: Sequence[PastAttempt]) -> int:
    count = 0
    for attempt in reversed(history):
        if attempt.passed:
            break
        count += 1
    return count
