"""The matching engine: which reviewer to offer which open seat, for one batch.

The service calls :func:`plan_offers` whenever work is posted, a reviewer qualifies, or an
offer is declined or expires, with the current open work and waiting reviewers; the proposals
it returns become offers. The rules for a pair are those of :mod:`eligibility`; the choice
among eligible pairs is an optimal assignment (most seats, then most urgent reviewers), solved
one of two exact ways depending on the batch's shape:

* ``SEATS`` (:mod:`assignment`): reviewers x seats, a sparse min-cost bipartite matching.
  Best when reviewers have varied eligibility and works few seats.
* ``FLOW`` (:mod:`flow_assignment`): groups of interchangeable reviewers x works with seat
  capacities, a min-cost flow. Best when many reviewers fit the same many seats, where the
  seat expansion would be quadratic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

import numpy as np

from jobpeak_matching.domain.assignment import IndexArray, assign_seats
from jobpeak_matching.domain.eligibility import urgency_key, within_ceiling
from jobpeak_matching.domain.flow_assignment import ReviewerGroup, assign_groups
from jobpeak_matching.domain.offers import Offer, OffersMade
from jobpeak_matching.domain.pool import Reviewer
from jobpeak_matching.domain.specialty import SpecialtyTerms
from jobpeak_matching.domain.times import require_aware
from jobpeak_matching.domain.work import WorkItem


@dataclass(frozen=True, slots=True)
class OfferProposal:
    """Offer ``work_id`` to ``candidate_id``; the service gives it an id and an expiry."""

    work_id: UUID
    candidate_id: str


class AssignmentMethod(StrEnum):
    """How a batch is solved; every method finds an optimal assignment of the same reviewers."""

    AUTO = "auto"
    """``FLOW`` when expanding works into seats would multiply the edges, else ``SEATS``."""
    SEATS = "seats"
    FLOW = "flow"


_SEAT_EXPANSION_LIMIT = 4
"""AUTO picks FLOW once reviewer-seat edges exceed this many times the flow network's arcs.

Per edge the sparse matching is the faster solver (see the benchmark), so it keeps the batch
until the seat expansion costs more than that advantage.
"""


@dataclass(frozen=True, slots=True)
class _OpenWork:
    work: WorkItem
    free_seats: int


def plan_offers(
    *,
    specialties: Mapping[str, SpecialtyTerms],
    works: Iterable[WorkItem],
    reviewers: Iterable[Reviewer],
    offers: Iterable[Offer],
    now: datetime,
    method: AssignmentMethod = AssignmentMethod.AUTO,
) -> list[OfferProposal]:
    """Proposals filling as many free seats as possible, most urgent reviewers first.

    ``offers`` must hold every offer ever made of the given ``works`` and every live offer of
    the given ``reviewers``: they decide free seats, engaged reviewers and the "never the same
    work twice" rule. Closed work, retired specialties and engaged reviewers are skipped, so
    passing more than needed is harmless. Proposals are ordered most urgent reviewer first.
    """
    return plan_offers_given(
        specialties=specialties,
        works=works,
        reviewers=reviewers,
        made=OffersMade.of(offers, now=now),
        now=now,
        method=method,
    )


def plan_offers_given(
    *,
    specialties: Mapping[str, SpecialtyTerms],
    works: Iterable[WorkItem],
    reviewers: Iterable[Reviewer],
    made: OffersMade,
    now: datetime,
    method: AssignmentMethod = AssignmentMethod.AUTO,
) -> list[OfferProposal]:
    """:func:`plan_offers`, given what the offers made decide rather than the offers.

    ``made`` must count every live offer of the given ``works`` and know every live offer of the
    given ``reviewers`` and every offer of those works to them.
    """
    now = require_aware("now", now)
    works, reviewers = list(works), list(reviewers)
    _require_unique("work_id", [work.work_id for work in works])
    _require_unique("candidate_id", [reviewer.candidate_id for reviewer in reviewers])

    live = {slug for slug, specialty in specialties.items() if specialty.live}
    open_works = [
        _OpenWork(work, work.seats - made.held.get(work.work_id, 0))
        for work in works
        if work.is_open
        and work.specialty_slug in live
        and within_ceiling(work=work, specialty=specialties[work.specialty_slug])
        and work.seats > made.held.get(work.work_id, 0)
    ]
    waiting = sorted(
        (
            reviewer
            for reviewer in reviewers
            if reviewer.specialty_slug in live and reviewer.candidate_id not in made.engaged
        ),
        key=urgency_key,
    )
    classes = _eligibility_classes(waiting, open_works, specialties, made.offered_before)
    kept = _keep_most_urgent(classes, open_works)
    copies = _seat_copies(kept, open_works)
    if not copies.any():
        return []
    if method is AssignmentMethod.AUTO:
        method = _method_for(kept, copies, len(open_works))
    if method is AssignmentMethod.FLOW:
        seated = _solve_by_flow(kept, open_works)
    else:
        seated = _solve_by_seats(kept, copies, reviewer_count=len(waiting))
    return [
        OfferProposal(open_works[work].work.work_id, waiting[rank].candidate_id)
        for rank, work in sorted(seated)
    ]


def _require_unique(name: str, values: list[object]) -> None:
    repeated = sorted({str(value) for value, count in Counter(values).items() if count > 1})
    if repeated:
        raise ValueError(f"{name}: given more than once: {', '.join(repeated)}")


def _eligibility_classes(
    waiting: list[Reviewer],
    open_works: list[_OpenWork],
    specialties: Mapping[str, SpecialtyTerms],
    offered_before: Mapping[str, frozenset[UUID]],
) -> dict[tuple[int, ...], list[int]]:
    """Waiting reviewers (by urgency index) grouped by the exact set of works they may take.

    Reviewers of one specialty and language set share their candidate works, so the language
    test runs once per group, not once per reviewer and work.
    """
    works_by_specialty: defaultdict[str, list[int]] = defaultdict(list)
    for index, open_work in enumerate(open_works):
        works_by_specialty[open_work.work.specialty_slug].append(index)
    by_languages: dict[tuple[str, frozenset[str]], tuple[int, ...]] = {}
    classes: defaultdict[tuple[int, ...], list[int]] = defaultdict(list)
    for rank, reviewer in enumerate(waiting):
        specialty = specialties[reviewer.specialty_slug]
        group = (specialty.slug, reviewer.languages(specialty))
        candidates = by_languages.get(group)
        if candidates is None:
            candidates = tuple(
                index
                for index in works_by_specialty.get(specialty.slug, ())
                if open_works[index].work.required_languages <= group[1]
            )
            by_languages[group] = candidates
        seen = offered_before.get(reviewer.candidate_id)
        if seen:
            candidates = tuple(i for i in candidates if open_works[i].work.work_id not in seen)
        if candidates:
            classes[candidates].append(rank)
    return classes


def _keep_most_urgent(
    classes: dict[tuple[int, ...], list[int]], open_works: list[_OpenWork]
) -> dict[tuple[int, ...], list[int]]:
    """Drop reviewers who cannot be in the optimum, an exact reduction.

    Reviewers with the same eligible works are interchangeable but for urgency, so in the
    optimum the seated ones of such a class are its most urgent ones, and no more of them can
    be seated than those works have free seats.
    """
    kept: dict[tuple[int, ...], list[int]] = {}
    for candidates, ranks in classes.items():
        capacity = sum(open_works[index].free_seats for index in candidates)
        kept[candidates] = ranks[:capacity]
    return kept


def _seat_copies(kept: dict[tuple[int, ...], list[int]], open_works: list[_OpenWork]) -> IndexArray:
    """Seats worth offering per work: its free seats, but no more than its eligible reviewers."""
    demand: Counter[int] = Counter()
    for candidates, ranks in kept.items():
        for index in candidates:
            demand[index] += len(ranks)
    copies = np.zeros(len(open_works), dtype=np.intp)
    for index, wanted in demand.items():
        copies[index] = min(open_works[index].free_seats, wanted)
    return copies


def _method_for(
    kept: dict[tuple[int, ...], list[int]], copies: IndexArray, work_count: int
) -> AssignmentMethod:
    seat_edges = sum(len(ranks) * int(copies[list(works)].sum()) for works, ranks in kept.items())
    flow_arcs = work_count + sum(len(ranks) + len(works) for works, ranks in kept.items())
    if seat_edges > _SEAT_EXPANSION_LIMIT * flow_arcs:
        return AssignmentMethod.FLOW
    return AssignmentMethod.SEATS


def _solve_by_flow(
    kept: dict[tuple[int, ...], list[int]], open_works: list[_OpenWork]
) -> list[tuple[int, int]]:
    """(urgency rank, work index) of every seated reviewer, by min-cost flow over groups."""
    groups = [ReviewerGroup(ranks=ranks, works=works) for works, ranks in kept.items()]
    taken = assign_groups(
        groups=groups, work_capacity=[open_work.free_seats for open_work in open_works]
    )
    return [
        (rank, work)
        for group, works in zip(groups, taken, strict=True)
        for rank, work in zip(group.ranks, works, strict=False)
    ]


def _solve_by_seats(
    kept: dict[tuple[int, ...], list[int]], copies: IndexArray, *, reviewer_count: int
) -> list[tuple[int, int]]:
    """(urgency rank, work index) of every seated reviewer, by matching reviewers to seats.

    A work with more free seats than eligible reviewers gets only as many seat columns as it
    has eligible reviewers: the others could never be filled in this batch.
    """
    first_seat = np.concatenate([[0], np.cumsum(copies)[:-1]])
    seat_work = np.repeat(np.arange(copies.size), copies)
    row_parts: list[IndexArray] = []
    col_parts: list[IndexArray] = []
    for candidates, ranks in kept.items():
        seats = np.concatenate(
            [np.arange(first_seat[i], first_seat[i] + copies[i]) for i in candidates]
        )
        row_parts.append(np.repeat(np.asarray(ranks, dtype=np.intp), seats.size))
        col_parts.append(np.tile(seats, len(ranks)))
    assignment = assign_seats(
        reviewer_count=reviewer_count,
        seat_count=seat_work.size,
        edge_reviewers=np.concatenate(row_parts),
        edge_seats=np.concatenate(col_parts),
        reviewer_priority=np.arange(reviewer_count),
    )
    return list(
        zip(assignment.reviewers.tolist(), seat_work[assignment.seats].tolist(), strict=True)
    )
