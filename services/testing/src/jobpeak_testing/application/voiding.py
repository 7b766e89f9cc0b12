"""Voiding what a retired specialty can no longer deliver, so billing refunds it.

When a specialty is retired, every attempt in progress in it is voided, and so is every paid
entitlement not used yet; each gets an AttemptVoided (with the order to refund, if any).
"""

from __future__ import annotations

from datetime import datetime

from jobpeak_contracts.events import AttemptVoided, VoidReason
from jobpeak_runtime.logging import get_logger

from jobpeak_testing.application.ports import TestingUnitOfWork

_log = get_logger(__name__)


async def void_specialty(
    *, uow: TestingUnitOfWork, specialty_slug: str, reason: VoidReason, now: datetime
) -> int:
    """Void open attempts and unused entitlements of ``specialty_slug``; how many were."""
    store = uow.attempts
    open_attempts = await store.open_in_specialty(specialty_slug=specialty_slug)
    await store.void([attempt.attempt_id for attempt in open_attempts], at=now)
    for attempt in open_attempts:
        uow.emit(
            AttemptVoided(
                attempt_id=attempt.attempt_id,
                candidate_id=attempt.candidate_id,
                specialty_slug=specialty_slug,
                order_id=attempt.order_id,
                reason=reason,
                voided_at=now,
            ),
            subject=str(attempt.attempt_id),
        )
    unused = await uow.entitlements.void_unused(specialty_slug=specialty_slug, at=now)
    for entitlement in unused:
        uow.emit(
            AttemptVoided(
                attempt_id=None,
                candidate_id=entitlement.candidate_id,
                specialty_slug=specialty_slug,
                order_id=entitlement.order_id,
                reason=reason,
                voided_at=now,
            ),
            subject=str(entitlement.order_id),
        )
    voided = len(open_attempts) + len(unused)
    if voided:
        _log.info(
            "voided undeliverable attempts",
            specialty_slug=specialty_slug,
            reason=reason.value,
            attempts=len(open_attempts),
            entitlements=len(unused),
        )
    return voided
