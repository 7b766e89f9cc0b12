"""Offers: accept, decline, expire, withdraw, and what each means for the next batch."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jobpeak_matching.domain.eligibility import free_seats, is_filled
from jobpeak_matching.domain.offers import (
    Offer,
    OfferAlreadyResolved,
    OfferNoLongerOpen,
    OfferNotYours,
    OfferStatus,
    accept_offer,
    decline_offer,
    expire_offer,
    offers_due_for_expiry,
    open_offer,
    withdraw_offer,
)
from jobpeak_matching.domain.planning import OfferProposal, plan_offers

from services.matching.tests.builders import (
    DAY,
    HOUR,
    SPECIALTIES,
    T0,
    offer_id,
    reviewer,
    work,
)

pytestmark = pytest.mark.unit

TTL = timedelta(hours=48)
ITEM = work("review-batch")
ALICE = reviewer("cand-alice", qualified_at=T0 - 3 * DAY)
BOB = reviewer("cand-bob", qualified_at=T0 - 2 * DAY)
CAROL = reviewer("cand-carol", qualified_at=T0 - DAY)


def offered_to(candidate: str, *, name: str = "first", at: timedelta = timedelta(0)) -> Offer:
    return open_offer(
        offer_id=offer_id(name),
        work_id=ITEM.work_id,
        candidate_id=candidate,
        offered_at=T0 + at,
        time_to_live=TTL,
    )


def next_batch(offers: list[Offer], now: timedelta) -> list[OfferProposal]:
    return plan_offers(
        specialties=SPECIALTIES,
        works=[ITEM],
        reviewers=[ALICE, BOB, CAROL],
        offers=offers,
        now=T0 + now,
    )


def test_an_offer_expires_after_its_configured_time_to_live() -> None:
    pending = offered_to("cand-alice")
    assert pending.expires_at == T0 + TTL
    with pytest.raises(ValueError, match="time_to_live: must be positive"):
        open_offer(
            offer_id=offer_id("x"),
            work_id=ITEM.work_id,
            candidate_id="cand-alice",
            offered_at=T0,
            time_to_live=timedelta(0),
        )


def test_accepting_takes_the_seat_and_accepting_again_changes_nothing() -> None:
    accepted = accept_offer(
        offer=offered_to("cand-alice"), candidate_id="cand-alice", now=T0 + HOUR
    )
    assert accepted.changed
    assert (accepted.value.status, accepted.value.resolved_at) == (OfferStatus.ACCEPTED, T0 + HOUR)
    again = accept_offer(offer=accepted.value, candidate_id="cand-alice", now=T0 + 2 * HOUR)
    assert not again.changed
    assert again.value == accepted.value
    assert free_seats(work=ITEM, offers=[accepted.value], now=T0 + 10 * DAY) == 0
    assert is_filled(work=ITEM, offers=[accepted.value])


def test_nobody_answers_someone_elses_offer() -> None:
    pending = offered_to("cand-alice")
    with pytest.raises(OfferNotYours):
        accept_offer(offer=pending, candidate_id="cand-bob", now=T0 + HOUR)
    with pytest.raises(OfferNotYours):
        decline_offer(offer=pending, candidate_id="cand-bob", now=T0 + HOUR)


def test_an_offer_past_its_expiry_cannot_be_accepted_even_before_the_expiry_job_ran() -> None:
    pending = offered_to("cand-alice")
    with pytest.raises(OfferNoLongerOpen):
        accept_offer(offer=pending, candidate_id="cand-alice", now=pending.expires_at)
    expired = expire_offer(offer=pending, now=pending.expires_at + HOUR).value
    with pytest.raises(OfferNoLongerOpen):
        accept_offer(offer=expired, candidate_id="cand-alice", now=T0 + HOUR)


def test_a_declined_offer_cannot_then_be_accepted_nor_an_accepted_one_declined() -> None:
    declined = decline_offer(
        offer=offered_to("cand-alice"), candidate_id="cand-alice", now=T0 + HOUR
    )
    assert declined.changed
    assert not decline_offer(
        offer=declined.value, candidate_id="cand-alice", now=T0 + 2 * HOUR
    ).changed
    with pytest.raises(OfferAlreadyResolved, match="already declined"):
        accept_offer(offer=declined.value, candidate_id="cand-alice", now=T0 + 2 * HOUR)
    accepted = accept_offer(offer=offered_to("cand-bob"), candidate_id="cand-bob", now=T0 + HOUR)
    with pytest.raises(OfferAlreadyResolved, match="already accepted"):
        decline_offer(offer=accepted.value, candidate_id="cand-bob", now=T0 + 2 * HOUR)


def test_the_expiry_job_finds_lapsed_offers_and_expires_each_once() -> None:
    early = offered_to("cand-alice", name="early")
    later = offered_to("cand-bob", name="later", at=HOUR)
    answered = accept_offer(
        offer=offered_to("cand-carol", name="answered"), candidate_id="cand-carol", now=T0 + HOUR
    ).value
    now = T0 + TTL + 30 * timedelta(minutes=1)
    assert offers_due_for_expiry(offers=[later, answered, early], now=now) == [early]
    expired = expire_offer(offer=early, now=now)
    assert expired.changed
    assert (expired.value.status, expired.value.resolved_at) == (
        OfferStatus.EXPIRED,
        early.expires_at,
    )
    assert not expire_offer(offer=expired.value, now=now).changed
    assert not expire_offer(offer=later, now=now).changed, "not due yet"
    assert not expire_offer(offer=answered, now=now + DAY).changed, "answered offers never expire"


def test_a_pending_offer_holds_the_seat_and_the_reviewer_until_it_resolves() -> None:
    pending = offered_to("cand-alice")
    assert next_batch([pending], now=HOUR) == []
    second_work = work("second-batch")
    proposals = plan_offers(
        specialties=SPECIALTIES,
        works=[ITEM, second_work],
        reviewers=[ALICE, BOB],
        offers=[pending],
        now=T0 + HOUR,
    )
    assert proposals == [OfferProposal(second_work.work_id, "cand-bob")], (
        "Alice holds one live offer"
    )


def test_a_decline_reoffers_the_seat_to_the_next_reviewer_never_back_to_the_decliner() -> None:
    declined = decline_offer(
        offer=offered_to("cand-alice"), candidate_id="cand-alice", now=T0 + HOUR
    ).value
    assert next_batch([declined], now=HOUR) == [OfferProposal(ITEM.work_id, "cand-bob")]


def test_an_expiry_reoffers_the_seat_even_before_the_expiry_job_marked_it() -> None:
    lapsed = offered_to("cand-alice")
    assert next_batch([lapsed], now=TTL) == [OfferProposal(ITEM.work_id, "cand-bob")]
    expired = expire_offer(offer=lapsed, now=T0 + TTL).value
    assert next_batch([expired], now=TTL) == [OfferProposal(ITEM.work_id, "cand-bob")]


def test_after_a_decline_the_decliner_is_free_for_other_work() -> None:
    declined = decline_offer(
        offer=offered_to("cand-alice"), candidate_id="cand-alice", now=T0 + HOUR
    ).value
    other = work("other-work")
    proposals = plan_offers(
        specialties=SPECIALTIES,
        works=[ITEM, other],
        reviewers=[ALICE],
        offers=[declined],
        now=T0 + HOUR,
    )
    assert proposals == [OfferProposal(other.work_id, "cand-alice")]


def test_once_every_reviewer_declined_the_seat_stays_open() -> None:
    history = [
        decline_offer(offer=offered_to(name, name=name), candidate_id=name, now=T0 + HOUR).value
        for name in ("cand-alice", "cand-bob", "cand-carol")
    ]
    assert next_batch(history, now=2 * HOUR) == []
    assert free_seats(work=ITEM, offers=history, now=T0 + 2 * HOUR) == 1


def test_an_accepted_reviewer_is_not_offered_more_work_until_that_work_is_withdrawn() -> None:
    accepted = accept_offer(
        offer=offered_to("cand-alice"), candidate_id="cand-alice", now=T0 + HOUR
    ).value
    other = work("other-work")
    batch = plan_offers(
        specialties=SPECIALTIES,
        works=[other],
        reviewers=[ALICE],
        offers=[accepted],
        now=T0 + 2 * HOUR,
    )
    assert batch == []
    withdrawn = withdraw_offer(offer=accepted, now=T0 + 3 * HOUR)
    assert withdrawn.changed
    assert withdrawn.value.status is OfferStatus.WITHDRAWN
    batch = plan_offers(
        specialties=SPECIALTIES,
        works=[other],
        reviewers=[ALICE],
        offers=[withdrawn.value],
        now=T0 + 3 * HOUR,
    )
    assert batch == [OfferProposal(other.work_id, "cand-alice")]


def test_withdrawing_an_answered_or_lapsed_offer_changes_nothing() -> None:
    declined = decline_offer(
        offer=offered_to("cand-alice"), candidate_id="cand-alice", now=T0 + HOUR
    ).value
    assert not withdraw_offer(offer=declined, now=T0 + 2 * HOUR).changed
