"""Offers of one piece of work to one reviewer, and the rules of their lifecycle.

An offer is *live* while it is pending and not yet past ``expires_at``, or once accepted.
A live offer holds one seat of its work and engages its reviewer: a reviewer holds at most one
live offer at a time (see ADR 0005). When work is cancelled or its specialty retired, its pending
and accepted offers are withdrawn, which frees the reviewer for other work.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from jobpeak_matching.domain.times import require_aware
from jobpeak_matching.domain.transition import Transition


class OfferStatus(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class OfferError(Exception):
    """A candidate's request about an offer that the rules refuse; nothing changed."""


class OfferNotYours(OfferError):
    def __init__(self, offer_id: UUID) -> None:
        self.offer_id = offer_id
        super().__init__(f"offer {offer_id} is not addressed to this candidate")


class OfferNoLongerOpen(OfferError):
    """The offer's answer window closed (not the contract event ``OfferExpired`` announcing it)."""

    def __init__(self, offer_id: UUID, expires_at: datetime) -> None:
        super().__init__(f"offer {offer_id} expired at {expires_at.isoformat()}")


class OfferAlreadyResolved(OfferError):
    def __init__(self, offer_id: UUID, status: OfferStatus) -> None:
        self.status = status
        super().__init__(f"offer {offer_id} is already {status.value}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Offer:
    offer_id: UUID
    work_id: UUID
    candidate_id: str
    offered_at: datetime
    expires_at: datetime
    status: OfferStatus = OfferStatus.OFFERED
    resolved_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "offered_at", require_aware("offered_at", self.offered_at))
        object.__setattr__(self, "expires_at", require_aware("expires_at", self.expires_at))
        if self.expires_at <= self.offered_at:
            raise ValueError("expires_at: must be later than offered_at")
        if (self.status is OfferStatus.OFFERED) != (self.resolved_at is None):
            raise ValueError("resolved_at: given exactly when the offer is no longer pending")
        if self.resolved_at is not None:
            object.__setattr__(self, "resolved_at", require_aware("resolved_at", self.resolved_at))

    def is_live(self, now: datetime) -> bool:
        """Pending and still answerable, or accepted: it holds a seat and engages the reviewer."""
        if self.status is OfferStatus.ACCEPTED:
            return True
        return self.status is OfferStatus.OFFERED and now < self.expires_at

    def is_past_expiry(self, now: datetime) -> bool:
        return self.status is OfferStatus.OFFERED and now >= self.expires_at


def open_offer(
    *,
    offer_id: UUID,
    work_id: UUID,
    candidate_id: str,
    offered_at: datetime,
    time_to_live: timedelta,
) -> Offer:
    """A new pending offer, answerable until ``offered_at + time_to_live``."""
    if time_to_live <= timedelta(0):
        raise ValueError(f"time_to_live: must be positive, got {time_to_live}")
    return Offer(
        offer_id=offer_id,
        work_id=work_id,
        candidate_id=candidate_id,
        offered_at=offered_at,
        expires_at=offered_at + time_to_live,
    )


def accept_offer(*, offer: Offer, candidate_id: str, now: datetime) -> Transition[Offer]:
    """The addressed candidate accepts; repeating an acceptance changes nothing."""
    return _answer(offer=offer, candidate_id=candidate_id, now=now, to=OfferStatus.ACCEPTED)


def decline_offer(*, offer: Offer, candidate_id: str, now: datetime) -> Transition[Offer]:
    """The addressed candidate declines; repeating a decline changes nothing."""
    return _answer(offer=offer, candidate_id=candidate_id, now=now, to=OfferStatus.DECLINED)


def _answer(
    *, offer: Offer, candidate_id: str, now: datetime, to: OfferStatus
) -> Transition[Offer]:
    now = require_aware("now", now)
    if offer.candidate_id != candidate_id:
        raise OfferNotYours(offer.offer_id)
    if offer.status is to:
        return Transition(offer, changed=False)
    if offer.status is OfferStatus.EXPIRED or offer.is_past_expiry(now):
        raise OfferNoLongerOpen(offer.offer_id, offer.expires_at)
    if offer.status is not OfferStatus.OFFERED:
        raise OfferAlreadyResolved(offer.offer_id, offer.status)
    return Transition(replace(offer, status=to, resolved_at=now), changed=True)


def offers_due_for_expiry(*, offers: Iterable[Offer], now: datetime) -> list[Offer]:
    """Pending offers whose answer window has closed, earliest deadline first."""
    now = require_aware("now", now)
    return sorted(
        (offer for offer in offers if offer.is_past_expiry(now)),
        key=lambda offer: (offer.expires_at, offer.offer_id),
    )


def expire_offer(*, offer: Offer, now: datetime) -> Transition[Offer]:
    """Mark a lapsed pending offer expired; anything else (not yet due, answered) is unchanged."""
    now = require_aware("now", now)
    if not offer.is_past_expiry(now):
        return Transition(offer, changed=False)
    return Transition(
        replace(offer, status=OfferStatus.EXPIRED, resolved_at=offer.expires_at), changed=True
    )


def withdraw_offer(*, offer: Offer, now: datetime) -> Transition[Offer]:
    """The work was cancelled or its specialty retired: a pending or accepted offer lapses."""
    now = require_aware("now", now)
    if offer.status not in (OfferStatus.OFFERED, OfferStatus.ACCEPTED):
        return Transition(offer, changed=False)
    return Transition(replace(offer, status=OfferStatus.WITHDRAWN, resolved_at=now), changed=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class OffersMade:
    """What the offers already made decide when planning new ones.

    ``held``: live offers per work (each holds a seat); ``engaged``: reviewers holding a live
    offer; ``offered_before``: the works each reviewer was offered already, whatever the outcome
    (never the same work twice). Built from the offers (:meth:`of`), or read by storage for just
    the works and reviewers of a round, so a round never loads every offer of its works.
    """

    held: Mapping[UUID, int] = field(default_factory=dict)
    engaged: frozenset[str] = frozenset()
    offered_before: Mapping[str, frozenset[UUID]] = field(default_factory=dict)

    @classmethod
    def of(cls, offers: Iterable[Offer], *, now: datetime) -> OffersMade:
        now = require_aware("now", now)
        held: Counter[UUID] = Counter()
        engaged: set[str] = set()
        offered_before: defaultdict[str, set[UUID]] = defaultdict(set)
        for offer in offers:
            if offer.is_live(now):
                held[offer.work_id] += 1
                engaged.add(offer.candidate_id)
            offered_before[offer.candidate_id].add(offer.work_id)
        return cls(
            held=held,
            engaged=frozenset(engaged),
            offered_before={key: frozenset(works) for key, works in offered_before.items()},
        )
