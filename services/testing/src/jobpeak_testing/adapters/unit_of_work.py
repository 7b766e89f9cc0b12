"""The testing service's SQL unit of work: one transaction and the repositories on it."""

from __future__ import annotations

from functools import partial

from jobpeak_runtime.uow import UnitOfWork, repository

from jobpeak_testing.adapters.attempts import SqlAttemptRepository
from jobpeak_testing.adapters.bank_cache import LiveBankCache
from jobpeak_testing.adapters.entitlements import SqlEntitlementRepository
from jobpeak_testing.adapters.exposure import SqlExposureRepository
from jobpeak_testing.adapters.replicas import SqlQuestionReplica, SqlSpecialtyReplica


class SqlTestingUnitOfWork(UnitOfWork):
    """Implements :class:`jobpeak_testing.application.ports.TestingUnitOfWork`."""

    attempts = repository(SqlAttemptRepository)
    entitlements = repository(SqlEntitlementRepository)
    specialties = repository(SqlSpecialtyReplica)
    questions = repository(SqlQuestionReplica)
    exposure = repository(SqlExposureRepository)

    @classmethod
    def with_bank_cache(cls, cache: LiveBankCache) -> type[SqlTestingUnitOfWork]:
        """This class with ``cache`` shared by all its units of work (one per app: the runtime
        makes units of work from the class alone)."""
        questions = repository(partial(SqlQuestionReplica, bank_cache=cache))
        return type(cls.__name__, (cls,), {"questions": questions})
