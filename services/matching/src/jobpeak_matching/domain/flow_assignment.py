"""Optimal assignment when many reviewers are interchangeable: a min-cost flow over groups.

Reviewers who may take exactly the same works form a group, and the seats of one work are
identical. Expanding both into a reviewer-by-seat matching (see :mod:`assignment`) costs
reviewers x seats edges per group, which explodes when a thousand reviewers all fit a
thousand seats. As a flow network the same problem stays small:

    source --(one unit arc per reviewer, cost = urgency rank + 1)--> group
    group  --(capacity min(group size, free seats), cost 0)--------> work
    work   --(capacity = free seats, cost 0)-----------------------> sink

A maximum flow of minimum cost (OR-Tools ``solve_max_flow_with_min_cost``) seats as many
reviewers as possible and, among maximum assignments, the most urgent ones: each group's
per-reviewer arcs are its convex cost curve, so the flow uses a group's most urgent reviewers
first, exactly as the reviewer-level matching would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

_SOURCE, _SINK, _FIRST_GROUP = 0, 1, 2


@dataclass(frozen=True, slots=True)
class ReviewerGroup:
    """Reviewers who may take the same works: their urgency ranks, most urgent first."""

    ranks: Sequence[int]
    works: Sequence[int]


def assign_groups(
    *, groups: Sequence[ReviewerGroup], work_capacity: Sequence[int]
) -> list[list[int]]:
    """For each group, the works its most urgent reviewers take, most urgent first.

    ``result[g][j]`` is the work of group ``g``'s ``j``-th most urgent reviewer; the group's
    reviewers beyond ``len(result[g])`` stay unseated. ``work_capacity[w]`` is the number of
    free seats of work ``w``. Urgency ranks are global: lower is more urgent.
    """
    capacity = np.asarray(work_capacity, dtype=np.int64)
    _check_input(groups, capacity)
    first_work = _FIRST_GROUP + len(groups)
    sizes = np.array([len(group.ranks) for group in groups], dtype=np.int64)
    fan_out = np.array([len(group.works) for group in groups], dtype=np.int64)
    if sizes.sum() == 0 or fan_out.sum() == 0:
        return [[] for _ in groups]
    group_of_reviewer = np.repeat(np.arange(len(groups)), sizes)
    group_of_link = np.repeat(np.arange(len(groups)), fan_out)
    link_work = np.concatenate([np.asarray(group.works, dtype=np.int64) for group in groups])
    ranks = np.concatenate([np.asarray(group.ranks, dtype=np.int64) for group in groups])
    network = min_cost_flow.SimpleMinCostFlow()
    network.add_arcs_with_capacity_and_unit_cost(
        np.full(ranks.size, _SOURCE, dtype=np.int32),
        (_FIRST_GROUP + group_of_reviewer).astype(np.int32),
        np.ones(ranks.size, dtype=np.int64),
        ranks + 1,
    )
    links = network.add_arcs_with_capacity_and_unit_cost(
        (_FIRST_GROUP + group_of_link).astype(np.int32),
        (first_work + link_work).astype(np.int32),
        np.minimum(sizes[group_of_link], capacity[link_work]),
        np.zeros(link_work.size, dtype=np.int64),
    )
    network.add_arcs_with_capacity_and_unit_cost(
        (first_work + np.arange(capacity.size)).astype(np.int32),
        np.full(capacity.size, _SINK, dtype=np.int32),
        capacity,
        np.zeros(capacity.size, dtype=np.int64),
    )
    total = int(sizes.sum())
    network.set_nodes_supplies(
        np.array([_SOURCE, _SINK], dtype=np.int32), np.array([total, -total], dtype=np.int64)
    )
    status = network.solve_max_flow_with_min_cost()
    if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not solve the batch: {status}")
    flow = np.asarray(network.flows(links), dtype=np.int64)
    taken: list[list[int]] = [[] for _ in groups]
    for group, work, units in zip(
        group_of_link.tolist(), link_work.tolist(), flow.tolist(), strict=True
    ):
        taken[group].extend([work] * units)
    return taken


def _check_input(groups: Sequence[ReviewerGroup], capacity: npt.NDArray[np.int64]) -> None:
    if capacity.ndim != 1 or (capacity.size and capacity.min() < 0):
        raise ValueError("work_capacity must be a 1-d sequence of non-negative seat counts")
    for index, group in enumerate(groups):
        ranks = list(group.ranks)
        if any(later <= earlier for earlier, later in pairwise(ranks)):
            raise ValueError(
                f"group {index}: ranks must be strictly increasing (most urgent first)"
            )
        if any(not 0 <= work < capacity.size for work in group.works):
            raise ValueError(f"group {index}: a work index outside [0, len(work_capacity))")
        if len(set(group.works)) != len(group.works):
            raise ValueError(f"group {index}: a work listed twice")
