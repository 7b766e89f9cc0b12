"""A candidate answers an offer: accept or decline, idempotently, own offers only.

A refused answer (expired, already answered otherwise, not the candidate's) raises before
anything is written, so the caller's rollback leaves state untouched.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from uuid import UUID

from jobpeak_matching.application import events
from jobpeak_matching.application.matching import run_matching
from jobpeak_matching.application.ports import MatchingUnitOfWork
from jobpeak_matching.application.work import close_if_filled
from jobpeak_matching.domain.offers import (
    Offer,
    OfferAlreadyResolved,
    OfferNoLongerOpen,
    OfferNotYours,
    accept_offer,
    decline_offer,
)
from jobpeak_matching.domain.pool import record_match


class Answer(Enum):
    ACCEPT = "accept"
    DECLINE = "decline"


class AnswerRefused(Exception):
    """The offer expired or was answered otherwise, so this answer cannot apply; unchanged."""

    def __init__(self, answer: Answer, reason: OfferNoLongerOpen | OfferAlreadyResolved) -> None:
        super().__init__(f"cannot {answer.value}: {reason}")


async def answer_offer(
    *,
    uow: MatchingUnitOfWork,
    offer_id: UUID,
    candidate_id: str,
    answer: Answer,
    now: datetime,
    offer_ttl: timedelta,
) -> Offer:
    """Apply the answer; raises :class:`OfferNotYours` (also for an offer that does not exist)
    or :class:`AnswerRefused`."""
    specialty_slug = await uow.offers.specialty_of(offer_id)
    if specialty_slug is None:
        raise OfferNotYours(offer_id)
    await uow.locks.hold(specialty_slug)
    offer = await uow.offers.get(offer_id, for_update=True)
    if offer is None:
        raise OfferNotYours(offer_id)
    rule = accept_offer if answer is Answer.ACCEPT else decline_offer
    try:
        transition = rule(offer=offer, candidate_id=candidate_id, now=now)
    except (OfferNoLongerOpen, OfferAlreadyResolved) as refused:
        raise AnswerRefused(answer, refused) from refused
    if not transition.changed:
        return offer
    answered = transition.value
    await uow.offers.save(answered)
    if answer is Answer.ACCEPT:
        await _matched(uow=uow, offer=answered, specialty_slug=specialty_slug, now=now)
    else:
        uow.emit(
            events.match_declined(answered, specialty_slug=specialty_slug),
            subject=str(offer_id),
        )
        await run_matching(uow=uow, specialty_slug=specialty_slug, now=now, offer_ttl=offer_ttl)
    return answered


async def _matched(
    *, uow: MatchingUnitOfWork, offer: Offer, specialty_slug: str, now: datetime
) -> None:
    reviewer = await uow.pool.get(candidate_id=offer.candidate_id, specialty_slug=specialty_slug)
    if reviewer is not None:
        await uow.pool.record_match(record_match(reviewer=reviewer, matched_at=now))
    uow.emit(
        events.match_accepted(offer, specialty_slug=specialty_slug),
        subject=str(offer.offer_id),
    )
    item = await uow.work.get(offer.work_id, for_update=True)
    if item is not None:
        await close_if_filled(uow=uow, item=item, now=now)


async def offers_of(*, uow: MatchingUnitOfWork, candidate_id: str) -> list[Offer]:
    """The candidate's offers, newest first."""
    return await uow.offers.of_candidate(candidate_id)
