"""What the catalog's use cases ask of storage: records, repository protocols, the unit of work.

Records are plain values; a use case reads one, builds a changed copy
(:func:`dataclasses.replace`) and hands it back to its repository. The SQL implementations live
in :mod:`jobpeak_catalog.adapters`; unit tests use in-memory fakes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from jobpeak_contracts.money import Money
from jobpeak_runtime.ports import Transaction

from jobpeak_catalog.domain.bank import BankEntry, QuestionStatus
from jobpeak_catalog.domain.blueprint import Blueprint, BlueprintKind
from jobpeak_catalog.domain.publication import PublishedSnapshot
from jobpeak_catalog.domain.specialty import SpecialtyProfile, SpecialtyStatus


@dataclass(frozen=True)
class SpecialtyRecord:
    """A specialty as it stands (``profile``) and what its last publish made public."""

    profile: SpecialtyProfile
    status: SpecialtyStatus = SpecialtyStatus.DRAFT
    revision: int = 0
    """Goes up with every SpecialtyPublished / SpecialtyRetired; 0 means never published."""
    bank_version: int = 0
    published_snapshot: PublishedSnapshot | None = None
    published_at: datetime | None = None
    retired_at: datetime | None = None

    @property
    def slug(self) -> str:
        return self.profile.slug

    @property
    def live_ceiling(self) -> Money | None:
        """The rate ceiling the platform shows, while the specialty is live."""
        if self.status is not SpecialtyStatus.PUBLISHED or self.published_snapshot is None:
            return None
        return self.published_snapshot.definition.rate_ceiling


@dataclass(frozen=True)
class BlueprintRecord:
    blueprint: Blueprint
    version: int


@dataclass(frozen=True)
class QuestionRecord:
    """A stored question with its lifecycle and the catalog-only tags."""

    entry: BankEntry
    tags: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.entry.question.id


@dataclass(frozen=True)
class BankVersionRecord:
    """What one publish added, changed and retired in a specialty's bank."""

    specialty_slug: str
    version: int
    active_question_count: int
    published_question_ids: tuple[str, ...]
    retired_question_ids: tuple[str, ...]
    published_at: datetime


@dataclass(frozen=True)
class StoredResponse:
    """The first response given under an ``Idempotency-Key``."""

    request_fingerprint: str
    status_code: int | None
    body: Any


class SpecialtyRepository(Protocol):
    async def get(self, slug: str, *, for_update: bool = False) -> SpecialtyRecord | None: ...

    async def find_all(self, *, status: SpecialtyStatus | None = None) -> list[SpecialtyRecord]:
        """Ordered by slug."""
        ...

    async def add(self, specialty: SpecialtyRecord) -> None: ...

    async def update(self, specialty: SpecialtyRecord) -> None: ...

    async def delete(self, slug: str) -> None:
        """Delete the specialty with its blueprints and questions."""
        ...

    async def live_ceilings(self) -> list[Money]:
        """The published rate ceilings of every live specialty on the platform."""
        ...


class BlueprintRepository(Protocol):
    async def of_specialty(self, slug: str) -> dict[BlueprintKind, BlueprintRecord]: ...

    async def save(self, slug: str, record: BlueprintRecord) -> None: ...


class QuestionRepository(Protocol):
    async def get(self, question_id: str, *, for_update: bool = False) -> QuestionRecord | None: ...

    async def by_ids(self, question_ids: Sequence[str]) -> dict[str, QuestionRecord]:
        """The stored ones among ``question_ids``, locked for update."""
        ...

    async def find_all(
        self,
        *,
        specialty_slug: str | None = None,
        status: QuestionStatus | None = None,
        for_update: bool = False,
    ) -> list[QuestionRecord]:
        """Ordered by id."""
        ...

    async def add(self, record: QuestionRecord) -> None: ...

    async def update(self, record: QuestionRecord) -> None: ...


class BankVersionRepository(Protocol):
    async def add(self, record: BankVersionRecord) -> None: ...


class IdempotencyKeyRepository(Protocol):
    async def claim(self, *, principal: str, key: str, request_fingerprint: str) -> bool:
        """Claim ``key`` for this transaction; False when it was already used (committed).

        A concurrent claim of the same key waits until the first transaction ends.
        """
        ...

    async def remember(self, *, principal: str, key: str, status_code: int, body: Any) -> None:
        """Store the response given under a key claimed in this transaction."""
        ...

    async def find(self, *, principal: str, key: str) -> StoredResponse | None: ...


class CatalogUnitOfWork(Transaction, Protocol):
    """One transaction over the catalog's tables and the events it causes."""

    specialties: SpecialtyRepository
    blueprints: BlueprintRepository
    questions: QuestionRepository
    bank_versions: BankVersionRepository
    idempotency_keys: IdempotencyKeyRepository
