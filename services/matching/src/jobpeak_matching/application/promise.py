"""The seven-day promise: record each breach once, and report how the pool has fared."""

from __future__ import annotations

from datetime import datetime

from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.ports import TransactionFactory

from jobpeak_matching.application import events
from jobpeak_matching.application.ports import MatchingUnitOfWork
from jobpeak_matching.domain.sla import (
    SlaReport,
    record_sla_breach,
    sla_breaches_to_record,
    sla_report,
)

_log = get_logger(__name__)


async def record_sla_breaches(
    *,
    uow_factory: TransactionFactory[MatchingUnitOfWork],
    now: datetime,
    batch_size: int = 500,
) -> int:
    """Record and announce every breach due at ``now``, a batch per transaction.

    The rows are locked while recorded and the update only applies to a reviewer without a
    recorded breach, so a breach is announced exactly once even with several processes running
    this periodic task at once.
    """
    recorded = 0
    while True:
        async with uow_factory() as uow:
            examined, in_batch = await _record_batch(uow=uow, now=now, batch_size=batch_size)
            await uow.commit()
        recorded += in_batch
        if examined < batch_size or in_batch == 0:
            break
    if recorded:
        _log.info("match SLA breaches recorded", breaches=recorded)
    return recorded


async def _record_batch(
    *, uow: MatchingUnitOfWork, now: datetime, batch_size: int
) -> tuple[int, int]:
    """How many reviewers were examined, and how many breaches were recorded."""
    candidates = await uow.pool.possibly_in_breach(now=now, limit=batch_size)
    recorded = 0
    for reviewer in sla_breaches_to_record(reviewers=candidates, now=now):
        transition = record_sla_breach(reviewer=reviewer, detected_at=now)
        if transition.changed and await uow.pool.record_breach(transition.value):
            uow.emit(events.sla_breached(transition.value), subject=reviewer.candidate_id)
            recorded += 1
    return len(candidates), recorded


async def promise_report(*, uow: MatchingUnitOfWork, now: datetime) -> SlaReport:
    return sla_report(reviewers=await uow.pool.everyone(), now=now)
