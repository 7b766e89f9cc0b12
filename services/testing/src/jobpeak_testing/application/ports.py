"""What the use cases need from storage: repository protocols and the testing unit of work.

Implemented with SQL in :mod:`jobpeak_testing.adapters`, in memory by the unit tests' fakes. The
small read models below are what repositories answer besides the domain's own objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.events import (
    QuestionPublished,
    QuestionRetired,
    SpecialtyPublished,
    SpecialtyRetired,
)
from jobpeak_contracts.questions import Question
from jobpeak_contracts.questions import QuestionPool as Pool
from jobpeak_runtime.ports import Transaction

from jobpeak_testing.domain.attempt import Attempt, AttemptStatus
from jobpeak_testing.domain.entitlement import Entitlement
from jobpeak_testing.domain.pool import QuestionPool
from jobpeak_testing.domain.retakes import PastAttempt


@dataclass(frozen=True)
class OpenAttempt:
    attempt_id: UUID
    candidate_id: str
    order_id: UUID | None


@dataclass(frozen=True)
class AttemptSummary:
    attempt_id: UUID
    specialty_slug: str
    kind: BlueprintKind
    status: AttemptStatus
    attempt_number: int
    started_at: datetime
    ended_at: datetime | None
    total_score: float | None
    passed: bool | None


@dataclass(frozen=True)
class StartChecks:
    """What a start checks about the candidate's own attempts, read together after the lock."""

    earlier_exists: bool
    """An attempt with the start's idempotent id is stored (a retried start)."""
    in_progress: UUID | None
    history: list[PastAttempt]
    """Graded attempts of the start's kind in the specialty, oldest first."""
    attempts: int
    """Attempts of the start's kind in the specialty, whatever their status."""
    seen_question_ids: set[str]
    practice_starts: list[datetime]
    """Practice starts after ``practice_since`` in every specialty (none when it is ``None``)."""


@dataclass(frozen=True)
class SpecialtyState:
    snapshot: SpecialtyPublished | None
    retired: bool


@dataclass(frozen=True)
class LiveBank:
    questions: list[Question]
    bank_version: int
    """The highest bank version this replica has seen for the specialty (0 if none)."""
    indexed: QuestionPool | None = None
    """``questions`` indexed for a draw, when the replica keeps it (a cached bank does)."""

    def draw_pool(self, pool: Pool) -> QuestionPool:
        """The questions of ``pool`` indexed for a draw."""
        return (
            self.indexed if self.indexed is not None else QuestionPool.of(self.questions, pool=pool)
        )


class AttemptRepository(Protocol):
    async def lock_starts(self, *, candidate_id: str, specialty_slug: str) -> None:
        """Serialise attempt starts of one candidate in one specialty until the transaction ends."""
        ...

    async def start_checks(
        self,
        *,
        attempt_id: UUID,
        candidate_id: str,
        specialty_slug: str,
        kind: BlueprintKind,
        practice_since: datetime | None,
    ) -> StartChecks:
        """Everything a start of ``kind`` checks, from one snapshot (see :class:`StartChecks`)."""
        ...

    async def history(
        self, *, candidate_id: str, specialty_slug: str, kind: BlueprintKind
    ) -> list[PastAttempt]:
        """Graded attempts of ``kind``, oldest first (voided ones never count)."""
        ...

    async def add(self, attempt: Attempt, *, start_key: str | None) -> None:
        """Store a new attempt; ``start_key`` is the Idempotency-Key that started it, if any."""
        ...

    async def load(
        self, *, attempt_id: UUID, candidate_id: str, for_update: bool = False
    ) -> Attempt | None:
        """The candidate's attempt with its stored score; ``None`` if there is none of theirs."""
        ...

    async def save_answer(self, attempt: Attempt, *, question_id: str, at: datetime) -> None: ...

    async def save_outcome(self, attempt: Attempt) -> None:
        """Store the status, end and score the attempt reached."""
        ...

    async def open_in_specialty(self, *, specialty_slug: str) -> list[OpenAttempt]:
        """Attempts in progress in a specialty, locked until the transaction ends."""
        ...

    async def void(self, attempt_ids: Sequence[UUID], *, at: datetime) -> None: ...

    async def summaries(
        self, *, candidate_id: str, specialty_slug: str | None, limit: int
    ) -> list[AttemptSummary]:
        """The candidate's attempts, newest first."""
        ...


@dataclass(frozen=True, order=True)
class CappedItem:
    question_id: str
    served_count: int


class ExposureRepository(Protocol):
    """How many certification attempts served each item."""

    async def served_counts(self, *, specialty_slug: str) -> dict[str, int]: ...

    async def record_served(
        self, *, specialty_slug: str, question_ids: Sequence[str], cap: int, at: datetime
    ) -> list[CappedItem]:
        """Count one more serving of each item; the items this pushed to ``cap`` (each once)."""
        ...


class EntitlementRepository(Protocol):
    async def grant(
        self,
        *,
        order_id: UUID,
        candidate_id: str,
        specialty_slug: str,
        at: datetime,
        voided: bool = False,
    ) -> bool:
        """Record a captured payment; ``False`` when the order was already known."""
        ...

    async def revoke(
        self, *, order_id: UUID, candidate_id: str, specialty_slug: str, at: datetime
    ) -> None:
        """Revoke an unused entitlement (a refund); a used one stays used."""
        ...

    async def take(
        self, *, candidate_id: str, specialty_slug: str, attempt_id: UUID, at: datetime
    ) -> UUID | None:
        """Consume the oldest unused entitlement for a new attempt; its order id, or ``None``."""
        ...

    async def reuse(
        self, *, candidate_id: str, specialty_slug: str, attempt_id: UUID, at: datetime
    ) -> UUID | None:
        """The order that covers every attempt (a policy of one payment), or ``None``."""
        ...

    async def void_unused(self, *, specialty_slug: str, at: datetime) -> list[Entitlement]:
        """Void every unused entitlement of a specialty that can no longer be delivered."""
        ...

    async def of_candidate(
        self, *, candidate_id: str, specialty_slug: str | None
    ) -> list[Entitlement]: ...


class SpecialtyReplica(Protocol):
    async def publish(self, event: SpecialtyPublished, *, at: datetime) -> bool:
        """Keep ``event`` unless a later revision is stored; whether it was kept."""
        ...

    async def retire(self, event: SpecialtyRetired, *, at: datetime) -> bool:
        """Mark the specialty retired unless a later revision is stored; whether it was."""
        ...

    async def state(
        self, specialty_slug: str, *, share_lock: bool = False
    ) -> SpecialtyState | None:
        """The specialty as last seen; ``share_lock`` holds off its retirement until commit."""
        ...

    async def live_slugs(self) -> list[str]:
        """Slugs of the specialties published and not retired, sorted."""
        ...


class QuestionReplica(Protocol):
    async def publish(self, event: QuestionPublished, *, at: datetime) -> None: ...

    async def retire(self, event: QuestionRetired, *, at: datetime) -> None: ...

    async def live_bank(self, specialty_slug: str, *, pool: Pool) -> LiveBank:
        """The specialty's live questions of ``pool`` (with keys) and the bank version."""
        ...


class TestingUnitOfWork(Transaction, Protocol):
    """One transaction of the testing service, with its repositories (read-only members, so an
    implementation may hold any repository that satisfies the protocol)."""

    @property
    def attempts(self) -> AttemptRepository: ...

    @property
    def entitlements(self) -> EntitlementRepository: ...

    @property
    def specialties(self) -> SpecialtyReplica: ...

    @property
    def questions(self) -> QuestionReplica: ...

    @property
    def exposure(self) -> ExposureRepository: ...
