"""A matching round for one specialty: expire lapsed offers, then offer every free seat.

Called in the transaction of whatever may have freed a seat or a reviewer (work posted, a
reviewer qualified, an offer declined, a specialty republished) and by the periodic rounds. The
specialty lock makes rounds of one specialty strictly one after another, so two workers never
plan against the same free seats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import uuid4

from jobpeak_runtime.logging import get_logger

from jobpeak_matching.application import events
from jobpeak_matching.application.ports import MatchingUnitOfWork
from jobpeak_matching.domain.offers import Offer, expire_offer, open_offer
from jobpeak_matching.domain.planning import plan_offers_given
from jobpeak_matching.domain.specialty import SpecialtyTerms

_log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class MatchingRound:
    expired: tuple[Offer, ...] = ()
    offered: tuple[Offer, ...] = ()


async def run_matching(
    *,
    uow: MatchingUnitOfWork,
    specialty_slug: str,
    now: datetime,
    offer_ttl: timedelta,
    terms: SpecialtyTerms | None = None,
) -> MatchingRound:
    """One round; ``terms`` spares re-reading the specialty's terms when the caller read them
    holding the specialty lock in this transaction (every replica write takes that lock, so they
    cannot change before the transaction ends)."""
    await uow.locks.hold(specialty_slug)
    expired = await _expire_lapsed_offers(uow=uow, specialty_slug=specialty_slug, now=now)
    if terms is None:
        terms = await uow.specialties.terms(specialty_slug)
    if terms is None or not terms.live:
        return MatchingRound(expired=expired)
    works = await uow.work.open_in(specialty_slug)
    if not works:
        return MatchingRound(expired=expired)
    waiting = await uow.pool.waiting(specialty_slug)
    if not waiting:
        return MatchingRound(expired=expired)
    offers_made = await uow.offers.made_for(
        work_ids=[item.work_id for item in works],
        candidate_ids=[reviewer.candidate_id for reviewer in waiting],
        now=now,
    )
    proposals = plan_offers_given(
        specialties={specialty_slug: terms},
        works=works,
        reviewers=waiting,
        made=offers_made,
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
        await uow.offers.add(offer, specialty_slug=specialty_slug)
        uow.emit(
            events.match_offered(offer, work=work_by_id[offer.work_id]),
            subject=str(offer.offer_id),
        )
        made.append(offer)
    if made or expired:
        _log.info(
            "matching round", specialty_slug=specialty_slug, offered=len(made), expired=len(expired)
        )
    return MatchingRound(expired=expired, offered=tuple(made))


async def _expire_lapsed_offers(
    *, uow: MatchingUnitOfWork, specialty_slug: str, now: datetime
) -> tuple[Offer, ...]:
    """Mark the specialty's pending offers past their deadline expired (caller holds the lock)."""
    expired: list[Offer] = []
    for offer in await uow.offers.pending_in(specialty_slug, due_by=now):
        transition = expire_offer(offer=offer, now=now)
        if not transition.changed:
            continue
        await uow.offers.save(transition.value)
        uow.emit(
            events.offer_expired(transition.value, specialty_slug=specialty_slug),
            subject=str(offer.offer_id),
        )
        expired.append(transition.value)
    return tuple(expired)
