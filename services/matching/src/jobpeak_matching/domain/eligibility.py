"""Who may be offered what: the pair-level rules the engine applies in bulk.

A reviewer may be offered a piece of work when all of these hold:

* the work is open, its specialty is live and is the reviewer's specialty;
* the work's hourly rate is within the specialty's *current* ceiling (intake checked the
  ceiling of its day; should the catalog lower it later, work above it is no longer offered);
* the reviewer covers every required language (see :mod:`pool` for how languages are known);
* the work has a free seat: seats minus its live offers (pending or accepted);
* the reviewer holds no live offer (one live offer per reviewer at a time);
* the work was never offered to this reviewer before, whatever became of that offer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from jobpeak_matching.domain.offers import Offer, OfferStatus
from jobpeak_matching.domain.pool import Reviewer
from jobpeak_matching.domain.specialty import SpecialtyTerms
from jobpeak_matching.domain.work import WorkItem


def covers_languages(*, reviewer: Reviewer, work: WorkItem, specialty: SpecialtyTerms) -> bool:
    return work.required_languages <= reviewer.languages(specialty)


def within_ceiling(*, work: WorkItem, specialty: SpecialtyTerms) -> bool:
    ceiling = specialty.hourly_rate_ceiling
    return (
        work.hourly_rate.currency == ceiling.currency
        and work.hourly_rate.amount_minor <= ceiling.amount_minor
    )


def free_seats(*, work: WorkItem, offers: Iterable[Offer], now: datetime) -> int:
    """Seats of open ``work`` not held by a live offer; closed work has none."""
    if not work.is_open:
        return 0
    held = sum(1 for offer in offers if offer.work_id == work.work_id and offer.is_live(now))
    return max(work.seats - held, 0)


def is_filled(*, work: WorkItem, offers: Iterable[Offer]) -> bool:
    """Every seat accepted: the work should close as filled."""
    accepted = sum(
        1
        for offer in offers
        if offer.work_id == work.work_id and offer.status is OfferStatus.ACCEPTED
    )
    return accepted >= work.seats


def is_eligible(
    *,
    reviewer: Reviewer,
    work: WorkItem,
    specialties: Mapping[str, SpecialtyTerms],
    offers: Iterable[Offer],
    now: datetime,
) -> bool:
    """The rule for one pair; ``offers`` must include the reviewer's and the work's offers."""
    specialty = specialties.get(work.specialty_slug)
    if specialty is None or not specialty.live or reviewer.specialty_slug != specialty.slug:
        return False
    if not within_ceiling(work=work, specialty=specialty):
        return False
    if not covers_languages(reviewer=reviewer, work=work, specialty=specialty):
        return False
    offers = list(offers)
    if free_seats(work=work, offers=offers, now=now) == 0:
        return False
    for offer in offers:
        if offer.candidate_id != reviewer.candidate_id:
            continue
        if offer.work_id == work.work_id or offer.is_live(now):
            return False
    return True


def urgency_key(reviewer: Reviewer) -> tuple[bool, datetime, datetime, str]:
    """Sort key, most urgent first: not yet matched, then earliest due-by.

    A reviewer back in the pool after their accepted work was withdrawn has had the promise
    kept, so reviewers still waiting for a first match go before them. Qualification time and
    candidate id only break exact ties, to keep the outcome deterministic.
    """
    return (
        reviewer.matched_at is not None,
        reviewer.due_by,
        reviewer.qualified_at,
        reviewer.candidate_id,
    )
