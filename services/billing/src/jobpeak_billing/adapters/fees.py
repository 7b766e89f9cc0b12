"""The fee replica's reads and writes: the runtime's "newer revision wins" rule, retirements
included (a record older than the stored one changes nothing)."""

from __future__ import annotations

from datetime import datetime

from jobpeak_contracts.money import Money
from jobpeak_runtime.replicas import keep_newer_revision, retire_at_revision
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobpeak_billing.adapters.tables import specialty_fees
from jobpeak_billing.domain.fees import SpecialtyFee


class SqlFeeReplica:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, specialty_slug: str) -> SpecialtyFee | None:
        row = (
            await self._session.execute(
                select(specialty_fees).where(specialty_fees.c.specialty_slug == specialty_slug)
            )
        ).first()
        if row is None:
            return None
        values = row._mapping
        fee = (
            Money(amount_minor=values["fee_amount_minor"], currency=values["fee_currency"])
            if values["fee_amount_minor"] is not None
            else None
        )
        return SpecialtyFee(
            specialty_slug=values["specialty_slug"],
            revision=values["revision"],
            name=values["name"],
            certification_title=values["certification_title"],
            fee=fee,
            retired=values["retired"],
        )

    async def publish(self, entry: SpecialtyFee, *, at: datetime) -> bool:
        """Store ``entry`` unless a higher revision is stored; ``True`` if it was stored."""
        values = {
            "specialty_slug": entry.specialty_slug,
            "revision": entry.revision,
            "name": entry.name,
            "certification_title": entry.certification_title,
            "fee_amount_minor": entry.fee.amount_minor if entry.fee else None,
            "fee_currency": entry.fee.currency if entry.fee else None,
            "retired": entry.retired,
            "updated_at": at,
        }
        return await keep_newer_revision(
            self._session, specialty_fees, values=values, key=("specialty_slug",)
        )

    async def retire(self, specialty_slug: str, *, revision: int, at: datetime) -> bool:
        """Mark the specialty retired at ``revision`` unless a higher revision is stored.

        A retirement seen before any snapshot still leaves a row, so an older snapshot
        delivered later cannot put the specialty back on sale.
        """
        return await retire_at_revision(
            self._session,
            specialty_fees,
            key_values={"specialty_slug": specialty_slug},
            revision=revision,
            retired={"retired": True, "updated_at": at},
            tombstone={"name": specialty_slug, "certification_title": ""},
        )
