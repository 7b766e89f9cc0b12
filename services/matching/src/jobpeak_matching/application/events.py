"""The events matching publishes, built from domain values (domain money and reasons map
one to one onto the contracts')."""

from __future__ import annotations

from datetime import datetime

from jobpeak_contracts import events
from jobpeak_contracts.money import Money as WireMoney

from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.offers import Offer
from jobpeak_matching.domain.pool import Pass, Reviewer
from jobpeak_matching.domain.work import WorkItem


def wire_money(money: Money) -> WireMoney:
    return WireMoney(amount_minor=money.amount_minor, currency=money.currency)


def reviewer_qualified(reviewer: Reviewer, passed: Pass) -> events.ReviewerQualified:
    return events.ReviewerQualified(
        candidate_id=reviewer.candidate_id,
        specialty_slug=reviewer.specialty_slug,
        attempt_id=passed.attempt_id,
        score=passed.score,
        qualified_at=reviewer.qualified_at,
        due_by=reviewer.due_by,
    )


def work_posted(item: WorkItem) -> events.WorkPosted:
    return events.WorkPosted(
        work_id=item.work_id,
        client_id=item.client_id,
        specialty_slug=item.specialty_slug,
        required_languages=tuple(sorted(item.required_languages)),
        hourly_rate=wire_money(item.hourly_rate),
        seats=item.seats,
        starts_at=item.starts_at,
        posted_at=item.posted_at,
    )


def work_closed(item: WorkItem, *, seats_filled: int) -> events.WorkClosed:
    if item.close_reason is None or item.closed_at is None:
        raise ValueError(f"work {item.work_id} is not closed")
    return events.WorkClosed(
        work_id=item.work_id,
        client_id=item.client_id,
        specialty_slug=item.specialty_slug,
        reason=events.WorkCloseReason(item.close_reason.value),
        seats_filled=seats_filled,
        closed_at=item.closed_at,
    )


def match_offered(offer: Offer, *, work: WorkItem) -> events.MatchOffered:
    return events.MatchOffered(
        candidate_id=offer.candidate_id,
        specialty_slug=work.specialty_slug,
        offer_id=offer.offer_id,
        work_id=offer.work_id,
        hourly_rate=wire_money(work.hourly_rate),
        offered_at=offer.offered_at,
        expires_at=offer.expires_at,
    )


def _resolved_at(offer: Offer) -> datetime:
    if offer.resolved_at is None:
        raise ValueError(f"offer {offer.offer_id} is still pending")
    return offer.resolved_at


def match_accepted(offer: Offer, *, specialty_slug: str) -> events.MatchAccepted:
    return events.MatchAccepted(
        candidate_id=offer.candidate_id,
        specialty_slug=specialty_slug,
        offer_id=offer.offer_id,
        work_id=offer.work_id,
        accepted_at=_resolved_at(offer),
    )


def match_declined(offer: Offer, *, specialty_slug: str) -> events.MatchDeclined:
    return events.MatchDeclined(
        candidate_id=offer.candidate_id,
        specialty_slug=specialty_slug,
        offer_id=offer.offer_id,
        work_id=offer.work_id,
        declined_at=_resolved_at(offer),
    )


def offer_expired(offer: Offer, *, specialty_slug: str) -> events.OfferExpired:
    return events.OfferExpired(
        candidate_id=offer.candidate_id,
        specialty_slug=specialty_slug,
        offer_id=offer.offer_id,
        work_id=offer.work_id,
        expires_at=offer.expires_at,
    )


def sla_breached(reviewer: Reviewer) -> events.MatchSlaBreached:
    if reviewer.sla_breached_at is None:
        raise ValueError(f"no breach recorded for reviewer {reviewer.candidate_id}")
    return events.MatchSlaBreached(
        candidate_id=reviewer.candidate_id,
        specialty_slug=reviewer.specialty_slug,
        qualified_at=reviewer.qualified_at,
        due_by=reviewer.due_by,
        detected_at=reviewer.sla_breached_at,
    )
