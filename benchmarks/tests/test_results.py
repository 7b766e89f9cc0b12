"""The suite's arithmetic and parsing (no timing is asserted: benchmarks are scripts)."""

from __future__ import annotations

import pytest

from benchmarks.existing import EXISTING
from benchmarks.http.load import Step
from benchmarks.http.profile import read_collapsed
from benchmarks.http.summary import at_half, best_sustained, summarise
from benchmarks.results import Comparison, Spread

pytestmark = pytest.mark.unit

PARSERS = {benchmark.key: benchmark.parse for benchmark in EXISTING}

ASSEMBLY_OUTPUT = """\
-- mypyc kernels
assemble 60 of 150, 30 seen   wall       30.0     60.0      20.0      40.0     1.50x     1.50x  -
assemble 60 of 150, 30 seen   cpu        25.0     50.0      16.0      32.0     1.56x     1.56x  ok
grade a 60-item submission    cpu         7.0     12.0       5.0       9.0     1.40x     1.33x  ok
-- python kernels (for comparison only)
assemble 60 of 150, 30 seen   cpu        41.0     80.0      16.0      32.0     2.56x     2.50x  -
"""
DECODE_OUTPUT = """\
event             pydantic us  msgspec us  ratio  decode() us
TestPassed               8.75        3.95  2.22x        24.00
PaymentCaptured          6.60        4.11  1.60x        20.00
"""
MATCHING_OUTPUT = """\
[uniform] 10000 reviewers x 10000 seats, 500000 eligible pairs (50.0 per reviewer)
  engine (seats)        0.031 s (cpu  0.030 s)  seated  10000  cost 50005000
  scipy LAPJVsp         0.090 s (cpu  0.090 s)  seated  10000  cost 50005000
  ratio engine/scipy    0.344 (cpu  0.333)    cost gap 0    seat gap 0
[popular] 10000 reviewers x 10000 seats, 500000 eligible pairs (50.0 per reviewer)
  engine (seats)        0.150 s (cpu  0.150 s)  seated   9000  cost 40000000
  scipy LAPJVsp         0.100 s (cpu  0.100 s)  seated   9000  cost 39999999
  ratio engine/scipy    1.500 (cpu  1.500)    cost gap 1    seat gap 0
"""


def comparison(candidate: list[float], baseline: list[float], **target: object) -> Comparison:
    return Comparison(
        benchmark="B0",
        name="n",
        unit="u",
        candidate_label="c",
        baseline_label="b",
        candidate=candidate,
        baseline=baseline,
        **target,  # type: ignore[arg-type]
    )


def test_a_throughput_meets_a_minimum_ratio_and_rate() -> None:
    met = comparison([900, 1000, 1100], [1000, 1000, 1000], higher_is_better=True)
    met.target_ratio, met.target_absolute = 0.8, 1000.0
    assert met.ratio == 1.0
    assert met.met is True
    met.target_absolute = 5000.0
    assert met.met is False


def test_a_time_meets_a_maximum_ratio_and_no_target_means_no_verdict() -> None:
    slower = comparison([3.0], [1.0], higher_is_better=False, target_ratio=2.0)
    assert slower.met is False
    assert comparison([3.0], [1.0], higher_is_better=False).met is None


def test_a_failed_condition_misses_the_target_whatever_the_speed() -> None:
    fast = comparison([1.0], [2.0], higher_is_better=False, target_ratio=1.0)
    fast.failures.append("a non-zero cost gap")
    assert fast.met is False


def test_spread_gives_median_and_quartiles() -> None:
    spread = Spread.of([1.0, 2.0, 3.0, 4.0, 5.0])
    assert (spread.median, spread.p25, spread.p75, spread.rounds) == (3.0, 2.0, 4.0, 5)


def test_the_assembly_rows_that_count_are_the_first_block_s_cpu_rows() -> None:
    assembly, grading = PARSERS["B3"]([ASSEMBLY_OUTPUT, ASSEMBLY_OUTPUT])
    assert (assembly.candidate, assembly.baseline) == ([50.0, 50.0], [32.0, 32.0])
    assert (grading.candidate, grading.baseline) == ([12.0, 12.0], [9.0, 9.0])


def test_decode_figures_become_b4_and_b5() -> None:
    test_passed, payment = PARSERS["B4"]([DECODE_OUTPUT])
    assert (test_passed.benchmark, test_passed.candidate, test_passed.baseline) == (
        "B4",
        [8.75],
        [3.95],
    )
    assert (payment.benchmark, payment.met) == ("B5", True)


def test_matching_reads_cpu_times_and_a_cost_gap_misses() -> None:
    uniform, popular = PARSERS["B6"]([MATCHING_OUTPUT])
    assert (uniform.candidate, uniform.baseline, uniform.met) == ([0.030], [0.090], True)
    assert popular.failures == ["a non-zero cost gap"]
    assert popular.met is False


def step(target: str, offered: float, *, p99: float, failures: int = 0) -> Step:
    return Step(
        target=target,
        workers=1,
        offered=offered,
        seconds=10,
        requests=int(offered * 50),
        failures=failures,
        requests_per_second=offered * 5,
        starts_per_second=offered,
        p50_ms=p99 / 3,
        p99_ms=p99,
    )


def test_max_sustainable_skips_steps_with_errors_or_a_slow_tail() -> None:
    steps = [
        step("platform", 2, p99=50),
        step("platform", 4, p99=80),
        step("platform", 8, p99=2000),
        step("platform", 16, p99=90, failures=3),
    ]
    best = best_sustained(steps, 1000)
    assert best is not None
    assert best.offered == 4
    half = at_half(steps, best)
    assert half is not None
    assert half.offered == 2


def test_the_b7_summary_compares_the_platform_with_the_bare_app() -> None:
    steps = [step("platform", 2, p99=50), step("bare", 2, p99=10), step("bare", 8, p99=20)]
    output = summarise(steps, p99_bound_ms=1000, charts=None)
    headline = output.comparisons[0]
    assert (headline.candidate, headline.baseline) == ([10.0], [40.0])
    assert headline.met is False  # 0.25x the bare app
    assert "lower bound" in " ".join(headline.notes)


def test_a_profile_counts_self_and_the_platform_s_own_inclusive_frames() -> None:
    collapsed = (
        "main (m.py:1);loop (a.py:1);start (jobpeak_testing/api.py:9);decode (p.py:3) 6\n"
        "main (m.py:1);loop (a.py:1);select (s.py:2) 4\n"
        "not a stack line\n"
    )
    profile = read_collapsed(collapsed)
    assert profile.samples == 10
    assert profile.self_time[0] == ("decode (p.py:3)", 0.6)
    assert profile.inclusive == [("start (jobpeak_testing/api.py:9)", 0.6)]
