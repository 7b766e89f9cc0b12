"""Retakes and payment follow the blueprint's policy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jobpeak_testing.domain.retakes import (
    PastAttempt,
    Payment,
    RetakeRefused,
    check_retake,
    payment_rule,
)

from services.testing.tests.samples import NOW, blueprint, practice_blueprint, retake_policy

pytestmark = pytest.mark.unit


def _failures(count: int, *, last_ended: timedelta = timedelta(minutes=5)) -> list[PastAttempt]:
    return [
        PastAttempt(ended_at=NOW - last_ended - timedelta(hours=index), passed=False)
        for index in reversed(range(count))
    ]


def test_coding_certification_can_be_retaken_at_once_after_any_number_of_failures() -> None:
    check_retake(blueprint=blueprint(), history=_failures(12), now=NOW)


def test_coding_certification_needs_a_payment_per_attempt_and_practice_is_free() -> None:
    assert payment_rule(blueprint()) is Payment.PER_ATTEMPT
    assert payment_rule(practice_blueprint()) is Payment.FREE


def test_a_certification_paid_once_covers_its_retakes_when_the_policy_says_so() -> None:
    once = blueprint(policy=retake_policy(payment_per_attempt=False))

    assert payment_rule(once) is Payment.ONCE


def test_a_first_attempt_is_always_allowed() -> None:
    closed = blueprint(policy=retake_policy(payment_per_attempt=True, allowed=False))

    check_retake(blueprint=closed, history=[], now=NOW)


def test_no_retake_when_the_policy_forbids_it() -> None:
    closed = blueprint(policy=retake_policy(payment_per_attempt=True, allowed=False))

    with pytest.raises(RetakeRefused, match="cannot be retaken"):
        check_retake(blueprint=closed, history=_failures(1), now=NOW)


def test_cooldown_refuses_until_it_has_passed() -> None:
    cooling = blueprint(policy=retake_policy(payment_per_attempt=True, cooldown_hours=24))
    history = _failures(1, last_ended=timedelta(hours=23))

    with pytest.raises(RetakeRefused) as refused:
        check_retake(blueprint=cooling, history=history, now=NOW)
    assert refused.value.not_before == NOW + timedelta(hours=1)
    check_retake(blueprint=cooling, history=history, now=NOW + timedelta(hours=1))


def test_lockout_after_consecutive_failures_lasts_its_days_and_a_pass_resets_it() -> None:
    locking = blueprint(
        policy=retake_policy(payment_per_attempt=True, lockout_after_failures=3, lockout_days=30)
    )

    check_retake(blueprint=locking, history=_failures(2), now=NOW)
    with pytest.raises(RetakeRefused, match="locked for 30 day"):
        check_retake(blueprint=locking, history=_failures(3), now=NOW)
    check_retake(blueprint=locking, history=_failures(3), now=NOW + timedelta(days=30))
    check_retake(blueprint=locking, history=_failures(4), now=NOW)
    passed_last = [*_failures(3, last_ended=timedelta(days=2)), PastAttempt(NOW, passed=True)]
    check_retake(blueprint=locking, history=passed_last, now=NOW)


def test_max_attempts_caps_the_number_of_attempts() -> None:
    capped = blueprint(policy=retake_policy(payment_per_attempt=True, max_attempts=2))

    check_retake(blueprint=capped, history=_failures(1), now=NOW)
    with pytest.raises(RetakeRefused, match="allows 2 attempt"):
        check_retake(blueprint=capped, history=_failures(2), now=NOW)
