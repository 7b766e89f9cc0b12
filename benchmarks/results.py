"""What a benchmark hands the report: comparisons of a candidate with its baseline.

Every benchmark script writes a JSON list of :class:`Comparison` (``--json PATH``); the suite
collects them and the report turns them into tables and charts. Samples are per round, the
candidate's and the baseline's taken in the same run with the rounds alternated, so a ratio of
medians compares the two under the same machine load.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path


def percentile(samples: list[float], fraction: float) -> float:
    """Linear-interpolated percentile (``fraction`` in 0..1) of a non-empty sample."""
    ordered = sorted(samples)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Spread:
    median: float
    p25: float
    p75: float
    rounds: int

    @classmethod
    def of(cls, samples: list[float]) -> Spread:
        return cls(
            median=statistics.median(samples),
            p25=percentile(samples, 0.25),
            p75=percentile(samples, 0.75),
            rounds=len(samples),
        )


@dataclass
class Comparison:
    """One measured quantity for the candidate and its baseline, per round.

    ``ratio`` is always "how good the candidate is relative to the baseline": candidate/baseline
    for throughputs (``higher_is_better``), candidate/baseline too for times, where a ratio
    below the target bound is good; ``target_ratio`` and ``ratio_bound`` say which way.
    """

    benchmark: str
    name: str
    unit: str
    candidate_label: str
    baseline_label: str
    candidate: list[float]
    baseline: list[float]
    higher_is_better: bool
    target: str = ""
    target_ratio: float | None = None
    target_absolute: float | None = None
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    """Conditions of the target other than speed that did not hold (a cost gap, errors)."""

    @property
    def ratio(self) -> float:
        baseline = statistics.median(self.baseline)
        return statistics.median(self.candidate) / baseline if baseline else float("nan")

    @property
    def met(self) -> bool | None:
        """Whether the target holds in this run; None when the comparison has no target."""
        checks: list[bool] = [not self.failures] if self.failures else []
        candidate = statistics.median(self.candidate)
        if self.target_ratio is not None:
            checks.append(
                self.ratio >= self.target_ratio
                if self.higher_is_better
                else self.ratio <= self.target_ratio
            )
        if self.target_absolute is not None:
            checks.append(
                candidate >= self.target_absolute
                if self.higher_is_better
                else candidate <= self.target_absolute
            )
        return all(checks) if checks else None


@dataclass
class BenchmarkOutput:
    """What one benchmark script hands the suite: comparisons and any detail for the report."""

    comparisons: list[Comparison] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    """Markdown blocks (tables, remarks) printed under the benchmark's heading."""
    charts: list[str] = field(default_factory=list)
    """PNG files the script drew, relative to the report's folder."""


def write_output(path: Path, output: BenchmarkOutput) -> None:
    path.write_text(json.dumps(asdict(output), indent=2))


def read_output(path: Path) -> BenchmarkOutput:
    raw = json.loads(path.read_text())
    return BenchmarkOutput(
        comparisons=[Comparison(**entry) for entry in raw["comparisons"]],
        sections=raw["sections"],
        charts=raw["charts"],
    )


def write_comparisons(path: Path, comparisons: list[Comparison]) -> None:
    write_output(path, BenchmarkOutput(comparisons=comparisons))
