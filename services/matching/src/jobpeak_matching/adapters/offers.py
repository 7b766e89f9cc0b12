"""Offers: reads and writes of :class:`Offer`, with the specialty each belongs to."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from jobpeak_runtime.repositories import SqlRepository
from sqlalchemy import RowMapping, select, update

from jobpeak_matching.adapters.tables import offers
from jobpeak_matching.domain.offers import Offer, OfferStatus


class SqlOfferRepository(SqlRepository):
    async def get(self, offer_id: UUID, *, for_update: bool = False) -> Offer | None:
        statement = select(offers).where(offers.c.offer_id == offer_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).first()
        return None if row is None else offer_of(row._mapping)

    async def specialty_of(self, offer_id: UUID) -> str | None:
        slug: str | None = await self._session.scalar(
            select(offers.c.specialty_slug).where(offers.c.offer_id == offer_id)
        )
        return slug

    async def add(self, offer: Offer, *, specialty_slug: str) -> None:
        await self._session.execute(
            offers.insert().values(
                offer_id=offer.offer_id,
                work_id=offer.work_id,
                candidate_id=offer.candidate_id,
                specialty_slug=specialty_slug,
                offered_at=offer.offered_at,
                expires_at=offer.expires_at,
                status=offer.status.value,
                resolved_at=offer.resolved_at,
            )
        )

    async def save(self, offer: Offer) -> None:
        await self._session.execute(
            update(offers)
            .where(offers.c.offer_id == offer.offer_id)
            .values(status=offer.status.value, resolved_at=offer.resolved_at)
        )

    async def of_works(self, work_ids: Collection[UUID]) -> list[Offer]:
        """Every offer ever made of these works."""
        if not work_ids:
            return []
        rows = await self._session.execute(select(offers).where(offers.c.work_id.in_(work_ids)))
        return [offer_of(row._mapping) for row in rows]

    async def pending_in(self, specialty_slug: str, *, due_by: datetime) -> list[Offer]:
        """Pending offers of the specialty whose answer window closed by ``due_by``."""
        rows = await self._session.execute(
            select(offers).where(
                offers.c.specialty_slug == specialty_slug,
                offers.c.status == OfferStatus.OFFERED.value,
                offers.c.expires_at <= due_by,
            )
        )
        return [offer_of(row._mapping) for row in rows]

    async def of_candidate(self, candidate_id: str) -> list[Offer]:
        rows = await self._session.execute(
            select(offers)
            .where(offers.c.candidate_id == candidate_id)
            .order_by(offers.c.offered_at.desc(), offers.c.offer_id)
        )
        return [offer_of(row._mapping) for row in rows]


def offer_of(values: RowMapping) -> Offer:
    return Offer(
        offer_id=values["offer_id"],
        work_id=values["work_id"],
        candidate_id=values["candidate_id"],
        offered_at=values["offered_at"],
        expires_at=values["expires_at"],
        status=OfferStatus(values["status"]),
        resolved_at=values["resolved_at"],
    )
