"""Matching's unit of work on PostgreSQL: one transaction, its repositories and its outbox rows."""

from __future__ import annotations

from jobpeak_runtime.uow import UnitOfWork, repository

from jobpeak_matching.adapters.locks import AdvisorySpecialtyLocks
from jobpeak_matching.adapters.offers import SqlOfferRepository
from jobpeak_matching.adapters.pool import SqlReviewerPool
from jobpeak_matching.adapters.specialties import SqlSpecialtyReplica
from jobpeak_matching.adapters.work import SqlWorkRepository


class SqlMatchingUnitOfWork(UnitOfWork):
    """Implements :class:`jobpeak_matching.application.ports.MatchingUnitOfWork`."""

    locks = repository(AdvisorySpecialtyLocks)
    specialties = repository(SqlSpecialtyReplica)
    pool = repository(SqlReviewerPool)
    offers = repository(SqlOfferRepository)
    work = repository(SqlWorkRepository)
