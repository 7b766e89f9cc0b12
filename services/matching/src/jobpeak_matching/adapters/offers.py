"""Offers: reads and writes of :class:`Offer`, with the specialty each belongs to."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from jobpeak_runtime.repositories import SqlRepository
from sqlalchemy import (
    ARRAY,
    RowMapping,
    String,
    Uuid,
    and_,
    any_,
    func,
    literal,
    or_,
    select,
    update,
)

from jobpeak_matching.adapters.tables import offers
from jobpeak_matching.domain.offers import Offer, OffersMade, OfferStatus

LIVE_STATUSES = (OfferStatus.OFFERED.value, OfferStatus.ACCEPTED.value)
"""Statuses an offer may be live in: the live-offer indexes cover these rows only."""


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

    async def made_for(
        self, *, work_ids: Collection[UUID], candidate_ids: Collection[str], now: datetime
    ) -> OffersMade:
        """Seats held as a count per work; pairs and live offers only of these candidates.

        Two statements whatever the number of offers out: the seat count reads the live-offer
        index, the pairs the candidates' rows, so a round costs what it plans over, not every
        offer ever made of its works.
        """
        works = literal(list(work_ids), ARRAY(Uuid))
        live = or_(
            offers.c.status == OfferStatus.ACCEPTED.value,
            and_(offers.c.status == OfferStatus.OFFERED.value, offers.c.expires_at > now),
        )
        held_rows = await self._session.execute(
            select(offers.c.work_id, func.count())
            .where(offers.c.work_id == any_(works), offers.c.status.in_(LIVE_STATUSES), live)
            .group_by(offers.c.work_id)
        )
        held: dict[UUID, int] = dict(held_rows.all())
        if not candidate_ids:
            return OffersMade(held=held)
        pair_rows = await self._session.execute(
            select(offers.c.candidate_id, offers.c.work_id, live).where(
                offers.c.candidate_id == any_(literal(list(candidate_ids), ARRAY(String))),
                or_(offers.c.work_id == any_(works), offers.c.status.in_(LIVE_STATUSES)),
            )
        )
        engaged: set[str] = set()
        offered_before: defaultdict[str, set[UUID]] = defaultdict(set)
        wanted = set(work_ids)
        for candidate_id, work_id, is_live in pair_rows:
            if is_live:
                engaged.add(candidate_id)
            if work_id in wanted:
                offered_before[candidate_id].add(work_id)
        return OffersMade(
            held=held,
            engaged=frozenset(engaged),
            offered_before={key: frozenset(seen) for key, seen in offered_before.items()},
        )

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
