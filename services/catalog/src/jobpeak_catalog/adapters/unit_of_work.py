"""The catalog's unit of work on PostgreSQL: one transaction, its repositories and its outbox."""

from __future__ import annotations

from jobpeak_runtime.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession

from jobpeak_catalog.adapters.repositories import (
    SqlBankVersionRepository,
    SqlBlueprintRepository,
    SqlIdempotencyKeyRepository,
    SqlQuestionRepository,
    SqlSpecialtyRepository,
)
from jobpeak_catalog.application.ports import (
    BankVersionRepository,
    BlueprintRepository,
    IdempotencyKeyRepository,
    QuestionRepository,
    SpecialtyRepository,
)


class SqlCatalogUnitOfWork(UnitOfWork):
    """Implements :class:`jobpeak_catalog.application.ports.CatalogUnitOfWork`."""

    specialties: SpecialtyRepository
    blueprints: BlueprintRepository
    questions: QuestionRepository
    bank_versions: BankVersionRepository
    idempotency_keys: IdempotencyKeyRepository

    def open_repositories(self, session: AsyncSession) -> None:
        self.specialties = SqlSpecialtyRepository(session)
        self.blueprints = SqlBlueprintRepository(session)
        self.questions = SqlQuestionRepository(session)
        self.bank_versions = SqlBankVersionRepository(session)
        self.idempotency_keys = SqlIdempotencyKeyRepository(session)
