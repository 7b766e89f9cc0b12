"""Reviewers accept or decline their offers (use cases on the in-memory unit of work)."""

from __future__ import annotations

import pytest
from jobpeak_contracts.events import MatchAccepted, MatchDeclined, MatchOffered, WorkClosed
from jobpeak_matching.application.offers import Answer, AnswerRefused, answer_offer, offers_of
from jobpeak_matching.domain.offers import Offer, OfferNotYours, OfferStatus
from jobpeak_matching.domain.work import WorkCloseReason

from services.matching.tests.builders import HOUR, T0
from services.matching.tests.unit.fakes import FakeMatchingUnitOfWork
from services.matching.tests.unit.steps import (
    TTL,
    answers,
    coding_is_published,
    passes,
    posts_work,
)

pytestmark = pytest.mark.unit


async def _one_seat_offered_to(uow: FakeMatchingUnitOfWork, *candidates: str) -> Offer:
    """Coding, the candidates pooled an hour apart, one seat posted: offered to the first."""
    await coding_is_published(uow)
    for hour, candidate_id in enumerate(candidates):
        await passes(uow, candidate_id, at=T0 + hour * HOUR)
    await posts_work(uow, at=T0 + 5 * HOUR)
    [offer] = await uow.offers.of_candidate(candidates[0])
    return offer


async def test_reviewer_accepts_the_only_seat_and_the_work_closes_filled() -> None:
    uow = FakeMatchingUnitOfWork()
    offer = await _one_seat_offered_to(uow, "cand-a")

    accepted = await answers(uow, offer, Answer.ACCEPT, at=T0 + 6 * HOUR)

    assert accepted.status is OfferStatus.ACCEPTED
    [match] = uow.committed(MatchAccepted)
    assert (match.offer_id, match.accepted_at) == (offer.offer_id, T0 + 6 * HOUR)
    [closed] = uow.committed(WorkClosed)
    assert (closed.reason.value, closed.seats_filled) == (WorkCloseReason.FILLED.value, 1)
    reviewer = await uow.pool.get(candidate_id="cand-a", specialty_slug="coding")
    assert reviewer is not None
    assert reviewer.matched_at == T0 + 6 * HOUR


async def test_accepting_again_changes_nothing() -> None:
    uow = FakeMatchingUnitOfWork()
    offer = await _one_seat_offered_to(uow, "cand-a")

    first = await answers(uow, offer, Answer.ACCEPT, at=T0 + 6 * HOUR)
    again = await answers(uow, offer, Answer.ACCEPT, at=T0 + 7 * HOUR)

    assert again == first
    assert len(uow.committed(MatchAccepted)) == 1


async def test_reviewer_declines_and_the_seat_is_offered_to_the_next_reviewer() -> None:
    uow = FakeMatchingUnitOfWork()
    offer = await _one_seat_offered_to(uow, "cand-a", "cand-b")

    await answers(uow, offer, Answer.DECLINE, at=T0 + 6 * HOUR)

    [declined] = uow.committed(MatchDeclined)
    assert declined.candidate_id == "cand-a"
    assert [o.candidate_id for o in uow.committed(MatchOffered)] == ["cand-a", "cand-b"]


async def test_an_offer_past_its_deadline_cannot_be_accepted() -> None:
    uow = FakeMatchingUnitOfWork()
    offer = await _one_seat_offered_to(uow, "cand-a")

    with pytest.raises(AnswerRefused, match=r"cannot accept: .* expired at"):
        await answers(uow, offer, Answer.ACCEPT, at=offer.expires_at)
    assert uow.committed(MatchAccepted) == []


async def test_a_declined_offer_cannot_be_accepted_after_all() -> None:
    uow = FakeMatchingUnitOfWork()
    offer = await _one_seat_offered_to(uow, "cand-a")
    await answers(uow, offer, Answer.DECLINE, at=T0 + 6 * HOUR)

    with pytest.raises(AnswerRefused, match=r"cannot accept: .* already declined"):
        await answers(uow, offer, Answer.ACCEPT, at=T0 + 7 * HOUR)


async def test_another_candidates_offer_is_answered_as_unknown() -> None:
    uow = FakeMatchingUnitOfWork()
    offer = await _one_seat_offered_to(uow, "cand-a")

    async with uow:
        with pytest.raises(OfferNotYours):
            await answer_offer(
                uow=uow,
                offer_id=offer.offer_id,
                candidate_id="cand-z",
                answer=Answer.ACCEPT,
                now=T0 + 6 * HOUR,
                offer_ttl=TTL,
            )
    assert (await uow.offers.get(offer.offer_id)) == offer


async def test_candidate_lists_their_offers_newest_first() -> None:
    uow = FakeMatchingUnitOfWork()
    first = await _one_seat_offered_to(uow, "cand-a")
    await answers(uow, first, Answer.DECLINE, at=T0 + 6 * HOUR)
    await posts_work(uow, at=T0 + 7 * HOUR)

    async with uow:
        listed = await offers_of(uow=uow, candidate_id="cand-a")

    assert [offer.offered_at for offer in listed] == [T0 + 7 * HOUR, T0 + 5 * HOUR]
