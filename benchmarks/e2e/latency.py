"""B2's measurement: when each journey's events reach their topics, and the per-hop split.

Times are wall-clock seconds of this process (``time.time()``) for what it does and sees, and the
CloudEvents ``time`` each service stamps when it emits an event (inside the handler's
transaction, before the commit); all processes run on one machine, one clock.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from jobpeak_contracts.events import MatchOffered, ReviewerQualified, TestPassed
from jobpeak_journey.events import SeenEvent

from benchmarks.results import percentile

MILESTONES = ("TestPassed", "ReviewerQualified", "MatchOffered")
TRACKED = {
    TestPassed: "TestPassed",
    ReviewerQualified: "ReviewerQualified",
    MatchOffered: "MatchOffered",
}


@dataclass
class Sighting:
    emitted: float
    """The event's CloudEvents ``time``: stamped in the emitting handler, before its commit."""
    arrived: float
    """When this process's consumer received it from the topic."""


@dataclass
class Journey:
    candidate_id: str
    sent: float = 0.0
    answered: float = 0.0
    """When the submission's HTTP response came back: latencies are measured from here."""
    seen: dict[str, Sighting] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return all(name in self.seen for name in MILESTONES)


class Sightings:
    """Collects the tracked events of the journeys under way (others are ignored)."""

    def __init__(self, journeys: dict[str, Journey], *, clock: Callable[[], float]) -> None:
        self._journeys = journeys
        self._clock = clock

    def __call__(self, record: SeenEvent) -> None:
        name = TRACKED.get(type(record.event))
        journey = self._journeys.get(getattr(record.event, "candidate_id", ""))
        if name is None or journey is None or name in journey.seen:
            return
        journey.seen[name] = Sighting(
            emitted=record.envelope.time.timestamp(),
            arrived=self._clock(),
        )


def _ms(values: list[float]) -> list[float]:
    return [value * 1000 for value in values]


def milestone_latencies(journeys: list[Journey]) -> dict[str, list[float]]:
    """Per milestone, ms from the submission's response to the event arriving on its topic."""
    return {
        name: _ms([j.seen[name].arrived - j.answered for j in journeys if name in j.seen])
        for name in MILESTONES
    }


def hop_breakdown(journeys: list[Journey]) -> dict[str, list[float]]:
    """The chain split at every point a clock reading exists (ms each)."""
    done = [j for j in journeys if j.complete]
    rows: dict[str, list[float]] = defaultdict(list)
    for j in done:
        passed, qualified, offered = (j.seen[name] for name in MILESTONES)
        rows["submit request (sent → response)"].append(j.answered - j.sent)
        rows["testing: TestPassed stamped → on topic (commit, relay, broker)"].append(
            passed.arrived - passed.emitted
        )
        rows["testing: response → TestPassed on topic"].append(passed.arrived - j.answered)
        rows[
            "matching: TestPassed on topic → ReviewerQualified stamped (fetch, inbox, handle)"
        ].append(qualified.emitted - passed.arrived)
        rows["matching: ReviewerQualified stamped → on topic (commit, relay, broker)"].append(
            qualified.arrived - qualified.emitted
        )
        rows["matching: ReviewerQualified on topic → MatchOffered on topic"].append(
            offered.arrived - qualified.arrived
        )
    return {name: _ms(values) for name, values in rows.items()}


def breakdown_table(rows: dict[str, list[float]], *, title: str) -> str:
    lines = [f"**{title}**", "", "| hop | p50 ms | p99 ms | max ms | n |", "|---|---|---|---|---|"]
    for name, values in rows.items():
        if values:
            lines.append(
                f"| {name} | {statistics.median(values):.1f} | {percentile(values, 0.99):.1f} "
                f"| {max(values):.1f} | {len(values)} |"
            )
    return "\n".join(lines)
