"""The testing service's SQL unit of work: one transaction and the repositories on it."""

from __future__ import annotations

from jobpeak_runtime.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession

from jobpeak_testing.adapters.attempts import SqlAttemptRepository
from jobpeak_testing.adapters.entitlements import SqlEntitlementRepository
from jobpeak_testing.adapters.exposure import SqlExposureRepository
from jobpeak_testing.adapters.replicas import SqlQuestionReplica, SqlSpecialtyReplica


class SqlTestingUnitOfWork(UnitOfWork):
    """Implements :class:`jobpeak_testing.application.ports.TestingUnitOfWork`."""

    attempts: SqlAttemptRepository
    entitlements: SqlEntitlementRepository
    specialties: SqlSpecialtyReplica
    questions: SqlQuestionReplica
    exposure: SqlExposureRepository

    def open_repositories(self, session: AsyncSession) -> None:
        self.attempts = SqlAttemptRepository(session)
        self.entitlements = SqlEntitlementRepository(session)
        self.specialties = SqlSpecialtyReplica(session)
        self.questions = SqlQuestionReplica(session)
        self.exposure = SqlExposureRepository(session)
