"""The seven-day promise: a breach exactly once for a reviewer unmatched at the due date."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jobpeak_matching.domain.pool import Reviewer, record_match
from jobpeak_matching.domain.sla import (
    is_in_breach,
    record_sla_breach,
    sla_breaches_to_record,
    sla_report,
)

from services.matching.tests.builders import CODING, DAY, HOUR, T0, reviewer

pytestmark = pytest.mark.unit

MINUTE = timedelta(minutes=1)


def run_scheduler(pool: list[Reviewer], ticks: list[timedelta]) -> tuple[list[Reviewer], list[str]]:
    """What the service's scheduler does on each tick: record due breaches, emit one event each."""
    emitted: list[str] = []
    for tick in ticks:
        now = T0 + tick
        for due in sla_breaches_to_record(reviewers=pool, now=now):
            recorded = record_sla_breach(reviewer=due, detected_at=now)
            if recorded.changed:
                emitted.append(due.candidate_id)
                pool = [recorded.value if r.candidate_id == due.candidate_id else r for r in pool]
    return pool, emitted


def test_the_due_date_is_the_specialtys_match_sla_after_qualification() -> None:
    assert reviewer("cand-a", qualified_at=T0).due_by == T0 + 7 * DAY
    quick = replace(CODING, match_sla_days=3)
    assert reviewer("cand-b", qualified_at=T0, specialty=quick).due_by == T0 + 3 * DAY


def test_a_reviewer_unmatched_at_the_due_date_breaches_exactly_once() -> None:
    waiting = reviewer("cand-waiting", qualified_at=T0)
    ticks = [6 * DAY, 7 * DAY - MINUTE, 7 * DAY, 7 * DAY + MINUTE, 8 * DAY, 30 * DAY]
    pool, emitted = run_scheduler([waiting], ticks)
    assert emitted == ["cand-waiting"]
    assert pool[0].sla_breached_at == T0 + 7 * DAY


def test_a_reviewer_matched_before_the_due_date_never_breaches() -> None:
    matched = record_match(
        reviewer=reviewer("cand-matched", qualified_at=T0), matched_at=T0 + 7 * DAY - MINUTE
    )
    _, emitted = run_scheduler([matched], [7 * DAY, 8 * DAY, 365 * DAY])
    assert emitted == []


def test_a_match_at_the_due_instant_or_after_it_is_late() -> None:
    on_the_dot = record_match(
        reviewer=reviewer("cand-dot", qualified_at=T0), matched_at=T0 + 7 * DAY
    )
    assert is_in_breach(on_the_dot, T0 + 7 * DAY)
    # Accepted an hour late, before the scheduler's next run: still a breach, reported once.
    late = record_match(
        reviewer=reviewer("cand-late", qualified_at=T0), matched_at=T0 + 7 * DAY + HOUR
    )
    _, emitted = run_scheduler([late], [7 * DAY + 2 * HOUR, 9 * DAY])
    assert emitted == ["cand-late"]


def test_recording_a_breach_twice_changes_nothing_and_a_premature_one_is_refused() -> None:
    waiting = reviewer("cand-w", qualified_at=T0)
    first = record_sla_breach(reviewer=waiting, detected_at=T0 + 7 * DAY)
    assert first.changed
    assert not record_sla_breach(reviewer=first.value, detected_at=T0 + 8 * DAY).changed
    with pytest.raises(ValueError, match="not in breach"):
        record_sla_breach(reviewer=waiting, detected_at=T0 + 6 * DAY)


def test_only_the_first_acceptance_counts_as_the_match() -> None:
    first = record_match(reviewer=reviewer("cand-twice"), matched_at=T0 + DAY)
    assert record_match(reviewer=first, matched_at=T0 + 2 * DAY).matched_at == T0 + DAY


@given(
    matched_after=st.none() | st.integers(0, 10 * 24 * 60),
    ticks=st.lists(st.integers(0, 12 * 24 * 60), max_size=12),
)
def test_breach_is_emitted_once_exactly_when_unmatched_before_due_and_a_tick_came_after_it(
    matched_after: int | None, ticks: list[int]
) -> None:
    waiting = reviewer("cand-any", qualified_at=T0)
    if matched_after is not None:
        waiting = record_match(reviewer=waiting, matched_at=T0 + matched_after * MINUTE)
    _, emitted = run_scheduler([waiting], [tick * MINUTE for tick in sorted(ticks)])
    matched_in_time = matched_after is not None and matched_after < 7 * 24 * 60
    should_breach = not matched_in_time and any(tick >= 7 * 24 * 60 for tick in ticks)
    assert emitted == (["cand-any"] if should_breach else [])


def test_the_report_lists_longest_waiting_first_and_the_share_matched_in_time() -> None:
    now = T0 + 10 * DAY
    in_time = record_match(
        reviewer=reviewer("cand-in-time", qualified_at=T0), matched_at=T0 + 2 * DAY
    )
    breached = reviewer("cand-breached", qualified_at=T0 + DAY)
    late = record_match(
        reviewer=reviewer("cand-late", qualified_at=T0 - DAY), matched_at=T0 + 8 * DAY
    )
    fresh = reviewer("cand-fresh", qualified_at=T0 + 9 * DAY)
    report = sla_report(reviewers=[in_time, fresh, breached, late], now=now)
    assert [line.candidate_id for line in report.reviewers] == [
        "cand-breached",
        "cand-late",
        "cand-in-time",
        "cand-fresh",
    ]
    assert [line.waited for line in report.reviewers] == [9 * DAY, 9 * DAY, 2 * DAY, DAY]
    assert [line.within_sla for line in report.reviewers] == [False, False, True, None]
    assert (report.decided, report.matched_within_sla) == (3, 1)
    assert report.share_matched_within_sla == pytest.approx(1 / 3)
    assert sla_report(reviewers=[fresh], now=now).share_matched_within_sla is None
