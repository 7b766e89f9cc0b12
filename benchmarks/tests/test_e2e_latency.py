"""B2's arithmetic: latencies from the submission's response, and the per-hop split."""

from __future__ import annotations

import pytest

from benchmarks.e2e.latency import Journey, Sighting, hop_breakdown, milestone_latencies

pytestmark = pytest.mark.unit


def journey(*, passed: float | None = 1.010, qualified: float = 1.050) -> Journey:
    seen = {
        "ReviewerQualified": Sighting(emitted=1.030, arrived=qualified),
        "MatchOffered": Sighting(emitted=1.030, arrived=qualified),
    }
    if passed is not None:
        seen["TestPassed"] = Sighting(emitted=0.995, arrived=passed)
    return Journey(candidate_id="c", sent=0.990, answered=1.000, seen=seen)


def test_latencies_are_counted_from_the_submission_s_response() -> None:
    latencies = milestone_latencies([journey()])
    assert [round(v, 6) for v in latencies["TestPassed"]] == [10.0]
    assert [round(v, 6) for v in latencies["MatchOffered"]] == [50.0]


def test_the_breakdown_splits_the_chain_where_clocks_were_read() -> None:
    rows = {
        name: [round(v, 6) for v in values] for name, values in hop_breakdown([journey()]).items()
    }
    assert rows["submit request (sent → response)"] == [10.0]
    assert rows["testing: TestPassed stamped → on topic (commit, relay, broker)"] == [15.0]
    assert rows[
        "matching: TestPassed on topic → ReviewerQualified stamped (fetch, inbox, handle)"
    ] == [20.0]
    assert rows["matching: ReviewerQualified stamped → on topic (commit, relay, broker)"] == [20.0]


def test_an_incomplete_journey_counts_where_it_got_but_not_in_the_breakdown() -> None:
    incomplete = journey(passed=None)
    assert milestone_latencies([incomplete])["TestPassed"] == []
    assert hop_breakdown([incomplete]) == {}
