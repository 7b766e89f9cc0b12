"""B7's figures from its load steps: comparisons for the headline, a table and a chart."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt

from benchmarks.http.load import PACING_SECONDS, Step
from benchmarks.results import BenchmarkOutput, Comparison

CHART = "b7_http.png"


def _by_target(steps: list[Step]) -> dict[tuple[str, int], list[Step]]:
    grouped: dict[tuple[str, int], list[Step]] = defaultdict(list)
    for step in steps:
        grouped[(step.target, step.workers)].append(step)
    return grouped


def best_sustained(steps: list[Step], bound: float) -> Step | None:
    sustained = [s for s in steps if s.sustainable(p99_bound_ms=bound)]
    return max(sustained, key=lambda s: s.requests_per_second, default=None)


def at_half(steps: list[Step], best: Step | None) -> Step | None:
    """The highest step offered at most half the best sustained rate (else the lowest one)."""
    if not steps:
        return None
    if best is None:
        return min(steps, key=lambda s: s.offered)
    below = [s for s in steps if s.offered <= best.offered / 2]
    return max(below, key=lambda s: s.offered) if below else min(steps, key=lambda s: s.offered)


def ceiling_notes(grouped: dict[tuple[str, int], list[Step]], bound: float) -> list[str]:
    """Say where "max sustainable" is only a lower bound: the highest offered rate held."""
    notes = []
    for (target, workers), mine in grouped.items():
        top = max(mine, key=lambda s: s.offered)
        if top.sustainable(p99_bound_ms=bound):
            notes.append(
                f"{target} x{workers} sustained the highest offered rate ({top.offered:g} it/s):"
                " its max is a lower bound, offer higher rates to find it"
            )
    return notes


def b7_comparison(
    name: str,
    unit: str,
    candidate: float,
    baseline: float,
    *,
    candidate_label: str = "platform (four services, one process each)",
    **kwargs: object,
) -> Comparison:
    return Comparison(
        benchmark="B7",
        name=name,
        unit=unit,
        candidate_label=candidate_label,
        baseline_label="bare Starlette + asyncpg app, 1 worker",
        candidate=[candidate],
        baseline=[baseline],
        **kwargs,  # type: ignore[arg-type]
    )


def step_table(steps: list[Step], bound: float) -> str:
    lines = [
        "| target | workers | offered it/s (users) | req/s | starts/s | p50 ms | p99 ms | failed "
        "| /readyz failed | sustainable |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in steps:
        lines.append(
            f"| {s.target} | {s.workers} | {s.offered:g} ({round(s.offered * PACING_SECONDS)}) "
            f"| {s.requests_per_second:.1f} | {s.starts_per_second:.1f} | {s.p50_ms:.0f} "
            f"| {s.p99_ms:.0f} | {s.failures} | {sum(s.readiness_failures.values())}"
            f"/{s.readiness_probes} | {'yes' if s.sustainable(p99_bound_ms=bound) else 'no'} |"
        )
    kinds = {kind: count for s in steps for kind, count in s.failure_kinds.items()}
    lines += [f"- failure: {kind} (x{count})" for kind, count in kinds.items()]
    probes = {kind for s in steps for kind in s.readiness_failures}
    lines += [f"- /readyz failure: {kind}" for kind in sorted(probes)]
    return "\n".join(lines)


def chart(steps: list[Step], folder: Path) -> None:
    figure, (rates, tails) = plt.subplots(1, 2, figsize=(10, 4))
    for (target, workers), mine in _by_target(steps).items():
        offered = [s.offered for s in mine]
        label = f"{target} x{workers}"
        rates.plot(offered, [s.requests_per_second for s in mine], marker="o", label=label)
        tails.plot(offered, [s.p99_ms for s in mine], marker="o", label=label)
    rates.set_xlabel("offered iterations/s (5 requests each)")
    rates.set_ylabel("achieved requests/s")
    tails.set_xlabel("offered iterations/s")
    tails.set_ylabel("p99 latency (ms)")
    tails.set_yscale("log")
    for axes in (rates, tails):
        axes.legend()
        axes.grid(alpha=0.3)
    figure.suptitle("B7 HTTP under Locust")
    figure.tight_layout()
    figure.savefig(folder / CHART, dpi=110)
    plt.close(figure)


def summarise(steps: list[Step], *, p99_bound_ms: float, charts: Path | None) -> BenchmarkOutput:
    grouped = _by_target(steps)
    platform, bare = grouped.get(("platform", 1), []), grouped.get(("bare", 1), [])
    platform_best, bare_best = (
        best_sustained(platform, p99_bound_ms),
        best_sustained(bare, p99_bound_ms),
    )
    platform_half, bare_half = at_half(platform, platform_best), at_half(bare, bare_best)
    definition = (
        f"sustainable: no failed request, p99 <= {p99_bound_ms:g} ms, >= 80% of the offered "
        "iterations started; 0 when no step was"
    )
    comparisons = [
        b7_comparison(
            "max sustainable requests/s", "req/s",
            platform_best.requests_per_second if platform_best else 0.0,
            bare_best.requests_per_second if bare_best else 0.0,
            higher_is_better=True, target=">= 0.5x the bare app", target_ratio=0.5,
            notes=[definition, *ceiling_notes(grouped, p99_bound_ms)],
        ),
        b7_comparison(
            "attempt starts/s at max sustainable", "starts/s",
            platform_best.starts_per_second if platform_best else 0.0,
            bare_best.starts_per_second if bare_best else 0.0,
            higher_is_better=True,
            notes=["the 300 starts/s target is checked on attempt starts alone (below)"],
        ),
        b7_comparison(
            "p99 at ~50% of max sustainable", "ms",
            platform_half.p99_ms if platform_half else float("nan"),
            bare_half.p99_ms if bare_half else float("nan"),
            higher_is_better=False, target="<= 100 ms", target_absolute=100.0,
            notes=[
                f"platform at {platform_half.offered:g} it/s: p50 {platform_half.p50_ms:.0f} ms"
                if platform_half else "platform: no step",
                f"bare at {bare_half.offered:g} it/s: p50 {bare_half.p50_ms:.0f} ms"
                if bare_half else "bare: no step",
            ],
        ),
        b7_comparison(
            "/readyz failures during load (issue item 7)", "failed probes",
            float(sum(sum(s.readiness_failures.values()) for s in platform)),
            float(sum(sum(s.readiness_failures.values()) for s in bare)),
            higher_is_better=False, target="0", target_absolute=0.0,
            notes=[f"{sum(s.readiness_probes for s in platform)} probes of the four services"],
        ),
    ]  # fmt: skip
    two = best_sustained(grouped.get(("bare", 2), []), p99_bound_ms)
    if two is not None and bare_best is not None:
        scaling = b7_comparison(
            "bare app scaling, 2 workers vs 1", "req/s",
            two.requests_per_second, bare_best.requests_per_second, higher_is_better=True,
            notes=["the services run one uvicorn process each: their scaling is not measured"],
        )  # fmt: skip
        scaling.candidate_label = "bare app, 2 workers"
        comparisons.append(scaling)
    output = BenchmarkOutput(comparisons=comparisons, sections=[step_table(steps, p99_bound_ms)])
    if charts is not None and steps:
        chart(steps, charts)
        output.charts.append(CHART)
    return output
