from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from jobpeak_tap.funnel import build_funnel
from jobpeak_tap.report import write_report
from jobpeak_tap.store import StoredEvent
from jobpeak_tap.topics import RestrictedTopicError, topics_to_read

pytestmark = pytest.mark.unit


def test_funnel_counts_each_candidate_once_per_stage(journeys: list[StoredEvent]) -> None:
    funnel = build_funnel(journeys)
    assert funnel.stage_counts == {"practised": 3, "paid": 2, "passed": 2, "matched": 1}
    conversions = {(s.source, s.target): s.conversion for s in funnel.steps}
    assert conversions == {
        ("practised", "paid"): 2 / 3,
        ("paid", "passed"): 1.0,
        ("passed", "matched"): 0.5,
    }


def test_time_between_steps_is_the_median_of_first_arrivals(journeys: list[StoredEvent]) -> None:
    steps = {s.target: s for s in build_funnel(journeys).steps}
    # Ana paid 1h after practice, Ben 3h after: the median of two is their mean.
    assert steps["paid"].median_time_between == timedelta(hours=2)
    # Ana passed 1h after paying; Ben 3h after his first payment.
    assert steps["passed"].median_time_between == timedelta(hours=2)
    assert steps["matched"].median_time_between == timedelta(days=2) - timedelta(hours=2)


def test_pass_rate_counts_attempts_and_sla_share_counts_reviewers(
    journeys: list[StoredEvent],
) -> None:
    funnel = build_funnel(journeys)
    assert (funnel.passes, funnel.certification_attempts) == (2, 3)
    assert funnel.pass_rate == pytest.approx(2 / 3)
    assert (funnel.matched_within_sla, funnel.qualified) == (1, 2)


def test_per_item_correct_rate_lists_the_hardest_first(journeys: list[StoredEvent]) -> None:
    items = build_funnel(journeys).items
    assert [(i.question_id, i.correct, i.responses) for i in items] == [
        ("q-hard", 1, 3),
        ("q-easy", 2, 3),
    ]


def test_report_writes_charts_and_a_page(journeys: list[StoredEvent], tmp_path: Path) -> None:
    page = write_report(build_funnel(journeys), tmp_path)
    assert (tmp_path / "funnel.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "items.png").read_bytes().startswith(b"\x89PNG")
    text = page.read_text()
    assert "67%" in text  # the pass rate
    assert "q-hard" in text


def test_the_tap_refuses_restricted_and_ops_topics() -> None:
    assert all(topic.visibility == "public" for topic in topics_to_read())
    with pytest.raises(RestrictedTopicError, match=r"catalog\.question-bank\.v1"):
        topics_to_read(["catalog.question-bank.v1"])
    with pytest.raises(RestrictedTopicError, match=r"testing\.attempts\.v1\.dlq"):
        topics_to_read(["testing.attempts.v1.dlq"])
