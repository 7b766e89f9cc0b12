"""The engine on domain objects: eligibility, seats, history and optimality of each batch."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta
from functools import cache
from uuid import uuid5

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jobpeak_matching.domain.eligibility import free_seats, is_eligible, urgency_key
from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.offers import (
    Offer,
    OfferStatus,
    accept_offer,
    decline_offer,
    expire_offer,
    open_offer,
)
from jobpeak_matching.domain.planning import AssignmentMethod, OfferProposal, plan_offers
from jobpeak_matching.domain.pool import Reviewer
from jobpeak_matching.domain.specialty import SpecialtyTerms
from jobpeak_matching.domain.work import WorkCloseReason, WorkItem, close_work

from services.matching.tests.builders import DAY, HOUR, T0, offer, reviewer, work, work_id

pytestmark = pytest.mark.unit

LANGUAGES = ("Python", "Go", "SQL")
LIVE = SpecialtyTerms(
    slug="coding",
    live=True,
    hourly_rate_ceiling=Money(10_000, "USD"),
    languages=frozenset(LANGUAGES),
    match_sla_days=7,
)
RETIRED = SpecialtyTerms(
    slug="legacy",
    live=False,
    hourly_rate_ceiling=Money(10_000, "USD"),
    languages=frozenset(LANGUAGES),
    match_sla_days=7,
)
SPECIALTIES = {LIVE.slug: LIVE, RETIRED.slug: RETIRED}
NOW = T0 + 3 * DAY
language_sets = st.frozensets(st.sampled_from(LANGUAGES))


@st.composite
def works(draw: st.DrawFn, index: int) -> WorkItem:
    item = work(
        f"w{index}",
        seats=draw(st.integers(1, 3)),
        languages=draw(language_sets),
        rate_minor=draw(st.sampled_from([5_000, 10_000, 10_000, 10_001, 12_000])),
        specialty=draw(st.sampled_from([LIVE, LIVE, LIVE, RETIRED])),
    )
    if draw(st.booleans()) and draw(st.booleans()):
        item = replace(item, hourly_rate=Money(item.hourly_rate.amount_minor, "EUR"))
    if draw(st.integers(0, 5)) == 0:
        item = close_work(work=item, reason=WorkCloseReason.CANCELLED, closed_at=T0 + HOUR)
    return item


@st.composite
def reviewers(draw: st.DrawFn, index: int) -> Reviewer:
    pooled = reviewer(
        f"cand-{index:02d}",
        qualified_at=T0 - draw(st.integers(0, 5)) * DAY,
        languages=draw(st.none() | language_sets.filter(bool)),
        specialty=draw(st.sampled_from([LIVE, LIVE, LIVE, RETIRED])),
    )
    if draw(st.integers(0, 4)) == 0:
        pooled = replace(pooled, matched_at=pooled.qualified_at + DAY)
    return pooled


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[WorkItem], list[Reviewer], list[Offer]]:
    items = [draw(works(i)) for i in range(draw(st.integers(0, 5)))]
    pool = [draw(reviewers(i)) for i in range(draw(st.integers(0, 7)))]
    history: list[Offer] = []
    if items and pool:
        for number in range(draw(st.integers(0, 6))):
            status = draw(st.sampled_from(list(OfferStatus)))
            history.append(
                offer(
                    f"o{number}",
                    work_name=f"w{draw(st.integers(0, len(items) - 1))}",
                    candidate=pool[draw(st.integers(0, len(pool) - 1))].candidate_id,
                    status=status,
                    offered_at=NOW - draw(st.sampled_from([HOUR, 3 * DAY])),
                )
            )
    return items, pool, history


def optimal_reviewers(
    items: list[WorkItem], pool: list[Reviewer], history: list[Offer]
) -> tuple[int, frozenset[str]]:
    """Exhaustive search over the oracle's eligible pairs: most seats, then most urgent."""
    capacity = tuple(free_seats(work=item, offers=history, now=NOW) for item in items)
    ordered = sorted(pool, key=urgency_key)
    options = [
        [
            index
            for index, item in enumerate(items)
            if is_eligible(reviewer=r, work=item, specialties=SPECIALTIES, offers=history, now=NOW)
        ]
        for r in ordered
    ]

    @cache
    def best(position: int, left: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
        if position == len(ordered):
            return 0, ()
        choices = [best(position + 1, left)]
        for index in options[position]:
            if left[index]:
                taken = (*left[:index], left[index] - 1, *left[index + 1 :])
                size, ranks = best(position + 1, taken)
                choices.append((size + 1, (position, *ranks)))
        # Most seats, then the lexicographically most urgent set of reviewers.
        return max(choices, key=lambda c: (c[0], [-p for p in c[1]]))

    size, ranks = best(0, capacity)
    return size, frozenset(ordered[p].candidate_id for p in ranks)


def plan(
    items: list[WorkItem], pool: list[Reviewer], history: list[Offer], method: AssignmentMethod
) -> list[OfferProposal]:
    return plan_offers(
        specialties=SPECIALTIES, works=items, reviewers=pool, offers=history, now=NOW, method=method
    )


every_method = pytest.mark.parametrize("method", list(AssignmentMethod))


@every_method
@settings(max_examples=120, deadline=None)
@given(batches())
def test_every_proposal_respects_every_rule(
    method: AssignmentMethod, batch: tuple[list[WorkItem], list[Reviewer], list[Offer]]
) -> None:
    items, pool, history = batch
    by_work = {item.work_id: item for item in items}
    by_candidate = {r.candidate_id: r for r in pool}
    proposals = plan(items, pool, history, method)

    for proposal in proposals:
        item, candidate = by_work[proposal.work_id], by_candidate[proposal.candidate_id]
        assert item.hourly_rate.currency == "USD"
        assert item.hourly_rate.amount_minor <= 10_000, "offered above the ceiling"
        assert item.required_languages <= candidate.languages(LIVE), "language misfit"
        assert (proposal.work_id, proposal.candidate_id) not in {
            (o.work_id, o.candidate_id) for o in history
        }, "the same work offered twice to one reviewer"
        assert is_eligible(
            reviewer=candidate, work=item, specialties=SPECIALTIES, offers=history, now=NOW
        )
    per_reviewer = Counter(p.candidate_id for p in proposals)
    assert all(count == 1 for count in per_reviewer.values()), "two offers at once to a reviewer"
    per_work = Counter(p.work_id for p in proposals)
    for work_key, count in per_work.items():
        assert count <= free_seats(work=by_work[work_key], offers=history, now=NOW), (
            "more offers than free seats"
        )


@every_method
@settings(max_examples=120, deadline=None)
@given(batches())
def test_each_batch_is_optimal_most_seats_then_most_urgent_reviewers(
    method: AssignmentMethod, batch: tuple[list[WorkItem], list[Reviewer], list[Offer]]
) -> None:
    items, pool, history = batch
    proposals = plan(items, pool, history, method)
    size, chosen = optimal_reviewers(items, pool, history)
    assert len(proposals) == size
    assert {p.candidate_id for p in proposals} == chosen


@every_method
@settings(max_examples=60, deadline=None)
@given(
    batch=batches(),
    answers=st.lists(st.sampled_from(["accept", "decline", "expire", "wait"]), max_size=60),
)
def test_rounds_of_offers_and_answers_keep_the_invariants(
    method: AssignmentMethod,
    batch: tuple[list[WorkItem], list[Reviewer], list[Offer]],
    answers: list[str],
) -> None:
    """Plan, answer, re-plan: the history never repeats a pair or oversells a seat."""
    items, pool, _ = batch
    history: list[Offer] = []
    now = NOW
    pending_answers = iter(answers)
    for round_number in range(6):
        for number, proposal in enumerate(
            plan_offers(
                specialties=SPECIALTIES,
                works=items,
                reviewers=pool,
                offers=history,
                now=now,
                method=method,
            )
        ):
            history.append(
                open_offer(
                    offer_id=uuid5(work_id("ids"), f"{round_number}-{number}"),
                    work_id=proposal.work_id,
                    candidate_id=proposal.candidate_id,
                    offered_at=now,
                    time_to_live=DAY,
                )
            )
        now += 2 * HOUR
        for position, current in enumerate(history):
            if current.status is not OfferStatus.OFFERED:
                continue
            answer = next(pending_answers, "wait")
            if answer == "accept" and current.is_live(now):
                history[position] = accept_offer(
                    offer=current, candidate_id=current.candidate_id, now=now
                ).value
            elif answer == "decline" and current.is_live(now):
                history[position] = decline_offer(
                    offer=current, candidate_id=current.candidate_id, now=now
                ).value
            elif answer == "expire":
                history[position] = expire_offer(offer=current, now=current.expires_at).value
        pairs = [(o.work_id, o.candidate_id) for o in history]
        assert len(pairs) == len(set(pairs)), "the same work offered twice to one reviewer"
        live = [o for o in history if o.is_live(now)]
        assert max(Counter(o.candidate_id for o in live).values(), default=0) <= 1
        for item in items:
            assert sum(1 for o in live if o.work_id == item.work_id) <= item.seats


def test_auto_solves_a_crowd_fitting_the_same_seats_as_a_flow_and_agrees_with_seats() -> None:
    crowd = [reviewer(f"cand-{i:03d}", qualified_at=T0 - i * HOUR) for i in range(300)]
    works = [work(f"w{i}", seats=20) for i in range(10)]
    picks = {
        method: plan_offers(
            specialties=SPECIALTIES,
            works=works,
            reviewers=crowd,
            offers=[],
            now=NOW,
            method=method,
        )
        for method in AssignmentMethod
    }
    chosen = {method: sorted(p.candidate_id for p in found) for method, found in picks.items()}
    assert chosen[AssignmentMethod.AUTO] == chosen[AssignmentMethod.FLOW]
    assert chosen[AssignmentMethod.SEATS] == chosen[AssignmentMethod.FLOW]
    assert chosen[AssignmentMethod.FLOW] == [f"cand-{i:03d}" for i in range(100, 300)]


def test_the_longest_waiting_reviewer_is_offered_first_whatever_the_input_order() -> None:
    early = reviewer("cand-early", qualified_at=T0 - 3 * DAY)
    late = reviewer("cand-late", qualified_at=T0 - DAY)
    item = work("one-seat")
    for pool in ([early, late], [late, early]):
        proposals = plan_offers(
            specialties=SPECIALTIES, works=[item], reviewers=pool, offers=[], now=NOW
        )
        assert proposals == [OfferProposal(item.work_id, "cand-early")]


def test_an_earlier_reviewer_moves_to_other_work_rather_than_leave_a_seat_empty() -> None:
    flexible = reviewer("cand-flexible", qualified_at=T0 - 3 * DAY)
    python_only = reviewer("cand-python", qualified_at=T0 - DAY, languages=frozenset({"Python"}))
    python_work = work("python", languages=frozenset({"Python"}))
    go_work = work("go", languages=frozenset({"Go"}))
    proposals = plan_offers(
        specialties=SPECIALTIES,
        works=[python_work, go_work],
        reviewers=[flexible, python_only],
        offers=[],
        now=NOW,
    )
    assert set(proposals) == {
        OfferProposal(go_work.work_id, "cand-flexible"),
        OfferProposal(python_work.work_id, "cand-python"),
    }


def test_a_later_reviewer_never_displaces_an_earlier_one_who_fits() -> None:
    first = reviewer("cand-first", qualified_at=T0 - 4 * DAY)
    second = reviewer("cand-second", qualified_at=T0 - 2 * DAY)
    third = reviewer("cand-third", qualified_at=T0 - DAY)
    proposals = plan_offers(
        specialties=SPECIALTIES,
        works=[work("two-seats", seats=2)],
        reviewers=[third, second, first],
        offers=[],
        now=NOW,
    )
    assert {p.candidate_id for p in proposals} == {"cand-first", "cand-second"}


def test_a_reviewer_already_matched_once_waits_behind_those_never_matched() -> None:
    returning = replace(
        reviewer("cand-returning", qualified_at=T0 - 6 * DAY), matched_at=T0 - 5 * DAY
    )
    newcomer = reviewer("cand-new", qualified_at=T0)
    proposals = plan_offers(
        specialties=SPECIALTIES,
        works=[work("one-seat")],
        reviewers=[returning, newcomer],
        offers=[],
        now=NOW,
    )
    assert [p.candidate_id for p in proposals] == ["cand-new"]


def test_duplicate_reviewers_or_works_are_refused() -> None:
    same = reviewer("cand-twice")
    with pytest.raises(ValueError, match="candidate_id: given more than once: cand-twice"):
        plan_offers(specialties=SPECIALTIES, works=[], reviewers=[same, same], offers=[], now=NOW)


def test_a_naive_clock_reading_is_refused() -> None:
    with pytest.raises(ValueError, match="now: a naive datetime"):
        plan_offers(
            specialties=SPECIALTIES, works=[], reviewers=[], offers=[], now=NOW.replace(tzinfo=None)
        )


def test_a_thousand_interchangeable_reviewers_for_ten_seats_are_cut_to_the_ten_most_urgent() -> (
    None
):
    pool = [
        reviewer(f"cand-{i:04d}", qualified_at=T0 - i * timedelta(minutes=1)) for i in range(1000)
    ]
    proposals = plan_offers(
        specialties=SPECIALTIES, works=[work("ten", seats=10)], reviewers=pool, offers=[], now=NOW
    )
    assert sorted(p.candidate_id for p in proposals) == [f"cand-{i:04d}" for i in range(990, 1000)]
