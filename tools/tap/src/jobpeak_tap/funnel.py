"""The candidate funnel, computed from the public events (pure, no I/O).

Stages, per candidate and specialty, at the time each was first reached: practised
(PracticeTestCompleted) → paid (PaymentCaptured) → passed (TestPassed) → matched (MatchAccepted).
The funnel is nested: a stage counts only candidates who also reached every stage before it, so
each bar is a subset of the one before and the percentages are true conversions.

The seven-day promise is judged per qualified reviewer (ReviewerQualified announces the due-by
date): matched in time (first accepted match by the due date), breached (matched late, a
MatchSlaBreached event, or unmatched when the due date has passed as of the report), or pending
(unmatched and still within the seven days). The share kept is matched in time over the decided
ones (matched in time + breached); pending reviewers are shown apart, never counted as misses.

Per-item figures (n and share correct per certification item) come only from the restricted
``testing.item-responses.v1`` (``ItemResponsesRecorded`` v2), present in a store only when it was
filled with ``consume --item-statistics``; the retired public v1 records are not counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from jobpeak_contracts.events import (
    ItemResponsesRecordedV2,
    MatchAccepted,
    MatchSlaBreached,
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
Who = tuple[str, str]
"""(candidate id, specialty slug)."""


@dataclass(frozen=True)
class Scope:
    """Which events a report covers: one specialty or all, and a period of event times."""

    specialty: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def covers(self, stored: StoredEvent) -> bool:
        when = stored.envelope.time
        if self.since is not None and when < self.since:
            return False
        if self.until is not None and when >= self.until:
            return False
        slug = getattr(stored.event, "specialty_slug", None)
        return self.specialty is None or slug == self.specialty


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
    """One certification item's results over the attempts that served it."""

    question_id: str
    responses: int
    correct: int

    @property
    def correct_rate(self) -> float:
        return self.correct / self.responses


@dataclass(frozen=True)
class SlaOutcome:
    matched_in_time: int
    breached: int
    pending: int

    @property
    def decided(self) -> int:
        return self.matched_in_time + self.breached

    @property
    def share_kept(self) -> float | None:
        return self.matched_in_time / self.decided if self.decided else None


@dataclass
class Funnel:
    as_of: datetime | None
    stage_counts: dict[str, int]
    steps: list[StageStep]
    certification_attempts: int
    passes: int
    sla: SlaOutcome
    items: list[ItemStats] = field(default_factory=list)

    @property
    def pass_rate(self) -> float | None:
        return self.passes / self.certification_attempts if self.certification_attempts else None

    def share_of_first_stage(self, stage: str) -> float | None:
        first = self.stage_counts[STAGES[0]]
        return self.stage_counts[stage] / first if first else None


def build_funnel(
    events: Iterable[StoredEvent], *, scope: Scope = Scope(), as_of: datetime | None = None
) -> Funnel:
    """The funnel of the events in ``scope``, judged ``as_of`` (default: the latest event)."""
    covered = sorted((e for e in events if scope.covers(e)), key=lambda item: item.envelope.time)
    if as_of is None:
        as_of = scope.until or (covered[-1].envelope.time if covered else None)
    reached: dict[Who, dict[str, datetime]] = defaultdict(dict)
    due_by: dict[Who, datetime] = {}
    breach_reported: set[Who] = set()
    attempts = passes = 0
    item_totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for stored in covered:
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
        elif isinstance(event, MatchSlaBreached):
            breach_reported.add((event.candidate_id, event.specialty_slug))
        elif isinstance(event, ItemResponsesRecordedV2):
            for response in event.responses:
                totals = item_totals[response.question_id]
                totals[0] += 1
                totals[1] += response.correct
    nested = _nested(reached)
    return Funnel(
        as_of=as_of,
        stage_counts={stage: len(nested[stage]) for stage in STAGES},
        steps=[_step(reached, nested, source, target) for source, target in pairwise(STAGES)],
        certification_attempts=attempts,
        passes=passes,
        sla=_sla(reached, due_by, breach_reported, as_of),
        items=sorted(
            (ItemStats(qid, n, correct) for qid, (n, correct) in item_totals.items()),
            key=lambda item: (item.correct_rate, item.question_id),
        ),
    )


def _nested(reached: dict[Who, dict[str, datetime]]) -> dict[str, list[Who]]:
    """Per stage, the candidates who reached it and every stage before it."""
    nested: dict[str, list[Who]] = {}
    for depth, stage in enumerate(STAGES):
        nested[stage] = [w for w, r in reached.items() if all(s in r for s in STAGES[: depth + 1])]
    return nested


def _sla(
    reached: dict[Who, dict[str, datetime]],
    due_by: dict[Who, datetime],
    breach_reported: set[Who],
    as_of: datetime | None,
) -> SlaOutcome:
    in_time = breached = pending = 0
    for who, deadline in due_by.items():
        matched = reached[who].get("matched")
        if matched is not None and matched <= deadline:
            in_time += 1
        elif matched is not None or who in breach_reported:
            breached += 1  # matched late, or the service reported the breach
        elif as_of is not None and as_of >= deadline:
            breached += 1
        else:
            pending += 1
    return SlaOutcome(matched_in_time=in_time, breached=breached, pending=pending)


def _step(
    reached: dict[Who, dict[str, datetime]],
    nested: dict[str, list[Who]],
    source: str,
    target: str,
) -> StageStep:
    gaps = sorted(
        reached[w][target] - reached[w][source]
        for w in nested[target]
        if reached[w][target] >= reached[w][source]
    )
    return StageStep(
        source=source,
        target=target,
        reached_source=len(nested[source]),
        reached_both=len(nested[target]),
        median_time_between=_median(gaps),
    )


def _median(values: list[timedelta]) -> timedelta | None:
    """Median of sorted durations (statistics.median is typed for numbers only)."""
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
