"""The benchmarks that live next to their code (B3-B6), read from what their scripts print.

Those scripts belong to the services and contracts and keep their own output; the suite runs each
of them ``rounds`` times and parses the lines that carry the figures. Each script already times
its candidate and its baseline in the same process, alternated (call by call for B3, case by
case for B4/B5, instance by instance for B6).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.results import Comparison

NUMBER = r"([\d.]+)"


@dataclass(frozen=True)
class ScriptBenchmark:
    """One script of the suite: how to call it (full and quick) and how to read its output."""

    key: str
    title: str
    script: str
    arguments: tuple[str, ...]
    quick_arguments: tuple[str, ...]
    parse: Callable[[list[str]], list[Comparison]]


def _assembly(outputs: list[str]) -> list[Comparison]:
    """The CPU rows of the counting section (the first ``--`` block) of each run."""
    rows: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    pattern = re.compile(
        rf"^(assemble 60 of 150, 30 seen|grade a 60-item submission)\s+cpu\s+{NUMBER}\s+"
        rf"{NUMBER}\s+{NUMBER}\s+{NUMBER}"
    )
    for output in outputs:
        seen: set[str] = set()
        for line in output.splitlines():
            match = pattern.match(line)
            if match and match[1] not in seen:  # later blocks are for comparison only
                seen.add(match[1])
                rows[match[1]][0].append(float(match[3]))
                rows[match[1]][1].append(float(match[5]))
    return [
        Comparison(
            benchmark="B3",
            name=f"{name} (thread CPU p99)",
            unit="µs",
            candidate_label="jobpeak_testing (mypyc kernels)",
            baseline_label="random.sample + dict look-ups"
            if "assemble" in name
            else "dict compare",
            candidate=candidate,
            baseline=baseline,
            higher_is_better=False,
            target="p99 < 1 ms and <= 2x baseline",
            target_ratio=2.0,
            target_absolute=1000.0,
        )
        for name, (candidate, baseline) in rows.items()
    ]


def _decode(outputs: list[str]) -> list[Comparison]:
    rows: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    pattern = re.compile(rf"^(TestPassed|PaymentCaptured)\s+{NUMBER}\s+{NUMBER}\s+")
    for output in outputs:
        for line in output.splitlines():
            if match := pattern.match(line):
                rows[match[1]][0].append(float(match[2]))
                rows[match[1]][1].append(float(match[3]))
    return [
        Comparison(
            benchmark="B4" if event == "TestPassed" else "B5",
            name=f"typed decode of {event} (CPU per payload)",
            unit="µs",
            candidate_label="pydantic (jobpeak_contracts)",
            baseline_label="msgspec Struct, same constraints",
            candidate=candidate,
            baseline=baseline,
            higher_is_better=False,
            target="<= 3x msgspec and <= 10 µs",
            target_ratio=3.0,
            target_absolute=10.0,
        )
        for event, (candidate, baseline) in rows.items()
    ]


def _matching(outputs: list[str]) -> list[Comparison]:
    engine: dict[str, list[float]] = defaultdict(list)
    scipy: dict[str, list[float]] = defaultdict(list)
    gaps: dict[str, set[str]] = defaultdict(set)
    timing = rf"{NUMBER} s \(cpu\s+{NUMBER} s\)"
    for output in outputs:
        instance = ""
        for line in output.splitlines():
            if header := re.match(r"^\[(uniform|popular)\]", line):
                instance = header[1]
            elif not instance:
                continue
            elif match := re.match(rf"^\s+engine \(seats\)\s+{timing}", line):
                engine[instance].append(float(match[2]))
            elif match := re.match(rf"^\s+scipy LAPJVsp\s+{timing}", line):
                scipy[instance].append(float(match[2]))
            elif match := re.search(r"cost gap (-?\d+)", line):
                gaps[instance].add(match[1])
                instance = ""
    comparisons = []
    for instance, candidate in engine.items():
        comparison = Comparison(
            benchmark="B6",
            name=f"matching, {instance} demand (CPU time)",
            unit="s",
            candidate_label="jobpeak_matching assign_seats",
            baseline_label="scipy min_weight_full_bipartite_matching",
            candidate=candidate,
            baseline=scipy[instance],
            higher_is_better=False,
            target="<= 1x scipy and cost gap 0",
            target_ratio=1.0,
            notes=[f"cost gap(s) seen: {', '.join(sorted(gaps[instance])) or 'none printed'}"],
        )
        if gaps[instance] - {"0"}:
            comparison.failures.append("a non-zero cost gap")
        comparisons.append(comparison)
    return comparisons


EXISTING = (
    ScriptBenchmark(
        key="B3",
        title="B3 assembly and grading",
        script="services/testing/benchmarks/assembly_bench.py",
        arguments=("--iterations", "20000"),
        quick_arguments=("--iterations", "3000", "--warmup", "300"),
        parse=_assembly,
    ),
    ScriptBenchmark(
        key="B4",
        title="B4/B5 event decode",
        script="contracts/benchmarks/decode_bench.py",
        arguments=(),
        quick_arguments=(),
        parse=_decode,
    ),
    ScriptBenchmark(
        key="B6",
        title="B6 matching engine",
        script="services/matching/benchmarks/assignment_bench.py",
        arguments=("--repeats", "3"),
        quick_arguments=("--repeats", "1", "--reviewers", "4000", "--seats", "4000"),
        parse=_matching,
    ),
)
