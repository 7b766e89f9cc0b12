"""In-memory repositories and unit of work for the catalog's use cases (no database, no broker).

Repositories keep committed state in a shared :class:`CatalogStore` and stage writes until the
unit of work commits, so a use case that raises leaves the store as it was, as a rolled back
transaction would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from jobpeak_catalog.application.ports import (
    BankVersionRecord,
    BankVersionRepository,
    BlueprintRecord,
    BlueprintRepository,
    IdempotencyKeyRepository,
    QuestionRecord,
    QuestionRepository,
    SpecialtyRecord,
    SpecialtyRepository,
    StoredResponse,
)
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.blueprint import BlueprintKind
from jobpeak_catalog.domain.specialty import SpecialtyStatus
from jobpeak_contracts.money import Money
from jobpeak_runtime.fakes import FakeUnitOfWork


@dataclass
class CatalogStore:
    """What a database would hold; copied on open, replaced on commit."""

    specialties: dict[str, SpecialtyRecord] = field(default_factory=dict)
    blueprints: dict[tuple[str, BlueprintKind], BlueprintRecord] = field(default_factory=dict)
    questions: dict[str, QuestionRecord] = field(default_factory=dict)
    bank_versions: list[BankVersionRecord] = field(default_factory=list)
    idempotency_keys: dict[tuple[str, str], StoredResponse] = field(default_factory=dict)

    def replace_with(self, other: CatalogStore) -> None:
        copied = other.copy()
        self.specialties = copied.specialties
        self.blueprints = copied.blueprints
        self.questions = copied.questions
        self.bank_versions = copied.bank_versions
        self.idempotency_keys = copied.idempotency_keys

    def copy(self) -> CatalogStore:
        return CatalogStore(
            specialties=dict(self.specialties),
            blueprints=dict(self.blueprints),
            questions=dict(self.questions),
            bank_versions=list(self.bank_versions),
            idempotency_keys=dict(self.idempotency_keys),
        )


class FakeSpecialtyRepository:
    def __init__(self, store: CatalogStore) -> None:
        self.store = store

    async def get(self, slug: str, *, for_update: bool = False) -> SpecialtyRecord | None:
        return self.store.specialties.get(slug)

    async def find_all(self, *, status: SpecialtyStatus | None = None) -> list[SpecialtyRecord]:
        return [
            record
            for _, record in sorted(self.store.specialties.items())
            if status is None or record.status is status
        ]

    async def add(self, specialty: SpecialtyRecord) -> None:
        assert specialty.slug not in self.store.specialties, "primary key violated"
        self.store.specialties[specialty.slug] = specialty

    async def update(self, specialty: SpecialtyRecord) -> None:
        assert specialty.slug in self.store.specialties, "no such row"
        self.store.specialties[specialty.slug] = specialty

    async def delete(self, slug: str) -> None:
        del self.store.specialties[slug]
        for key in [key for key in self.store.blueprints if key[0] == slug]:
            del self.store.blueprints[key]
        for question_id, record in list(self.store.questions.items()):
            if record.entry.question.specialty == slug:
                del self.store.questions[question_id]

    async def live_ceilings(self) -> list[Money]:
        return [
            record.live_ceiling
            for record in self.store.specialties.values()
            if record.live_ceiling is not None
        ]


class FakeBlueprintRepository:
    def __init__(self, store: CatalogStore) -> None:
        self.store = store

    async def of_specialty(self, slug: str) -> dict[BlueprintKind, BlueprintRecord]:
        return {
            kind: record for (owner, kind), record in self.store.blueprints.items() if owner == slug
        }

    async def save(self, slug: str, record: BlueprintRecord) -> None:
        assert slug in self.store.specialties, "foreign key violated"
        self.store.blueprints[(slug, record.blueprint.kind)] = record


class FakeQuestionRepository:
    def __init__(self, store: CatalogStore) -> None:
        self.store = store

    async def get(self, question_id: str, *, for_update: bool = False) -> QuestionRecord | None:
        return self.store.questions.get(question_id)

    async def by_ids(self, question_ids: Sequence[str]) -> dict[str, QuestionRecord]:
        return {
            qid: self.store.questions[qid] for qid in question_ids if qid in self.store.questions
        }

    async def find_all(
        self,
        *,
        specialty_slug: str | None = None,
        status: QuestionStatus | None = None,
        for_update: bool = False,
    ) -> list[QuestionRecord]:
        return [
            record
            for _, record in sorted(self.store.questions.items())
            if specialty_slug in (None, record.entry.question.specialty)
            and status in (None, record.entry.status)
        ]

    async def add(self, record: QuestionRecord) -> None:
        assert record.id not in self.store.questions, "primary key violated"
        assert record.entry.question.specialty in self.store.specialties, "foreign key violated"
        self.store.questions[record.id] = record

    async def update(self, record: QuestionRecord) -> None:
        assert record.id in self.store.questions, "no such row"
        self.store.questions[record.id] = record


class FakeBankVersionRepository:
    def __init__(self, store: CatalogStore) -> None:
        self.store = store

    async def add(self, record: BankVersionRecord) -> None:
        self.store.bank_versions.append(record)


class FakeIdempotencyKeyRepository:
    def __init__(self, store: CatalogStore) -> None:
        self.store = store

    async def claim(self, *, principal: str, key: str, request_fingerprint: str) -> bool:
        if (principal, key) in self.store.idempotency_keys:
            return False
        self.store.idempotency_keys[(principal, key)] = StoredResponse(
            request_fingerprint=request_fingerprint, status_code=None, body=None
        )
        return True

    async def remember(self, *, principal: str, key: str, status_code: int, body: Any) -> None:
        claimed = self.store.idempotency_keys[(principal, key)]
        self.store.idempotency_keys[(principal, key)] = StoredResponse(
            request_fingerprint=claimed.request_fingerprint, status_code=status_code, body=body
        )

    async def find(self, *, principal: str, key: str) -> StoredResponse | None:
        return self.store.idempotency_keys.get((principal, key))


class FakeCatalogUnitOfWork(FakeUnitOfWork):
    """Implements ``CatalogUnitOfWork`` over a :class:`CatalogStore` shared across units."""

    specialties: SpecialtyRepository
    blueprints: BlueprintRepository
    questions: QuestionRepository
    bank_versions: BankVersionRepository
    idempotency_keys: IdempotencyKeyRepository

    def __init__(self, store: CatalogStore | None = None) -> None:
        super().__init__()
        self.store = store if store is not None else CatalogStore()
        self._open_repositories(self.store.copy())

    def _open_repositories(self, working: CatalogStore) -> None:
        self._working = working
        self.specialties = FakeSpecialtyRepository(working)
        self.blueprints = FakeBlueprintRepository(working)
        self.questions = FakeQuestionRepository(working)
        self.bank_versions = FakeBankVersionRepository(working)
        self.idempotency_keys = FakeIdempotencyKeyRepository(working)

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self._open_repositories(self.store.copy())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await super().__aexit__(exc_type, exc, traceback)
        self._open_repositories(self.store.copy())

    async def commit(self) -> None:
        await super().commit()
        self.store.replace_with(self._working)

    async def rollback(self) -> None:
        await super().rollback()
        self._open_repositories(self.store.copy())
