"""The catalog's unit of work on PostgreSQL: one transaction, its repositories and its outbox."""

from __future__ import annotations

from jobpeak_runtime.uow import UnitOfWork, repository

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

    specialties: SpecialtyRepository = repository(SqlSpecialtyRepository)
    blueprints: BlueprintRepository = repository(SqlBlueprintRepository)
    questions: QuestionRepository = repository(SqlQuestionRepository)
    bank_versions: BankVersionRepository = repository(SqlBankVersionRepository)
    idempotency_keys: IdempotencyKeyRepository = repository(SqlIdempotencyKeyRepository)
