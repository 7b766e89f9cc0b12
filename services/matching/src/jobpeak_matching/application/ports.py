"""What the use cases need from storage, whatever implements it.

The real implementations are in :mod:`jobpeak_matching.adapters` (PostgreSQL); the unit tests
pass in-memory fakes. Nothing here commits: the unit of work does, once, for the whole use case.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol
from uuid import UUID

from jobpeak_contracts.events.catalog import SpecialtyPublished
from jobpeak_runtime.ports import Transaction

from jobpeak_matching.domain.offers import Offer, OffersMade
from jobpeak_matching.domain.pool import Pass, Reviewer
from jobpeak_matching.domain.specialty import SpecialtyTerms
from jobpeak_matching.domain.work import WorkItem


class SpecialtyLocks(Protocol):
    """The per-specialty lock serialising everything that hands out or frees seats."""

    async def hold(self, specialty_slug: str) -> None:
        """Wait for the specialty's lock and hold it until the transaction ends."""
        ...


class SpecialtyReplica(Protocol):
    """The catalog's terms matching needs, newest revision wins."""

    async def terms(self, specialty_slug: str) -> SpecialtyTerms | None:
        """The specialty's terms, or None while no snapshot of it was seen."""
        ...

    async def slugs(self) -> list[str]:
        """Every specialty seen (published or retired), in slug order."""
        ...

    async def publish(self, event: SpecialtyPublished, *, at: datetime) -> bool:
        """Store the snapshot unless a newer revision is stored; True if it was stored."""
        ...

    async def retire(self, specialty_slug: str, *, revision: int, at: datetime) -> bool:
        """Mark the specialty not live unless a newer revision is stored; True if it changed.

        A retirement seen before any snapshot still leaves a record, so an older snapshot
        delivered later cannot make the specialty live again.
        """
        ...


class ReviewerPool(Protocol):
    """The pool of qualified reviewers and the passes parked until their specialty is known."""

    async def add(self, reviewer: Reviewer, *, passed: Pass) -> bool:
        """Pool ``reviewer``; False (nothing stored) if already pooled in this specialty."""
        ...

    async def park(self, passed: Pass, *, at: datetime) -> None:
        """Keep the pass until its specialty is published (once per attempt)."""
        ...

    async def unpark(self, specialty_slug: str) -> list[Pass]:
        """Remove and return the passes parked for ``specialty_slug``, oldest first."""
        ...

    async def get(self, *, candidate_id: str, specialty_slug: str) -> Reviewer | None: ...

    async def waiting(self, specialty_slug: str) -> list[Reviewer]:
        """Reviewers of the specialty holding no pending or accepted offer (in any specialty).

        May leave out reviewers no open work of the specialty can go to (by their language
        preferences, or offered all of it before): the planner would skip them anyway.
        """
        ...

    async def everyone(self) -> list[Reviewer]: ...

    async def record_match(self, reviewer: Reviewer) -> None:
        """Store ``reviewer.matched_at``."""
        ...

    async def save_language_preferences(self, reviewer: Reviewer) -> None:
        """Store ``reviewer.language_preferences`` (None meaning all)."""
        ...

    async def possibly_in_breach(self, *, now: datetime, limit: int) -> list[Reviewer]:
        """Reviewers past due-by, not matched in time, without a recorded breach, due-by first.

        They are locked for this transaction; rows another transaction holds are skipped.
        """
        ...

    async def record_breach(self, reviewer: Reviewer) -> bool:
        """Store ``reviewer.sla_breached_at`` unless a breach is already recorded."""
        ...


class OfferRepository(Protocol):
    """Offers, with the specialty each belongs to."""

    async def get(self, offer_id: UUID, *, for_update: bool = False) -> Offer | None: ...

    async def specialty_of(self, offer_id: UUID) -> str | None: ...

    async def add(self, offer: Offer, *, specialty_slug: str) -> None: ...

    async def save(self, offer: Offer) -> None:
        """Store the offer's status and resolution time."""
        ...

    async def of_works(self, work_ids: Collection[UUID]) -> list[Offer]:
        """Every offer ever made of these works."""
        ...

    async def made_for(
        self, *, work_ids: Collection[UUID], candidate_ids: Collection[str], now: datetime
    ) -> OffersMade:
        """What a round planning ``work_ids`` for ``candidate_ids`` needs of the offers made.

        Seats held by the live offers of those works, which of the candidates hold a live offer
        (of any work), and which of those works each candidate was offered before; read without
        loading every offer of the works.
        """
        ...

    async def pending_in(self, specialty_slug: str, *, due_by: datetime) -> list[Offer]:
        """Pending offers of the specialty whose answer window closed by ``due_by``."""
        ...

    async def of_candidate(self, candidate_id: str) -> list[Offer]:
        """The candidate's offers, newest first."""
        ...


class WorkRepository(Protocol):
    """Posted work."""

    async def get(self, work_id: UUID, *, for_update: bool = False) -> WorkItem | None: ...

    async def add(self, item: WorkItem) -> bool:
        """Store new work; False (nothing stored) if its id is taken, e.g. by a retried post."""
        ...

    async def open_in(self, specialty_slug: str) -> list[WorkItem]:
        """The specialty's open work, oldest post first."""
        ...

    async def save_closed(self, item: WorkItem) -> None:
        """Store the work's status, close reason and closing time."""
        ...


class MatchingUnitOfWork(Transaction, Protocol):
    """One transaction of the matching service and the repositories working in it.

    Read-only members, so an implementation may type them with its own repository classes.
    """

    @property
    def locks(self) -> SpecialtyLocks: ...

    @property
    def specialties(self) -> SpecialtyReplica: ...

    @property
    def pool(self) -> ReviewerPool: ...

    @property
    def offers(self) -> OfferRepository: ...

    @property
    def work(self) -> WorkRepository: ...
