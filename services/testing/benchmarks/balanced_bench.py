"""Benchmark: a 60-item certification draw with and without the balanced-forms repair.

The bank is the assembly benchmark's 150 sample questions with languages and topics assigned so
that one language and one topic are rare (the unit tests' skewed bank): a plain draw often falls
short of 3 per language and 6 per topic, so the repair (``domain/balance.py``) swaps items in a
large share of the draws. Thread CPU time per draw, so machine load does not count.

Target: p99 below 1 ms with the repair.

Run from the repository root::

    uv run python services/testing/benchmarks/balanced_bench.py [--iterations 5000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from jobpeak_contracts.blueprints import Blueprint
from jobpeak_testing.domain.assembly import assemble
from jobpeak_testing.domain.pool import QuestionPool

from services.testing.tests.samples import blueprint
from services.testing.tests.unit.test_balanced_draw import _balanced_blueprint, _skewed_bank

TARGET_P99_SECONDS = 0.001


def _cpu_times(blueprint: Blueprint, pool: QuestionPool, iterations: int) -> list[float]:
    times = []
    for seed in range(iterations):
        start = time.thread_time()
        assemble(blueprint=blueprint, pool=pool, seen=(), seed=seed)
        times.append(time.thread_time() - start)
    return sorted(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=5000)
    iterations = parser.parse_args().iterations
    pool = QuestionPool.of(_skewed_bank())
    verdict = 0
    for name, plan in (("plain", blueprint()), ("balanced", _balanced_blueprint())):
        times = _cpu_times(plan, pool, iterations)
        p50, p99 = times[len(times) // 2], times[int(0.99 * len(times))]
        ok = p99 < TARGET_P99_SECONDS
        verdict |= name == "balanced" and not ok
        mark = "ok" if ok else "MISSED"
        print(f"{name:9} cpu p50 {p50 * 1e6:7.1f} us  p99 {p99 * 1e6:7.1f} us  {mark}")
    return verdict


if __name__ == "__main__":
    raise SystemExit(main())
