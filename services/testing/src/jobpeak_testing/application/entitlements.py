"""Paid certification attempts: granted on a captured payment, revoked on a refund, listed.

One entitlement per billing order, so a capture seen twice grants once. A payment captured for a
specialty already retired cannot be delivered: it is recorded voided and announced at once with
an AttemptVoided, so billing refunds it.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from jobpeak_contracts.events import AttemptVoided, VoidReason
from jobpeak_runtime.logging import get_logger

from jobpeak_testing.application.ports import TestingUnitOfWork
from jobpeak_testing.domain.entitlement import Entitlement

_log = get_logger(__name__)


async def grant_entitlement(
    *,
    uow: TestingUnitOfWork,
    order_id: UUID,
    candidate_id: str,
    specialty_slug: str,
    now: datetime,
) -> bool:
    """One certification attempt per captured order; whether it was new."""
    state = await uow.specialties.state(specialty_slug)
    retired = state is not None and state.retired
    granted = await uow.entitlements.grant(
        order_id=order_id,
        candidate_id=candidate_id,
        specialty_slug=specialty_slug,
        at=now,
        voided=retired,
    )
    if granted and retired:
        uow.emit(
            AttemptVoided(
                attempt_id=None,
                candidate_id=candidate_id,
                specialty_slug=specialty_slug,
                order_id=order_id,
                reason=VoidReason.SPECIALTY_RETIRED,
                voided_at=now,
            ),
            subject=str(order_id),
        )
    _log.info(
        "entitlement granted" if granted else "entitlement already known",
        order_id=str(order_id),
        candidate_id=candidate_id,
        specialty_slug=specialty_slug,
        voided=retired,
    )
    return granted


async def revoke_entitlement(
    *,
    uow: TestingUnitOfWork,
    order_id: UUID,
    candidate_id: str,
    specialty_slug: str,
    now: datetime,
) -> None:
    """A refunded order's attempt can no longer be started (a used one stays used)."""
    await uow.entitlements.revoke(
        order_id=order_id, candidate_id=candidate_id, specialty_slug=specialty_slug, at=now
    )


async def list_entitlements(
    *, uow: TestingUnitOfWork, candidate_id: str, specialty_slug: str | None
) -> list[Entitlement]:
    """The candidate's paid attempts, newest grant first."""
    return await uow.entitlements.of_candidate(
        candidate_id=candidate_id, specialty_slug=specialty_slug
    )
