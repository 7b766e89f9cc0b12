"""Paid certification attempts: granted by PaymentCaptured, revoked by PaymentRefunded.

One row per billing order, so a capture seen twice (a redelivery, or billing announcing the same
order again under a new event id) grants once. A refund seen before its capture leaves a row
without ``granted_at``, which a later capture of the same order cannot turn into a grant.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from jobpeak_runtime.repositories import SqlRepository
from sqlalchemy import Row, and_, select, update
from sqlalchemy.dialects.postgresql import insert

from jobpeak_testing.adapters.tables import entitlements
from jobpeak_testing.domain.entitlement import Entitlement

_USABLE = and_(
    entitlements.c.granted_at.is_not(None),
    entitlements.c.revoked_at.is_(None),
    entitlements.c.voided_at.is_(None),
)


class SqlEntitlementRepository(SqlRepository):
    async def grant(
        self,
        *,
        order_id: UUID,
        candidate_id: str,
        specialty_slug: str,
        at: datetime,
        voided: bool = False,
    ) -> bool:
        """Record a captured payment; ``False`` when the order was already known."""
        granted = await self._session.scalar(
            insert(entitlements)
            .values(
                order_id=order_id,
                candidate_id=candidate_id,
                specialty_slug=specialty_slug,
                granted_at=at,
                voided_at=at if voided else None,
            )
            .on_conflict_do_nothing(index_elements=[entitlements.c.order_id])
            .returning(entitlements.c.order_id)
        )
        return granted is not None

    async def revoke(
        self, *, order_id: UUID, candidate_id: str, specialty_slug: str, at: datetime
    ) -> None:
        """Revoke an unused entitlement (a refund); a used one stays used."""
        statement = insert(entitlements).values(
            order_id=order_id,
            candidate_id=candidate_id,
            specialty_slug=specialty_slug,
            granted_at=None,
            revoked_at=at,
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[entitlements.c.order_id],
                set_={"revoked_at": statement.excluded.revoked_at},
                where=and_(
                    entitlements.c.consumed_at.is_(None), entitlements.c.revoked_at.is_(None)
                ),
            )
        )

    async def take(
        self, *, candidate_id: str, specialty_slug: str, attempt_id: UUID, at: datetime
    ) -> UUID | None:
        """Consume the oldest unused entitlement for a new attempt; its order id, or ``None``."""
        order_id: UUID | None = await self._session.scalar(
            select(entitlements.c.order_id)
            .where(
                entitlements.c.candidate_id == candidate_id,
                entitlements.c.specialty_slug == specialty_slug,
                entitlements.c.consumed_at.is_(None),
                _USABLE,
            )
            .order_by(entitlements.c.granted_at, entitlements.c.order_id)
            .limit(1)
            .with_for_update()
        )
        if order_id is None:
            return None
        await self._session.execute(
            update(entitlements)
            .where(entitlements.c.order_id == order_id)
            .values(consumed_at=at, consumed_by=attempt_id)
        )
        return order_id

    async def reuse(
        self, *, candidate_id: str, specialty_slug: str, attempt_id: UUID, at: datetime
    ) -> UUID | None:
        """The order that covers every attempt (a policy of one payment), or ``None``."""
        order_id: UUID | None = await self._session.scalar(
            select(entitlements.c.order_id)
            .where(
                entitlements.c.candidate_id == candidate_id,
                entitlements.c.specialty_slug == specialty_slug,
                _USABLE,
            )
            .order_by(entitlements.c.granted_at, entitlements.c.order_id)
            .limit(1)
            .with_for_update()
        )
        if order_id is not None:
            await self._session.execute(
                update(entitlements)
                .where(entitlements.c.order_id == order_id, entitlements.c.consumed_at.is_(None))
                .values(consumed_at=at, consumed_by=attempt_id)
            )
        return order_id

    async def void_unused(self, *, specialty_slug: str, at: datetime) -> list[Entitlement]:
        """Void every unused entitlement of a specialty that can no longer be delivered."""
        rows = await self._session.execute(
            update(entitlements)
            .where(
                entitlements.c.specialty_slug == specialty_slug,
                entitlements.c.consumed_at.is_(None),
                _USABLE,
            )
            .values(voided_at=at)
            .returning(*entitlements.c)
        )
        return [_entitlement(row) for row in rows]

    async def of_candidate(
        self, *, candidate_id: str, specialty_slug: str | None
    ) -> list[Entitlement]:
        query = select(entitlements).where(
            entitlements.c.candidate_id == candidate_id, entitlements.c.granted_at.is_not(None)
        )
        if specialty_slug is not None:
            query = query.where(entitlements.c.specialty_slug == specialty_slug)
        rows = await self._session.execute(query.order_by(entitlements.c.granted_at.desc()))
        return [_entitlement(row) for row in rows]


def _entitlement(row: Row[Any]) -> Entitlement:
    return Entitlement(**row._mapping)
