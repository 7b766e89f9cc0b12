"""The seven-day promise: record each breach once, and report how the pool has fared."""

from __future__ import annotations

from datetime import datetime

from jobpeak_runtime.uow import UnitOfWork, UnitOfWorkFactory

from jobpeak_matching.application import announcements
from jobpeak_matching.domain.sla import (
    SlaReport,
    record_sla_breach,
    sla_breaches_to_record,
    sla_report,
)
from jobpeak_matching.persistence.pool import ReviewerPool


async def record_sla_breaches(
    *, uow_factory: UnitOfWorkFactory[UnitOfWork], now: datetime, batch_size: int
) -> int:
    """Record and announce every breach due at ``now``, a batch per transaction.

    The rows are locked while recorded and the update only applies to a reviewer without a
    recorded breach, so a breach is announced exactly once even with two schedulers.
    """
    recorded = 0
    while True:
        async with uow_factory() as uow:
            examined, in_batch = await _record_batch(uow=uow, now=now, batch_size=batch_size)
            await uow.commit()
        recorded += in_batch
        if examined < batch_size or in_batch == 0:
            return recorded


async def _record_batch(*, uow: UnitOfWork, now: datetime, batch_size: int) -> tuple[int, int]:
    """How many reviewers were examined, and how many breaches were recorded."""
    pool = ReviewerPool(uow.session)
    candidates = await pool.possibly_in_breach(now=now, limit=batch_size)
    recorded = 0
    for reviewer in sla_breaches_to_record(reviewers=candidates, now=now):
        transition = record_sla_breach(reviewer=reviewer, detected_at=now)
        if transition.changed and await pool.record_breach(transition.value):
            uow.emit(announcements.sla_breached(transition.value), subject=reviewer.candidate_id)
            recorded += 1
    return len(candidates), recorded


async def promise_report(*, uow: UnitOfWork, now: datetime) -> SlaReport:
    return sla_report(reviewers=await ReviewerPool(uow.session).everyone(), now=now)
