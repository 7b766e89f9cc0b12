"""Both assignment solvers against exhaustive search: most seats filled, then earliest due-by."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jobpeak_matching.domain.assignment import SeatAssignment, assign_seats
from jobpeak_matching.domain.flow_assignment import ReviewerGroup, assign_groups
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

pytestmark = pytest.mark.unit


class Instance:
    def __init__(
        self, reviewers: int, seats: int, edges: set[tuple[int, int]], priority: list[int]
    ):
        self.reviewers = reviewers
        self.seats = seats
        self.edges = sorted(edges)
        self.priority = priority
        self.adjacent = [
            sorted(s for r, s in self.edges if r == reviewer) for reviewer in range(reviewers)
        ]

    def solve(self) -> SeatAssignment:
        return assign_seats(
            reviewer_count=self.reviewers,
            seat_count=self.seats,
            edge_reviewers=[r for r, _ in self.edges],
            edge_seats=[s for _, s in self.edges],
            reviewer_priority=self.priority,
        )

    def optimum(self) -> tuple[int, int, frozenset[int]]:
        """Exhaustive dynamic programme over (reviewer, seats used): size, cost, reviewers."""

        @cache
        def best(reviewer: int, used: int) -> tuple[int, int, frozenset[int]]:
            if reviewer == self.reviewers:
                return 0, 0, frozenset()
            options = [best(reviewer + 1, used)]
            for seat in self.adjacent[reviewer]:
                if not used >> seat & 1:
                    size, cost, chosen = best(reviewer + 1, used | 1 << seat)
                    options.append((size + 1, cost + self.priority[reviewer], chosen | {reviewer}))
            return min(options, key=lambda option: (-option[0], option[1]))

        return best(0, 0)

    def matchable(self, chosen: set[int]) -> bool:
        """Kuhn's augmenting paths: can every reviewer in ``chosen`` have a seat at once?"""
        occupant: dict[int, int] = {}

        def place(reviewer: int, tried: set[int]) -> bool:
            for seat in self.adjacent[reviewer]:
                if seat in tried:
                    continue
                tried.add(seat)
                if seat not in occupant or place(occupant[seat], tried):
                    occupant[seat] = reviewer
                    return True
            return False

        return all(place(reviewer, set()) for reviewer in chosen)


@st.composite
def instances(draw: st.DrawFn, *, distinct_priorities: bool) -> Instance:
    reviewers = draw(st.integers(0, 7))
    seats = draw(st.integers(0, 6))
    pairs = [(r, s) for r in range(reviewers) for s in range(seats)]
    edges = draw(st.sets(st.sampled_from(pairs), max_size=len(pairs))) if pairs else set()
    if distinct_priorities:
        priority = draw(st.permutations(range(reviewers)))
    else:
        priority = draw(st.lists(st.integers(0, 3), min_size=reviewers, max_size=reviewers))
    return Instance(reviewers, seats, edges, list(priority))


def assert_valid(instance: Instance, assignment: SeatAssignment) -> None:
    pairs = list(zip(assignment.reviewers.tolist(), assignment.seats.tolist(), strict=True))
    assert len(set(assignment.reviewers.tolist())) == len(pairs), "a reviewer seated twice"
    assert len(set(assignment.seats.tolist())) == len(pairs), "two reviewers in one seat"
    assert set(pairs) <= set(instance.edges), "a reviewer seated where not eligible"


@settings(max_examples=250, deadline=None)
@given(instances(distinct_priorities=False))
def test_fills_the_most_seats_at_the_least_cost_exhaustive_search_finds(instance: Instance) -> None:
    assignment = instance.solve()
    assert_valid(instance, assignment)
    size, cost, _ = instance.optimum()
    assert len(assignment) == size
    assert sum(instance.priority[r] for r in assignment.reviewers.tolist()) == cost


@settings(max_examples=250, deadline=None)
@given(instances(distinct_priorities=True))
def test_seats_exactly_the_reviewers_exhaustive_search_finds(instance: Instance) -> None:
    assignment = instance.solve()
    assert_valid(instance, assignment)
    assert frozenset(assignment.reviewers.tolist()) == instance.optimum()[2]


@settings(max_examples=250, deadline=None)
@given(instances(distinct_priorities=True))
def test_no_waiting_reviewer_could_replace_a_later_seated_one(instance: Instance) -> None:
    seated = set(instance.solve().reviewers.tolist())
    for waiting in set(range(instance.reviewers)) - seated:
        assert not instance.matchable(seated | {waiting}), "a seat was left that fits"
        for later in (r for r in seated if instance.priority[r] > instance.priority[waiting]):
            assert not instance.matchable(seated - {later} | {waiting}), (
                f"reviewer {waiting} waits while later reviewer {later} could give way"
            )


def scipy_reference_cost(
    rows: np.ndarray, cols: np.ndarray, priority: np.ndarray, n: int, m: int
) -> tuple[int, int]:
    """Size and cost from one global LAPJVsp call with a stay-out column per reviewer."""
    costs = csr_array(
        (
            np.concatenate([priority[rows] + 1.0, np.full(n, n + 1.0)]),
            (np.concatenate([rows, np.arange(n)]), np.concatenate([cols, m + np.arange(n)])),
        ),
        shape=(n, m + n),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(costs)
    seated = row_ind[col_ind < m]
    return int(seated.size), int((priority[seated] + 1).sum())


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    reviewers=st.integers(1, 300),
    seats=st.integers(1, 300),
    degree=st.integers(1, 6),
    skew=st.sampled_from([0.0, 1.0, 1.5]),
)
def test_agrees_with_one_global_scipy_solve_on_larger_instances(
    seed: int, reviewers: int, seats: int, degree: int, skew: float
) -> None:
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, seats + 1) ** skew
    rows = np.repeat(np.arange(reviewers), degree)
    cols = rng.choice(seats, size=rows.size, p=popularity / popularity.sum())
    keys = np.unique(rows * seats + cols)
    rows, cols = keys // seats, keys % seats
    priority = rng.permutation(reviewers)
    assignment = assign_seats(
        reviewer_count=reviewers,
        seat_count=seats,
        edge_reviewers=rows,
        edge_seats=cols,
        reviewer_priority=priority,
    )
    size, cost = scipy_reference_cost(rows, cols, priority, reviewers, seats)
    assert len(assignment) == size
    assert int((priority[assignment.reviewers] + 1).sum()) == cost
    assert np.unique(assignment.seats).size == len(assignment)


def test_the_earlier_reviewer_takes_the_only_seat_both_fit() -> None:
    assignment = assign_seats(
        reviewer_count=2,
        seat_count=1,
        edge_reviewers=[0, 1],
        edge_seats=[0, 0],
        reviewer_priority=[5, 2],
    )
    assert assignment.reviewers.tolist() == [1]


def test_the_earliest_reviewer_gives_way_only_when_that_seats_one_more() -> None:
    # Reviewer 0 (earliest) fits seats 0 and 1; reviewer 1 fits only seat 0. Both get a seat.
    assignment = assign_seats(
        reviewer_count=2,
        seat_count=2,
        edge_reviewers=[0, 0, 1],
        edge_seats=[0, 1, 0],
        reviewer_priority=[0, 1],
    )
    assert dict(zip(assignment.reviewers.tolist(), assignment.seats.tolist(), strict=True)) == {
        0: 1,
        1: 0,
    }


def test_duplicate_pairs_count_once_and_empty_input_seats_nobody() -> None:
    twice = assign_seats(
        reviewer_count=2,
        seat_count=1,
        edge_reviewers=[1, 1, 0],
        edge_seats=[0, 0, 0],
        reviewer_priority=[1, 0],
    )
    assert twice.reviewers.tolist() == [1]
    empty = assign_seats(
        reviewer_count=3,
        seat_count=0,
        edge_reviewers=[],
        edge_seats=[],
        reviewer_priority=[0, 1, 2],
    )
    assert len(empty) == 0


@pytest.mark.parametrize(
    ("rows", "cols", "priority", "message"),
    [
        ([0], [1], [0], "edge_seats"),
        ([2], [0], [0], "edge_reviewers"),
        ([0, 0], [0], [0], "equal length"),
        ([0], [0], [0, 1], "reviewer_priority"),
    ],
)
def test_malformed_input_is_refused_naming_the_argument(
    rows: list[int], cols: list[int], priority: list[int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        assign_seats(
            reviewer_count=1,
            seat_count=1,
            edge_reviewers=rows,
            edge_seats=cols,
            reviewer_priority=priority,
        )


@st.composite
def grouped_instances(draw: st.DrawFn) -> tuple[list[ReviewerGroup], list[int]]:
    capacity = draw(st.lists(st.integers(0, 3), max_size=4))
    sizes = draw(st.lists(st.integers(0, 3), max_size=4))
    ranks = draw(st.permutations(range(sum(sizes))))
    groups, start = [], 0
    for size in sizes:
        works = draw(st.lists(st.integers(0, len(capacity) - 1), unique=True)) if capacity else []
        groups.append(ReviewerGroup(ranks=sorted(ranks[start : start + size]), works=works))
        start += size
    return groups, capacity


def as_seat_instance(groups: list[ReviewerGroup], capacity: list[int]) -> Instance:
    """The same batch with every reviewer and every seat spelled out, for exhaustive search."""
    first_seat = [sum(capacity[:work]) for work in range(len(capacity))]
    reviewers = [(rank, group) for group in groups for rank in group.ranks]
    edges = {
        (index, first_seat[work] + copy)
        for index, (_, group) in enumerate(reviewers)
        for work in group.works
        for copy in range(capacity[work])
    }
    return Instance(len(reviewers), sum(capacity), edges, [rank for rank, _ in reviewers])


@settings(max_examples=250, deadline=None)
@given(grouped_instances())
def test_the_flow_over_groups_seats_exactly_the_reviewers_exhaustive_search_finds(
    instance: tuple[list[ReviewerGroup], list[int]],
) -> None:
    groups, capacity = instance
    taken = assign_groups(groups=groups, work_capacity=capacity)
    per_work = [0] * len(capacity)
    seated: set[int] = set()
    for group, works in zip(groups, taken, strict=True):
        assert len(works) <= len(group.ranks)
        assert set(works) <= set(group.works), "a reviewer seated in work the group may not take"
        seated.update(group.ranks[: len(works)])
        for work in works:
            per_work[work] += 1
    assert all(used <= free for used, free in zip(per_work, capacity, strict=True)), "oversold"
    spelled_out = as_seat_instance(groups, capacity)
    size, _, chosen = spelled_out.optimum()
    assert len(seated) == size
    assert seated == {spelled_out.priority[index] for index in chosen}


def test_a_thousand_interchangeable_reviewers_fill_a_thousand_seats_as_a_small_flow() -> None:
    taken = assign_groups(
        groups=[
            ReviewerGroup(ranks=range(0, 2000, 2), works=[0, 1]),
            ReviewerGroup(ranks=range(1, 2000, 2), works=[1]),
        ],
        work_capacity=[400, 600],
    )
    # Group 1 can only use work 1; the 1000 most urgent overall are ranks 0..999, and they fit:
    # group 0's 500 take work 0's 400 seats and 100 of work 1, group 1's 500 the other 500.
    assert (len(taken[0]), len(taken[1])) == (500, 500)
    assert taken[0].count(0) == 400
    assert set(taken[1]) == {1}


@pytest.mark.parametrize(
    ("groups", "capacity", "message"),
    [
        ([ReviewerGroup(ranks=[2, 1], works=[0])], [1], "strictly increasing"),
        ([ReviewerGroup(ranks=[0], works=[1])], [1], "work index outside"),
        ([ReviewerGroup(ranks=[0], works=[0, 0])], [1], "work listed twice"),
        ([], [-1], "non-negative"),
    ],
)
def test_malformed_groups_are_refused(
    groups: list[ReviewerGroup], capacity: list[int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        assign_groups(groups=groups, work_capacity=capacity)
