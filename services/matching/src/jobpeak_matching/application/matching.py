"""A matching round for one specialty: expire lapsed offers, then offer every free seat.

Called in the transaction of whatever may have freed a seat or a reviewer (work posted, a
reviewer qualified, an offer declined, a specialty republished) and by the scheduler. The
specialty lock makes rounds of one specialty strictly one after another, so two workers never
plan against the same free seats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import uuid4

from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.uow import UnitOfWork

from jobpeak_matching.application import announcements
from jobpeak_matching.domain.offers import Offer, expire_offer, open_offer
from jobpeak_matching.domain.planning import plan_offers
from jobpeak_matching.persistence.locks import lock_specialty
from jobpeak_matching.persistence.offers import OfferRepository
from jobpeak_matching.persistence.pool import ReviewerPool
from jobpeak_matching.persistence.specialties import SpecialtyReplica
from jobpeak_matching.persistence.work import WorkRepository

_log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class MatchingRound:
    expired: tuple[Offer, ...] = ()
    offered: tuple[Offer, ...] = ()


async def run_matching(
    *, uow: UnitOfWork, specialty_slug: str, now: datetime, offer_ttl: timedelta
) -> MatchingRound:
    session = uow.session
    await lock_specialty(session, specialty_slug)
    expired = await _expire_lapsed_offers(uow=uow, specialty_slug=specialty_slug, now=now)
    terms = await SpecialtyReplica(session).terms(specialty_slug)
    if terms is None or not terms.live:
        return MatchingRound(expired=expired)
    works = await WorkRepository(session).open_in(specialty_slug)
    if not works:
        return MatchingRound(expired=expired)
    waiting = await ReviewerPool(session).waiting(specialty_slug)
    if not waiting:
        return MatchingRound(expired=expired)
    offers = OfferRepository(session)
    proposals = plan_offers(
        specialties={specialty_slug: terms},
        works=works,
        reviewers=waiting,
        offers=await offers.of_works([item.work_id for item in works]),
        now=now,
    )
    work_by_id = {item.work_id: item for item in works}
    made: list[Offer] = []
    for proposal in proposals:
        offer = open_offer(
            offer_id=uuid4(),
            work_id=proposal.work_id,
            candidate_id=proposal.candidate_id,
            offered_at=now,
            time_to_live=offer_ttl,
        )
        await offers.add(offer, specialty_slug=specialty_slug)
        uow.emit(
            announcements.match_offered(offer, work=work_by_id[offer.work_id]),
            subject=str(offer.offer_id),
        )
        made.append(offer)
    if made or expired:
        _log.info(
            "matching round", specialty_slug=specialty_slug, offered=len(made), expired=len(expired)
        )
    return MatchingRound(expired=expired, offered=tuple(made))


async def _expire_lapsed_offers(
    *, uow: UnitOfWork, specialty_slug: str, now: datetime
) -> tuple[Offer, ...]:
    """Mark the specialty's pending offers past their deadline expired (caller holds the lock)."""
    offers = OfferRepository(uow.session)
    expired: list[Offer] = []
    for offer in await offers.pending_in(specialty_slug, due_by=now):
        transition = expire_offer(offer=offer, now=now)
        if not transition.changed:
            continue
        await offers.save(transition.value)
        uow.emit(
            announcements.offer_expired(transition.value, specialty_slug=specialty_slug),
            subject=str(offer.offer_id),
        )
        expired.append(transition.value)
    return tuple(expired)
