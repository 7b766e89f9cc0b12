"""In-memory repositories and unit of work for the testing service's use-case tests.

They keep what the SQL adapters keep, with the same rules a use case relies on (newest catalog
version wins, one entitlement per order, stored scores read back as stored), and no more.
Attempts are copied in and out, as a database would, so a use case sees only what it saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_runtime.fakes import FakeUnitOfWork
from jobpeak_testing.application.ports import (
    AttemptSummary,
    CappedItem,
    OpenAttempt,
    StartChecks,
)
from jobpeak_testing.domain.attempt import Attempt, AttemptStatus
from jobpeak_testing.domain.entitlement import Entitlement
from jobpeak_testing.domain.retakes import PastAttempt

from services.testing.tests.unit.fake_replicas import InMemoryQuestions, InMemorySpecialties


@dataclass
class _StoredAttempt:
    attempt: Attempt
    start_key: str | None


class InMemoryAttempts:
    def __init__(self) -> None:
        self.stored: dict[UUID, _StoredAttempt] = {}

    def _of(self, candidate_id: str, specialty_slug: str) -> list[Attempt]:
        return [
            row.attempt
            for row in self.stored.values()
            if (row.attempt.candidate_id, row.attempt.specialty_slug)
            == (candidate_id, specialty_slug)
        ]

    async def lock_starts(self, *, candidate_id: str, specialty_slug: str) -> None:
        """One test runs one use case at a time: nothing to serialise."""

    async def history(
        self, *, candidate_id: str, specialty_slug: str, kind: BlueprintKind
    ) -> list[PastAttempt]:
        return sorted(
            (
                PastAttempt(ended_at=attempt.ended_at, passed=attempt.score.passed)
                for attempt in self._of(candidate_id, specialty_slug)
                if attempt.kind is kind
                and attempt.ended_at is not None
                and attempt.score is not None
            ),
            key=lambda past: past.ended_at,
        )

    async def start_checks(
        self,
        *,
        attempt_id: UUID,
        candidate_id: str,
        specialty_slug: str,
        kind: BlueprintKind,
        practice_since: datetime | None,
    ) -> StartChecks:
        own = self._of(candidate_id, specialty_slug)
        earlier = self.stored.get(attempt_id)
        return StartChecks(
            earlier_exists=earlier is not None and earlier.attempt.candidate_id == candidate_id,
            in_progress=next(
                (attempt.id for attempt in own if attempt.status is AttemptStatus.IN_PROGRESS),
                None,
            ),
            history=await self.history(
                candidate_id=candidate_id, specialty_slug=specialty_slug, kind=kind
            ),
            attempts=sum(attempt.kind is kind for attempt in own),
            seen_question_ids={item.question_id for attempt in own for item in attempt.draw.items},
            practice_starts=[]
            if practice_since is None
            else [
                row.attempt.started_at
                for row in self.stored.values()
                if row.attempt.candidate_id == candidate_id
                and row.attempt.kind is BlueprintKind.PRACTICE
                and row.attempt.started_at > practice_since
            ],
        )

    async def add(self, attempt: Attempt, *, start_key: str | None) -> None:
        self.stored[attempt.id] = _StoredAttempt(deepcopy(attempt), start_key)

    async def load(
        self, *, attempt_id: UUID, candidate_id: str, for_update: bool = False
    ) -> Attempt | None:
        row = self.stored.get(attempt_id)
        if row is None or row.attempt.candidate_id != candidate_id:
            return None
        return deepcopy(row.attempt)

    async def save_answer(self, attempt: Attempt, *, question_id: str, at: datetime) -> None:
        self.stored[attempt.id].attempt.answers[question_id] = attempt.answers[question_id]

    async def save_outcome(self, attempt: Attempt) -> None:
        stored = self.stored[attempt.id].attempt
        stored.status, stored.ended_at, stored.score = (
            attempt.status,
            attempt.ended_at,
            attempt.score,
        )

    async def open_in_specialty(self, *, specialty_slug: str) -> list[OpenAttempt]:
        return [
            OpenAttempt(row.attempt.id, row.attempt.candidate_id, row.attempt.order_id)
            for row in self.stored.values()
            if row.attempt.specialty_slug == specialty_slug
            and row.attempt.status is AttemptStatus.IN_PROGRESS
        ]

    async def void(self, attempt_ids: Sequence[UUID], *, at: datetime) -> None:
        for attempt_id in attempt_ids:
            self.stored[attempt_id].attempt.void(now=at)

    async def summaries(
        self, *, candidate_id: str, specialty_slug: str | None, limit: int
    ) -> list[AttemptSummary]:
        owned = [
            row.attempt
            for row in self.stored.values()
            if row.attempt.candidate_id == candidate_id
            and specialty_slug in (None, row.attempt.specialty_slug)
        ]
        owned.sort(key=lambda attempt: attempt.started_at, reverse=True)
        return [
            AttemptSummary(
                attempt_id=attempt.id,
                specialty_slug=attempt.specialty_slug,
                kind=attempt.kind,
                status=attempt.status,
                attempt_number=attempt.attempt_number,
                started_at=attempt.started_at,
                ended_at=attempt.ended_at,
                total_score=None if attempt.score is None else attempt.score.total_score,
                passed=None if attempt.score is None else attempt.score.passed,
            )
            for attempt in owned[:limit]
        ]


def _usable(entitlement: Entitlement) -> bool:
    return entitlement.status in ("available", "used")


class InMemoryEntitlements:
    def __init__(self) -> None:
        self.by_order: dict[UUID, Entitlement] = {}

    async def grant(
        self,
        *,
        order_id: UUID,
        candidate_id: str,
        specialty_slug: str,
        at: datetime,
        voided: bool = False,
    ) -> bool:
        if order_id in self.by_order:
            return False
        self.by_order[order_id] = Entitlement(
            order_id, candidate_id, specialty_slug, at, None, None, None, at if voided else None
        )
        return True

    async def revoke(
        self, *, order_id: UUID, candidate_id: str, specialty_slug: str, at: datetime
    ) -> None:
        known = self.by_order.get(order_id)
        if known is None:
            self.by_order[order_id] = Entitlement(
                order_id, candidate_id, specialty_slug, None, None, None, at, None
            )
        elif known.consumed_at is None and known.revoked_at is None:
            self.by_order[order_id] = replace(known, revoked_at=at)

    def _oldest_usable(
        self, candidate_id: str, specialty_slug: str, *, unused: bool
    ) -> Entitlement | None:
        usable = [
            entitlement
            for entitlement in self.by_order.values()
            if (entitlement.candidate_id, entitlement.specialty_slug)
            == (candidate_id, specialty_slug)
            and _usable(entitlement)
            and not (unused and entitlement.consumed_at is not None)
        ]
        return min(usable, key=lambda e: (e.granted_at, e.order_id), default=None)

    def _consume(self, entitlement: Entitlement, attempt_id: UUID, at: datetime) -> UUID:
        if entitlement.consumed_at is None:
            self.by_order[entitlement.order_id] = replace(
                entitlement, consumed_at=at, consumed_by=attempt_id
            )
        return entitlement.order_id

    async def take(
        self, *, candidate_id: str, specialty_slug: str, attempt_id: UUID, at: datetime
    ) -> UUID | None:
        found = self._oldest_usable(candidate_id, specialty_slug, unused=True)
        return None if found is None else self._consume(found, attempt_id, at)

    async def reuse(
        self, *, candidate_id: str, specialty_slug: str, attempt_id: UUID, at: datetime
    ) -> UUID | None:
        found = self._oldest_usable(candidate_id, specialty_slug, unused=False)
        return None if found is None else self._consume(found, attempt_id, at)

    async def void_unused(self, *, specialty_slug: str, at: datetime) -> list[Entitlement]:
        voided = [
            replace(entitlement, voided_at=at)
            for entitlement in self.by_order.values()
            if entitlement.specialty_slug == specialty_slug and entitlement.status == "available"
        ]
        self.by_order.update((entitlement.order_id, entitlement) for entitlement in voided)
        return voided

    async def of_candidate(
        self, *, candidate_id: str, specialty_slug: str | None
    ) -> list[Entitlement]:
        owned = [
            entitlement
            for entitlement in self.by_order.values()
            if entitlement.candidate_id == candidate_id
            and entitlement.granted_at is not None
            and specialty_slug in (None, entitlement.specialty_slug)
        ]
        return sorted(owned, key=lambda e: e.granted_at or datetime.min, reverse=True)


class InMemoryExposure:
    def __init__(self) -> None:
        self.served: dict[str, tuple[str, int]] = {}
        """Question id → (specialty, servings)."""
        self.capped: set[str] = set()

    async def served_counts(self, *, specialty_slug: str) -> dict[str, int]:
        return {qid: count for qid, (slug, count) in self.served.items() if slug == specialty_slug}

    async def record_served(
        self, *, specialty_slug: str, question_ids: Sequence[str], cap: int, at: datetime
    ) -> list[CappedItem]:
        capped: list[CappedItem] = []
        for question_id in sorted(set(question_ids)):
            count = self.served.get(question_id, (specialty_slug, 0))[1] + 1
            self.served[question_id] = (specialty_slug, count)
            if count >= cap and question_id not in self.capped:
                self.capped.add(question_id)
                capped.append(CappedItem(question_id, count))
        return capped


class FakeTestingUnitOfWork(FakeUnitOfWork):
    """A :class:`~jobpeak_testing.application.ports.TestingUnitOfWork` held in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.attempts = InMemoryAttempts()
        self.entitlements = InMemoryEntitlements()
        self.specialties = InMemorySpecialties()
        self.questions = InMemoryQuestions()
        self.exposure = InMemoryExposure()
