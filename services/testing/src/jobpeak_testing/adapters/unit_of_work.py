"""The testing service's SQL unit of work: one transaction and the repositories on it."""

from __future__ import annotations

from typing import ClassVar

from jobpeak_runtime.uow import UnitOfWork, repository
from sqlalchemy.ext.asyncio import AsyncSession

from jobpeak_testing.adapters.attempts import SqlAttemptRepository
from jobpeak_testing.adapters.bank_cache import LiveBankCache
from jobpeak_testing.adapters.driver import DriverStatements
from jobpeak_testing.adapters.entitlements import SqlEntitlementRepository
from jobpeak_testing.adapters.exposure import SqlExposureRepository
from jobpeak_testing.adapters.replica_statements import StartReads
from jobpeak_testing.adapters.replicas import SqlQuestionReplica, SqlSpecialtyReplica


class SqlTestingUnitOfWork(UnitOfWork):
    """Implements :class:`jobpeak_testing.application.ports.TestingUnitOfWork`."""

    entitlements = repository(SqlEntitlementRepository)
    exposure = repository(SqlExposureRepository)
    attempts: SqlAttemptRepository
    specialties: SqlSpecialtyReplica
    questions: SqlQuestionReplica
    bank_cache: ClassVar[LiveBankCache | None] = None

    @classmethod
    def with_bank_cache(cls, cache: LiveBankCache) -> type[SqlTestingUnitOfWork]:
        """This class with ``cache`` shared by all its units of work (one per app: the runtime
        makes units of work from the class alone)."""
        return type(cls.__name__, (cls,), {"bank_cache": cache})

    def open_repositories(self, session: AsyncSession) -> None:
        """The declared repositories, then the three an attempt start reads through: they share
        the bank cache, one :class:`StartReads` (the start's reads made in one statement) and one
        :class:`DriverStatements` (the transaction's driver connection, looked up once)."""
        super().open_repositories(session)
        cache = self.bank_cache
        reads, driver = StartReads(), DriverStatements(session)
        self.attempts = SqlAttemptRepository(session, bank_cache=cache, reads=reads, driver=driver)
        self.specialties = SqlSpecialtyReplica(
            session,
            snapshots=None if cache is None else cache.snapshots,
            reads=reads,
            driver=driver,
        )
        self.questions = SqlQuestionReplica(session, bank_cache=cache, reads=reads, driver=driver)
