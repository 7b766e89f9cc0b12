"""B7's attempt-start figures: the testing service's hot path alone, against the bare app's.

Issue 19 sets targets on attempt starts themselves (>= 300 starts/s per process, >= 0.5x the
bare app, p99 <= 100 ms at 50% of max), which the five-request journey cannot reach: there the
other three requests and the load generator share the two cores. So, per target, alternated:

1. **max**: ``--starts-users`` Locust users (``AttemptStarts``, geventhttpclient) start practice
   attempts back to back for ``--starts-seconds``: the starts/s answered is the max;
2. **half**: the same users paced (one start per user every 2 s) at half that rate: its p99.

Every start is a fresh candidate, so each one does the whole work (no idempotent replay).
"""

from __future__ import annotations

from benchmarks.http.load import Step, Target, run_step
from benchmarks.http.summary import b7_comparison
from benchmarks.results import Comparison

USER_CLASS = "AttemptStarts"


def print_starts(label: str, step: Step) -> None:
    print(
        f"  {step.target:>8} starts {label}: {step.starts_per_second:6.1f} starts/s, "
        f"p50 {step.p50_ms:5.0f} ms, p99 {step.p99_ms:5.0f} ms, failures {step.failures} "
        f"{dict(step.failure_kinds) or ''}, readyz failures "
        f"{sum(step.readiness_failures.values())}/{step.readiness_probes}",
        flush=True,
    )


async def measure_starts(
    targets: list[Target],
    *,
    users: int,
    seconds: float,
    environment: dict[str, str],
    run: str,
) -> dict[str, tuple[Step, Step]]:
    """Per target name: the closed-loop step and the step paced at half its rate."""
    maxima: dict[str, Step] = {}
    for target in targets:
        print(f"step: {target.name} attempt starts, {users} users back to back", flush=True)
        step = await run_step(
            target,
            offered=0,
            seconds=seconds,
            environment=environment,
            run=f"{run}-max",
            user_class=USER_CLASS,
            closed_loop_users=users,
        )
        print_starts("max", step)
        maxima[target.name] = step
    halves: dict[str, Step] = {}
    for target in targets[::-1]:
        half_rate = max(1.0, maxima[target.name].starts_per_second / 2)
        print(f"step: {target.name} attempt starts at {half_rate:.0f}/s (half)", flush=True)
        step = await run_step(
            target,
            offered=half_rate,
            seconds=seconds,
            environment=environment,
            run=f"{run}-half",
            user_class=USER_CLASS,
        )
        print_starts("half", step)
        halves[target.name] = step
    return {name: (maxima[name], halves[name]) for name in maxima}


def _starts(name: str, unit: str, platform: float, bare: float, **kwargs: object) -> Comparison:
    return b7_comparison(
        name, unit, platform, bare, candidate_label="testing service (one process)", **kwargs
    )


def starts_comparisons(measured: dict[str, tuple[Step, Step]], *, users: int) -> list[Comparison]:
    (platform_max, platform_half), (bare_max, bare_half) = measured["platform"], measured["bare"]
    return [
        _starts(
            f"attempt starts/s, {users} users back to back", "starts/s",
            platform_max.starts_per_second, bare_max.starts_per_second,
            higher_is_better=True,
            target=">= 300 starts/s per process and >= 0.5x the bare app",
            target_ratio=0.5, target_absolute=300.0,
            notes=[
                f"failed requests: platform {platform_max.failures}, bare {bare_max.failures}",
                f"p99 at max: platform {platform_max.p99_ms:.0f} ms, bare {bare_max.p99_ms:.0f} ms",
            ],
        ),
        _starts(
            "attempt start p99 at 50% of max", "ms", platform_half.p99_ms, bare_half.p99_ms,
            higher_is_better=False, target="<= 100 ms", target_absolute=100.0,
            notes=[
                f"{name} paced at {half.offered:.0f}/s: answered {half.starts_per_second:.0f}/s, "
                f"p50 {half.p50_ms:.0f} ms"
                for name, half in (("platform", platform_half), ("bare", bare_half))
            ],
        ),
    ]  # fmt: skip
