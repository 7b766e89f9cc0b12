"""Matching's unit of work on PostgreSQL: one transaction, its repositories and its outbox rows."""

from __future__ import annotations

from jobpeak_runtime.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession

from jobpeak_matching.adapters.locks import AdvisorySpecialtyLocks
from jobpeak_matching.adapters.offers import SqlOfferRepository
from jobpeak_matching.adapters.pool import SqlReviewerPool
from jobpeak_matching.adapters.specialties import SqlSpecialtyReplica
from jobpeak_matching.adapters.work import SqlWorkRepository


class SqlMatchingUnitOfWork(UnitOfWork):
    """Implements :class:`jobpeak_matching.application.ports.MatchingUnitOfWork`."""

    locks: AdvisorySpecialtyLocks
    specialties: SqlSpecialtyReplica
    pool: SqlReviewerPool
    offers: SqlOfferRepository
    work: SqlWorkRepository

    def open_repositories(self, session: AsyncSession) -> None:
        self.locks = AdvisorySpecialtyLocks(session)
        self.specialties = SqlSpecialtyReplica(session)
        self.pool = SqlReviewerPool(session)
        self.offers = SqlOfferRepository(session)
        self.work = SqlWorkRepository(session)
