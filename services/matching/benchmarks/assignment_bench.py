"""Benchmark: the matching engine against one global scipy solve on the same instances.

    uv run python services/matching/benchmarks/assignment_bench.py

Part 1, the solvers. Instances (deterministic seed): 10,000 reviewers x 10,000 seats, each
reviewer eligible for 50 distinct seats, reviewers ranked by due-by (a random permutation).

* ``uniform``: the 50 distinct seats are drawn uniformly; every reviewer can be seated, so the
  engine's work is mostly to prove it.
* ``popular``: the 50 distinct seats are drawn with Zipf-like popularity (weight 1/i^1.2), so
  some reviewers cannot be seated and the earliest-due-by choice decides who.

Reference: scipy's ``min_weight_full_bipartite_matching`` (LAPJVsp) in one call on the whole
instance, with a private stay-out column per reviewer so that a full matching always exists.
Where the instance has a full matching the plain call is timed as well. Each time is the best
of ``--repeats`` runs. The cost is the sum over seated reviewers of (due-by rank + 1); the
engine must match the reference's seat count and cost exactly. Independently of both solvers,
the engine's result is then certified: no reviewer is seated twice or off their eligible
seats, the seat count equals Hopcroft-Karp's maximum, and no alternating path lets a waiting
reviewer replace a later seated one (which for this matroid proves the minimum cost).
The engine's second solver, the min-cost flow over groups (OR-Tools), runs on the same
instance (each reviewer a group of one, each seat a work of one) as a third opinion.

Part 2, the whole engine (``plan_offers``) on a crowded Coding batch built from domain
objects: 10,000 waiting reviewers (half state 1-3 languages, half take any) and 2,000 works of
5 seats needing 0-2 languages. Here many reviewers fit the same seats, AUTO solves it as a
flow; the seat-level matching is compared on a smaller batch of the same shape, where it is
still affordable, and must choose the same reviewers.
"""

from __future__ import annotations

import argparse
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from uuid import UUID

import numpy as np
import numpy.typing as npt
from jobpeak_matching.domain.assignment import assign_seats
from jobpeak_matching.domain.flow_assignment import ReviewerGroup, assign_groups
from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.planning import AssignmentMethod, OfferProposal, plan_offers
from jobpeak_matching.domain.pool import Reviewer
from jobpeak_matching.domain.specialty import SpecialtyTerms
from jobpeak_matching.domain.work import WorkItem
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

Ints = npt.NDArray[np.intp]
T = TypeVar("T")


@dataclass(frozen=True)
class Instance:
    name: str
    reviewers: int
    seats: int
    rows: Ints
    cols: Ints
    rank: Ints

    def cost(self, seated: Ints) -> int:
        return int((self.rank[seated] + 1).sum())


def build_instance(
    name: str, *, reviewers: int, seats: int, degree: int, skew: float, seed: int
) -> Instance:
    """Each reviewer gets ``degree`` distinct seats drawn with weight 1/i^skew (0: uniform)."""
    rng = np.random.default_rng(seed)
    weight = 1.0 / np.arange(1, seats + 1) ** skew
    draws = 3 * degree  # popular seats repeat; draw extra, then keep ``degree`` distinct ones
    rows = np.repeat(np.arange(reviewers, dtype=np.int64), draws)
    cols = rng.choice(seats, size=rows.size, p=weight / weight.sum())
    keys = np.sort(rows * seats + cols)
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    rows, cols = keys // seats, keys % seats
    order = np.lexsort((rng.random(keys.size), rows))
    rows, cols = rows[order], cols[order]
    position = np.arange(rows.size) - np.searchsorted(rows, rows)
    kept = position < degree
    rank = rng.permutation(reviewers).astype(np.intp)
    return Instance(
        name, reviewers, seats, rows[kept].astype(np.intp), cols[kept].astype(np.intp), rank
    )


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:7.3f} s (cpu {self.cpu:6.3f} s)"


def best_time(run: Callable[[], T], repeats: int) -> tuple[Timing, T]:
    """Best wall and CPU time over ``repeats`` runs; CPU time is steadier on a shared machine."""
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeats):
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        result = run()
        wall = min(wall, time.perf_counter() - started_wall)
        cpu = min(cpu, time.process_time() - started_cpu)
    assert result is not None
    return Timing(wall, cpu), result


def run_engine(instance: Instance) -> tuple[Ints, Ints]:
    assignment = assign_seats(
        reviewer_count=instance.reviewers,
        seat_count=instance.seats,
        edge_reviewers=instance.rows,
        edge_seats=instance.cols,
        reviewer_priority=instance.rank,
    )
    return assignment.reviewers, assignment.seats


def as_groups(instance: Instance) -> list[ReviewerGroup]:
    starts = np.searchsorted(instance.rows, np.arange(instance.reviewers + 1))
    return [
        ReviewerGroup(
            ranks=[int(instance.rank[r])],
            works=instance.cols[starts[r] : starts[r + 1]].tolist(),
        )
        for r in range(instance.reviewers)
    ]


def run_flow(instance: Instance, groups: list[ReviewerGroup]) -> Ints:
    """The flow solver on the same instance; returns the seated reviewers."""
    taken = assign_groups(groups=groups, work_capacity=[1] * instance.seats)
    return np.array([r for r, works in enumerate(taken) if works], dtype=np.intp)


def run_reference(instance: Instance) -> tuple[Ints, Ints]:
    """One global LAPJVsp call; a stay-out column per reviewer costs more than any seat."""
    n, m = instance.reviewers, instance.seats
    costs = csr_array(
        (
            np.concatenate([instance.rank[instance.rows] + 1.0, np.full(n, n + 1.0)]),
            (
                np.concatenate([instance.rows, np.arange(n)]),
                np.concatenate([instance.cols, m + np.arange(n)]),
            ),
        ),
        shape=(n, m + n),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(costs)
    seated = col_ind < m
    return row_ind[seated], col_ind[seated]


def run_plain_reference(instance: Instance) -> tuple[Ints, Ints]:
    """The bare call, possible only when every reviewer can be seated."""
    costs = csr_array(
        (instance.rank[instance.rows] + 1.0, (instance.rows, instance.cols)),
        shape=(instance.reviewers, instance.seats),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(costs)
    return row_ind, col_ind


def certify(instance: Instance, seated: Ints, seats: Ints) -> str:
    """Check the engine's answer without trusting either solver; return a verdict line."""
    n = instance.reviewers
    eligible = set((instance.rows.astype(np.int64) * instance.seats + instance.cols).tolist())
    pairs = seated.astype(np.int64) * instance.seats + seats
    if np.unique(seated).size != seated.size or np.unique(seats).size != seats.size:
        return "INVALID: a reviewer or a seat used twice"
    if not all(pair in eligible for pair in pairs.tolist()):
        return "INVALID: a reviewer seated off their eligible seats"
    graph = csr_array(
        (np.ones(instance.rows.size, dtype=np.int8), (instance.rows, instance.cols)),
        shape=(n, instance.seats),
    )
    maximum = int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())
    if maximum != seated.size:
        return f"NOT MAXIMUM: {seated.size} seated, Hopcroft-Karp seats {maximum}"
    occupant = np.full(instance.seats, -1, dtype=np.intp)
    occupant[seats] = seated
    is_seated = np.zeros(n, dtype=bool)
    is_seated[seated] = True
    # Label every reviewer with the best rank of a waiting reviewer that reaches it by an
    # alternating path (waiting reviewers in rank order, each BFS stops at labelled nodes).
    label = np.full(n, -1, dtype=np.intp)
    indptr, indices = graph.indptr, graph.indices
    for start in sorted(np.flatnonzero(~is_seated).tolist(), key=lambda r: instance.rank[r]):
        if label[start] >= 0:
            continue
        label[start] = instance.rank[start]
        queue = deque([start])
        while queue:
            reviewer = queue.popleft()
            for seat in indices[indptr[reviewer] : indptr[reviewer + 1]].tolist():
                holder = occupant[seat]
                if holder < 0:
                    return f"NOT MAXIMUM: reviewer {start} reaches free seat {seat}"
                if label[holder] < 0:
                    label[holder] = instance.rank[start]
                    queue.append(holder)
    reached = is_seated & (label >= 0)
    displaced = np.flatnonzero(reached & (label < instance.rank))
    if displaced.size:
        return f"NOT OPTIMAL: {displaced.size} seated reviewers could give way to earlier ones"
    return "certified optimal (maximum by Hopcroft-Karp; no improving swap)"


def report(instance: Instance, repeats: int) -> None:
    engine_s, (seated, seats) = best_time(lambda: run_engine(instance), repeats)
    reference_s, (ref_seated, _) = best_time(lambda: run_reference(instance), repeats)
    groups = as_groups(instance)
    flow_s, flow_seated = best_time(lambda: run_flow(instance, groups), repeats)
    engine_cost, reference_cost = instance.cost(seated), instance.cost(ref_seated)
    print(
        f"[{instance.name}] {instance.reviewers} reviewers x {instance.seats} seats, "
        f"{instance.rows.size} eligible pairs ({instance.rows.size / instance.reviewers:.1f}"
        " per reviewer)"
    )
    print(f"  engine (seats)      {engine_s}  seated {seated.size:6d}  cost {engine_cost}")
    print(
        f"  engine (flow)       {flow_s}  seated {flow_seated.size:6d}  "
        f"cost {instance.cost(flow_seated)}"
    )
    print(
        f"  scipy LAPJVsp       {reference_s}  seated {ref_seated.size:6d}  cost {reference_cost}"
    )
    if ref_seated.size == instance.reviewers:
        plain_s, (plain_seated, _) = best_time(lambda: run_plain_reference(instance), repeats)
        print(
            f"  scipy LAPJVsp plain {plain_s}  seated {plain_seated.size:6d}  "
            f"cost {instance.cost(plain_seated)}"
        )
    print(
        f"  ratio engine/scipy  {engine_s.wall / reference_s.wall:7.3f} "
        f"(cpu {engine_s.cpu / reference_s.cpu:6.3f})    "
        f"cost gap {engine_cost - reference_cost}    seat gap {seated.size - ref_seated.size}"
    )
    print(f"  check: {certify(instance, seated, seats)}")


CODING_LANGUAGES = ("Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C++", "SQL")
CODING = SpecialtyTerms(
    slug="coding",
    live=True,
    hourly_rate_ceiling=Money(10_000, "USD"),
    languages=frozenset(CODING_LANGUAGES),
    match_sla_days=7,
)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def crowded_batch(
    *, reviewers: int, works: int, seats: int, seed: int
) -> tuple[list[WorkItem], list[Reviewer]]:
    rng = np.random.default_rng(seed)
    items = [
        WorkItem(
            work_id=UUID(int=index + 1),
            client_id="client-0001",
            specialty_slug=CODING.slug,
            required_languages=frozenset(
                rng.choice(CODING_LANGUAGES, size=rng.choice([0, 1, 1, 2]), replace=False)
            ),
            hourly_rate=Money(9_000, "USD"),
            seats=seats,
            starts_at=NOW,
            posted_at=NOW,
        )
        for index in range(works)
    ]
    pool = []
    for index in range(reviewers):
        qualified_at = NOW - timedelta(minutes=int(rng.integers(0, 7 * 24 * 60)))
        stated = rng.choice(CODING_LANGUAGES, size=rng.integers(1, 4), replace=False)
        pool.append(
            Reviewer(
                candidate_id=f"cand-{index:05d}",
                specialty_slug=CODING.slug,
                qualified_at=qualified_at,
                due_by=qualified_at + CODING.match_sla,
                language_preferences=frozenset(stated) if rng.random() < 0.5 else None,
            )
        )
    return items, pool


def plan(
    items: list[WorkItem], pool: list[Reviewer], method: AssignmentMethod
) -> list[OfferProposal]:
    return plan_offers(
        specialties={CODING.slug: CODING},
        works=items,
        reviewers=pool,
        offers=[],
        now=NOW,
        method=method,
    )


def report_crowded(*, reviewers: int, works: int, seats: int, seed: int, repeats: int) -> None:
    items, pool = crowded_batch(reviewers=reviewers, works=works, seats=seats, seed=seed)
    print(
        f"[crowded batch] plan_offers: {reviewers} reviewers x {works * seats} seats "
        f"({works} works x {seats})"
    )
    auto_s, proposals = best_time(lambda: plan(items, pool, AssignmentMethod.AUTO), 1)
    print(f"  engine AUTO (flow)  {auto_s}  offers {len(proposals):6d}")
    small = (reviewers * 3 // 10, works * 3 // 20)
    items, pool = crowded_batch(reviewers=small[0], works=small[1], seats=seats, seed=seed)
    print(f"  same shape, {small[0]} reviewers x {small[1] * seats} seats:")
    flow_s, by_flow = best_time(lambda: plan(items, pool, AssignmentMethod.FLOW), repeats)
    seats_s, by_seats = best_time(lambda: plan(items, pool, AssignmentMethod.SEATS), 1)
    same = {p.candidate_id for p in by_flow} == {p.candidate_id for p in by_seats}
    print(f"  engine FLOW         {flow_s}  offers {len(by_flow):6d}")
    print(f"  engine SEATS        {seats_s}  offers {len(by_seats):6d}")
    print(f"  same reviewers chosen: {'yes' if same else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewers", type=int, default=10_000)
    parser.add_argument("--seats", type=int, default=10_000)
    parser.add_argument("--degree", type=int, default=50, help="eligible seats per reviewer")
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    for name, skew in (("uniform", 0.0), ("popular", 1.2)):
        instance = build_instance(
            name,
            reviewers=args.reviewers,
            seats=args.seats,
            degree=args.degree,
            skew=skew,
            seed=args.seed,
        )
        report(instance, args.repeats)
    report_crowded(reviewers=10_000, works=2_000, seats=5, seed=args.seed, repeats=args.repeats)


if __name__ == "__main__":
    main()
