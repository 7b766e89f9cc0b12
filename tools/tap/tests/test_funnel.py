"""The funnel's numbers against journeys whose answers are known (see conftest)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from jobpeak_contracts.events import (
    MatchAccepted,
    MatchSlaBreached,
    PaymentCaptured,
    ReviewerQualified,
    TestPassed,
)
from jobpeak_contracts.examples import NOW
from jobpeak_tap.funnel import Scope, build_funnel
from jobpeak_tap.report import write_report
from jobpeak_tap.store import StoredEvent
from jobpeak_tap.topics import RestrictedTopicError, topics_to_read

from tools.tap.tests.journeys import at

pytestmark = pytest.mark.unit
WEEK = timedelta(days=7)


def test_the_funnel_is_nested_so_each_stage_is_within_the_one_before(
    journeys: list[StoredEvent],
) -> None:
    # Dee pays and passes without ever practising: she is in no bar of the nested funnel.
    dee = [at(NOW, PaymentCaptured, "dee-4"), at(NOW, TestPassed, "dee-4")]
    funnel = build_funnel([*journeys, *dee])
    assert funnel.stage_counts == {"practised": 3, "paid": 2, "passed": 2, "matched": 1}
    assert funnel.share_of_first_stage("paid") == pytest.approx(2 / 3)
    assert funnel.share_of_first_stage("matched") == pytest.approx(1 / 3)
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


def test_a_reviewer_still_within_seven_days_is_pending_not_a_miss(
    journeys: list[StoredEvent],
) -> None:
    # As of the last event (Ana's match, day 2) Ben is unmatched but his seven days run on.
    funnel = build_funnel(journeys)
    assert (funnel.passes, funnel.certification_attempts) == (2, 3)
    assert funnel.pass_rate == pytest.approx(2 / 3)
    sla = funnel.sla
    assert (sla.matched_in_time, sla.breached, sla.pending) == (1, 0, 1)
    assert sla.share_kept == 1.0


def test_a_reviewer_past_the_due_date_or_matched_late_is_a_breach(
    journeys: list[StoredEvent],
) -> None:
    late = [
        at(NOW, ReviewerQualified, "eve-5", due_by=NOW + WEEK),
        at(NOW + WEEK + timedelta(hours=1), MatchAccepted, "eve-5"),
        at(NOW, ReviewerQualified, "fay-6", due_by=NOW + WEEK),
        at(NOW + WEEK, MatchSlaBreached, "fay-6", qualified_at=NOW, due_by=NOW + WEEK),
    ]
    sla = build_funnel([*journeys, *late], as_of=NOW + timedelta(days=3)).sla
    assert (sla.matched_in_time, sla.breached, sla.pending) == (1, 2, 1)  # Ben still pending
    sla = build_funnel([*journeys, *late], as_of=NOW + 2 * WEEK).sla
    assert (sla.matched_in_time, sla.breached, sla.pending) == (1, 3, 0)
    assert sla.share_kept == pytest.approx(1 / 4)


def test_item_figures_are_certification_items_from_the_restricted_topic_only(
    journeys: list[StoredEvent],
) -> None:
    items = build_funnel(journeys).items
    assert [(i.question_id, i.correct, i.responses) for i in items] == [("q-cert", 1, 2)]


def test_scope_keeps_one_specialty_and_one_period(journeys: list[StoredEvent]) -> None:
    other = [at(NOW, PaymentCaptured, "ana-1", specialty_slug="writing")]
    in_coding = build_funnel([*journeys, *other], scope=Scope(specialty="coding"))
    assert in_coding.stage_counts["paid"] == 2
    first_hours = build_funnel(journeys, scope=Scope(until=NOW + timedelta(hours=3)))
    assert first_hours.stage_counts == {"practised": 3, "paid": 1, "passed": 1, "matched": 0}
    assert first_hours.as_of == NOW + timedelta(hours=3)


def test_report_writes_charts_and_a_page(journeys: list[StoredEvent], tmp_path: Path) -> None:
    page = write_report(build_funnel(journeys), tmp_path)
    for chart in ("funnel.png", "items-certification.png"):
        assert (tmp_path / chart).read_bytes().startswith(b"\x89PNG")
    text = page.read_text()
    assert "67%" in text  # the pass rate
    assert "q-cert" in text
    assert "1 / 2" in text  # correct of n
    assert "q-hard" not in text
    assert "1 still within their seven days" in text
    assert "As of <b>" in text


def test_a_public_store_says_where_item_figures_went(
    journeys: list[StoredEvent], tmp_path: Path
) -> None:
    public_only = [e for e in journeys if e.event.topic.visibility == "public"]

    text = write_report(build_funnel(public_only), tmp_path).read_text()

    assert "Per-item results are restricted" in text
    assert "--item-statistics" in text


def test_per_item_results_are_read_only_when_asked_for() -> None:
    assert "testing.item-responses.v1" not in {t.name for t in topics_to_read()}
    with pytest.raises(RestrictedTopicError, match=r"needs --item-statistics"):
        topics_to_read(["testing.item-responses.v1"])
    with_items = topics_to_read(item_statistics=True)
    assert {t.name for t in with_items} - {t.name for t in topics_to_read()} == {
        "testing.item-responses.v1"
    }
    with pytest.raises(RestrictedTopicError, match=r"catalog\.question-bank\.v1"):
        topics_to_read(["catalog.question-bank.v1"], item_statistics=True)


def test_the_tap_refuses_restricted_and_ops_topics() -> None:
    assert all(topic.visibility == "public" for topic in topics_to_read())
    with pytest.raises(RestrictedTopicError, match=r"catalog\.question-bank\.v1"):
        topics_to_read(["catalog.question-bank.v1"])
    with pytest.raises(RestrictedTopicError, match=r"testing\.attempts\.v1\.dlq"):
        topics_to_read(["testing.attempts.v1.dlq"])
