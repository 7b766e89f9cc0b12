"""The candidate funnel, computed from the public events alone (pure, no I/O).

Stages, per candidate and specialty, at the time each was first reached:
practised (PracticeTestCompleted) → paid (PaymentCaptured) → passed (TestPassed) →
matched (MatchAccepted). Conversion from one stage to the next counts candidates who reached
both. "Matched within the SLA" compares the first accepted match with the due-by date that
ReviewerQualified announced.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from jobpeak_contracts.events import (
    ItemResponsesRecorded,
    MatchAccepted,
    PaymentCaptured,
    PracticeTestCompleted,
    ReviewerQualified,
    TestFailed,
    TestPassed,
)

from jobpeak_tap.store import StoredEvent

STAGES = ("practised", "paid", "passed", "matched")
_STAGE_OF: dict[type, str] = {
    PracticeTestCompleted: "practised",
    PaymentCaptured: "paid",
    TestPassed: "passed",
    MatchAccepted: "matched",
}


@dataclass(frozen=True)
class StageStep:
    source: str
    target: str
    reached_source: int
    reached_both: int
    median_time_between: timedelta | None

    @property
    def conversion(self) -> float | None:
        return self.reached_both / self.reached_source if self.reached_source else None


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    responses: int
    correct: int

    @property
    def correct_rate(self) -> float:
        return self.correct / self.responses


@dataclass
class Funnel:
    stage_counts: dict[str, int]
    steps: list[StageStep]
    certification_attempts: int
    passes: int
    qualified: int
    matched_within_sla: int
    items: list[ItemStats] = field(default_factory=list)

    @property
    def pass_rate(self) -> float | None:
        return self.passes / self.certification_attempts if self.certification_attempts else None

    @property
    def share_matched_within_sla(self) -> float | None:
        return self.matched_within_sla / self.qualified if self.qualified else None


def build_funnel(events: Iterable[StoredEvent]) -> Funnel:
    reached: dict[tuple[str, str], dict[str, datetime]] = defaultdict(dict)
    due_by: dict[tuple[str, str], datetime] = {}
    attempts = passes = 0
    item_totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for stored in sorted(events, key=lambda item: item.envelope.time):
        event, when = stored.event, stored.envelope.time
        stage = _STAGE_OF.get(type(event))
        if stage is not None:
            who = (event.candidate_id, event.specialty_slug)  # type: ignore[attr-defined]
            reached[who].setdefault(stage, when)
        if isinstance(event, TestPassed | TestFailed):
            attempts += 1
            passes += isinstance(event, TestPassed)
        elif isinstance(event, ReviewerQualified):
            due_by.setdefault((event.candidate_id, event.specialty_slug), event.due_by)
        elif isinstance(event, ItemResponsesRecorded):
            for response in event.responses:
                totals = item_totals[response.question_id]
                totals[0] += 1
                totals[1] += response.correct
    return Funnel(
        stage_counts={stage: sum(stage in r for r in reached.values()) for stage in STAGES},
        steps=[_step(reached, source, target) for source, target in pairwise(STAGES)],
        certification_attempts=attempts,
        passes=passes,
        qualified=len(due_by),
        matched_within_sla=sum(
            1
            for who, deadline in due_by.items()
            if "matched" in reached[who] and reached[who]["matched"] <= deadline
        ),
        items=sorted(
            (ItemStats(qid, total, correct) for qid, (total, correct) in item_totals.items()),
            key=lambda item: (item.correct_rate, item.question_id),
        ),
    )


def _step(
    reached: dict[tuple[str, str], dict[str, datetime]], source: str, target: str
) -> StageStep:
    both = [r for r in reached.values() if source in r and target in r]
    gaps = sorted(r[target] - r[source] for r in both if r[target] >= r[source])
    return StageStep(
        source=source,
        target=target,
        reached_source=sum(source in r for r in reached.values()),
        reached_both=len(both),
        median_time_between=_median(gaps),
    )


def _median(values: list[timedelta]) -> timedelta | None:
    """Median of sorted durations (statistics.median is typed for numbers only)."""
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
