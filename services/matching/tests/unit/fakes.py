"""In-memory repositories and unit of work for matching's use-case unit tests.

They keep the rules the database enforces for the use cases (one pool entry per reviewer and
specialty, newest specialty revision wins, one parked pass per attempt); locking is recorded,
not enforced, since a unit test runs one use case at a time. State lives in the repositories,
so one :class:`FakeMatchingUnitOfWork` opened several times behaves like one database.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from jobpeak_contracts.envelope import Event
from jobpeak_contracts.events.catalog import SpecialtyPublished
from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.offers import Offer, OffersMade, OfferStatus
from jobpeak_matching.domain.pool import Pass, Reviewer
from jobpeak_matching.domain.specialty import SpecialtyTerms
from jobpeak_matching.domain.work import WorkItem
from jobpeak_runtime.fakes import FakeUnitOfWork

_LIVE = (OfferStatus.OFFERED, OfferStatus.ACCEPTED)
EventT = TypeVar("EventT", bound=Event)


class FakeSpecialtyLocks:
    def __init__(self) -> None:
        self.held: list[str] = []

    async def hold(self, specialty_slug: str) -> None:
        self.held.append(specialty_slug)


class FakeSpecialtyReplica:
    def __init__(self) -> None:
        self.revisions: dict[str, int] = {}
        self.stored: dict[str, SpecialtyTerms | None] = {}
        """None: retired before any snapshot was seen."""

    async def terms(self, specialty_slug: str) -> SpecialtyTerms | None:
        return self.stored.get(specialty_slug)

    async def slugs(self) -> list[str]:
        return sorted(self.stored)

    async def publish(self, event: SpecialtyPublished, *, at: datetime) -> bool:
        if self.revisions.get(event.specialty_slug, 0) >= event.revision:
            return False
        self.revisions[event.specialty_slug] = event.revision
        ceiling = event.hourly_rate_ceiling
        self.stored[event.specialty_slug] = SpecialtyTerms(
            slug=event.specialty_slug,
            live=True,
            hourly_rate_ceiling=Money(ceiling.amount_minor, ceiling.currency),
            languages=frozenset(event.languages),
            match_sla_days=event.match_sla_days,
        )
        return True

    async def retire(self, specialty_slug: str, *, revision: int, at: datetime) -> bool:
        if self.revisions.get(specialty_slug, 0) >= revision:
            return False
        self.revisions[specialty_slug] = revision
        known = self.stored.get(specialty_slug)
        self.stored[specialty_slug] = None if known is None else replace(known, live=False)
        return True


class FakeOfferRepository:
    def __init__(self) -> None:
        self.offers: dict[UUID, Offer] = {}
        self.specialty_by_offer: dict[UUID, str] = {}

    async def get(self, offer_id: UUID, *, for_update: bool = False) -> Offer | None:
        return self.offers.get(offer_id)

    async def specialty_of(self, offer_id: UUID) -> str | None:
        return self.specialty_by_offer.get(offer_id)

    async def add(self, offer: Offer, *, specialty_slug: str) -> None:
        if offer.offer_id in self.offers:
            raise ValueError(f"offer {offer.offer_id} exists")
        self.offers[offer.offer_id] = offer
        self.specialty_by_offer[offer.offer_id] = specialty_slug

    async def save(self, offer: Offer) -> None:
        self.offers[offer.offer_id] = offer

    async def of_works(self, work_ids: Collection[UUID]) -> list[Offer]:
        return [offer for offer in self.offers.values() if offer.work_id in work_ids]

    async def made_for(
        self, *, work_ids: Collection[UUID], candidate_ids: Collection[str], now: datetime
    ) -> OffersMade:
        works, candidates = set(work_ids), set(candidate_ids)
        of_works = [offer for offer in self.offers.values() if offer.work_id in works]
        live_of_candidates = [
            offer
            for offer in self.offers.values()
            if offer.candidate_id in candidates and offer.is_live(now)
        ]
        counted = OffersMade.of(of_works, now=now)
        return OffersMade(
            held=counted.held,
            engaged=OffersMade.of(live_of_candidates, now=now).engaged,
            offered_before={
                candidate: seen
                for candidate, seen in counted.offered_before.items()
                if candidate in candidates
            },
        )

    async def pending_in(self, specialty_slug: str, *, due_by: datetime) -> list[Offer]:
        return [
            offer
            for offer in self.offers.values()
            if self.specialty_by_offer[offer.offer_id] == specialty_slug
            and offer.status is OfferStatus.OFFERED
            and offer.expires_at <= due_by
        ]

    async def of_candidate(self, candidate_id: str) -> list[Offer]:
        mine = [offer for offer in self.offers.values() if offer.candidate_id == candidate_id]
        mine.sort(key=lambda offer: str(offer.offer_id))
        mine.sort(key=lambda offer: offer.offered_at, reverse=True)
        return mine

    def engaged(self, candidate_id: str) -> bool:
        """Whether the candidate holds a pending or accepted offer (as stored)."""
        return any(
            offer.candidate_id == candidate_id and offer.status in _LIVE
            for offer in self.offers.values()
        )


class FakeReviewerPool:
    def __init__(self, offers: FakeOfferRepository) -> None:
        self._offers = offers
        self.reviewers: dict[tuple[str, str], Reviewer] = {}
        self.passes: dict[tuple[str, str], Pass] = {}
        self.parked: dict[UUID, Pass] = {}

    async def add(self, reviewer: Reviewer, *, passed: Pass) -> bool:
        key = (reviewer.candidate_id, reviewer.specialty_slug)
        if key in self.reviewers:
            return False
        self.reviewers[key] = reviewer
        self.passes[key] = passed
        return True

    async def park(self, passed: Pass, *, at: datetime) -> None:
        self.parked.setdefault(passed.attempt_id, passed)

    async def unpark(self, specialty_slug: str) -> list[Pass]:
        mine = [p for p in self.parked.values() if p.specialty_slug == specialty_slug]
        for passed in mine:
            del self.parked[passed.attempt_id]
        return sorted(mine, key=lambda p: (p.qualified_at, str(p.attempt_id)))

    async def get(self, *, candidate_id: str, specialty_slug: str) -> Reviewer | None:
        return self.reviewers.get((candidate_id, specialty_slug))

    async def waiting(self, specialty_slug: str) -> list[Reviewer]:
        return [
            reviewer
            for reviewer in self.reviewers.values()
            if reviewer.specialty_slug == specialty_slug
            and not self._offers.engaged(reviewer.candidate_id)
        ]

    async def everyone(self) -> list[Reviewer]:
        return list(self.reviewers.values())

    async def record_match(self, reviewer: Reviewer) -> None:
        self._update(reviewer, matched_at=reviewer.matched_at)

    async def save_language_preferences(self, reviewer: Reviewer) -> None:
        self._update(reviewer, language_preferences=reviewer.language_preferences)

    async def possibly_in_breach(self, *, now: datetime, limit: int) -> list[Reviewer]:
        due = [
            reviewer
            for reviewer in self.reviewers.values()
            if reviewer.sla_breached_at is None
            and reviewer.due_by <= now
            and (reviewer.matched_at is None or reviewer.matched_at >= reviewer.due_by)
        ]
        return sorted(due, key=lambda r: (r.due_by, r.candidate_id))[:limit]

    async def record_breach(self, reviewer: Reviewer) -> bool:
        stored = self.reviewers[(reviewer.candidate_id, reviewer.specialty_slug)]
        if stored.sla_breached_at is not None:
            return False
        self._update(reviewer, sla_breached_at=reviewer.sla_breached_at)
        return True

    def _update(self, reviewer: Reviewer, **changes: object) -> None:
        key = (reviewer.candidate_id, reviewer.specialty_slug)
        self.reviewers[key] = replace(self.reviewers[key], **changes)  # type: ignore[arg-type]


class FakeWorkRepository:
    def __init__(self) -> None:
        self.items: dict[UUID, WorkItem] = {}

    async def get(self, work_id: UUID, *, for_update: bool = False) -> WorkItem | None:
        return self.items.get(work_id)

    async def add(self, item: WorkItem) -> bool:
        if item.work_id in self.items:
            return False
        self.items[item.work_id] = item
        return True

    async def open_in(self, specialty_slug: str) -> list[WorkItem]:
        open_work = [
            item
            for item in self.items.values()
            if item.specialty_slug == specialty_slug and item.is_open
        ]
        return sorted(open_work, key=lambda item: (item.posted_at, str(item.work_id)))

    async def save_closed(self, item: WorkItem) -> None:
        self.items[item.work_id] = item


class FakeMatchingUnitOfWork(FakeUnitOfWork):
    """Implements :class:`jobpeak_matching.application.ports.MatchingUnitOfWork` in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.locks = FakeSpecialtyLocks()
        self.specialties = FakeSpecialtyReplica()
        self.offers = FakeOfferRepository()
        self.pool = FakeReviewerPool(self.offers)
        self.work = FakeWorkRepository()

    def __call__(self) -> FakeMatchingUnitOfWork:
        """The unit of work as its own factory: every transaction sees the same storage."""
        return self

    def committed(self, event_type: type[EventT]) -> list[EventT]:
        """The committed events of ``event_type``, in order, typed as such."""
        return [event for event in self.emitted if isinstance(event, event_type)]
