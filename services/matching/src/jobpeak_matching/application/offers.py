"""A candidate answers an offer: accept or decline, idempotently, own offers only.

A refused answer (expired, already answered otherwise, not the candidate's) raises before
anything is written, so the caller's rollback leaves state untouched.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from uuid import UUID

from jobpeak_runtime.uow import UnitOfWork

from jobpeak_matching.application import announcements
from jobpeak_matching.application.matching import run_matching
from jobpeak_matching.application.work import close_if_filled
from jobpeak_matching.domain.offers import Offer, OfferNotYours, accept_offer, decline_offer
from jobpeak_matching.domain.pool import record_match
from jobpeak_matching.persistence.locks import lock_specialty
from jobpeak_matching.persistence.offers import OfferRepository
from jobpeak_matching.persistence.pool import ReviewerPool
from jobpeak_matching.persistence.work import WorkRepository


class Answer(Enum):
    ACCEPT = "accept"
    DECLINE = "decline"


async def answer_offer(
    *,
    uow: UnitOfWork,
    offer_id: UUID,
    candidate_id: str,
    answer: Answer,
    now: datetime,
    offer_ttl: timedelta,
) -> Offer:
    """Apply the answer; raises :class:`OfferNotYours` also for an offer that does not exist."""
    offers = OfferRepository(uow.session)
    specialty_slug = await offers.specialty_of(offer_id)
    if specialty_slug is None:
        raise OfferNotYours(offer_id)
    await lock_specialty(uow.session, specialty_slug)
    offer = await offers.get(offer_id, for_update=True)
    if offer is None:
        raise OfferNotYours(offer_id)
    rule = accept_offer if answer is Answer.ACCEPT else decline_offer
    transition = rule(offer=offer, candidate_id=candidate_id, now=now)
    if not transition.changed:
        return offer
    answered = transition.value
    await offers.save(answered)
    if answer is Answer.ACCEPT:
        await _matched(uow=uow, offer=answered, specialty_slug=specialty_slug, now=now)
    else:
        uow.emit(
            announcements.match_declined(answered, specialty_slug=specialty_slug),
            subject=str(offer_id),
        )
        await run_matching(uow=uow, specialty_slug=specialty_slug, now=now, offer_ttl=offer_ttl)
    return answered


async def _matched(*, uow: UnitOfWork, offer: Offer, specialty_slug: str, now: datetime) -> None:
    pool = ReviewerPool(uow.session)
    reviewer = await pool.get(candidate_id=offer.candidate_id, specialty_slug=specialty_slug)
    if reviewer is not None:
        await pool.record_match(record_match(reviewer=reviewer, matched_at=now))
    uow.emit(
        announcements.match_accepted(offer, specialty_slug=specialty_slug),
        subject=str(offer.offer_id),
    )
    item = await WorkRepository(uow.session).get(offer.work_id, for_update=True)
    if item is not None:
        await close_if_filled(uow=uow, item=item, now=now)


async def offers_of(*, uow: UnitOfWork, candidate_id: str) -> list[Offer]:
    return await OfferRepository(uow.session).of_candidate(candidate_id)
