"""The fee replica's reads and writes: the runtime's "newer revision wins" rule, retirements
included (a record older than the stored one changes nothing)."""

from __future__ import annotations

from datetime import datetime

from jobpeak_contracts.money import Money
from jobpeak_runtime.replicas import ReplicaRepository

from jobpeak_billing.adapters.tables import specialty_fees
from jobpeak_billing.domain.fees import SpecialtyFee


class SqlFeeReplica(ReplicaRepository):
    table = specialty_fees
    key = ("specialty_slug",)

    async def get(self, specialty_slug: str) -> SpecialtyFee | None:
        values = await self._row(specialty_slug)
        if values is None:
            return None
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
        return await self._store_if_newer(values)

    async def retire(self, specialty_slug: str, *, revision: int, at: datetime) -> bool:
        """Mark the specialty retired at ``revision`` unless a higher revision is stored.

        A retirement seen before any snapshot still leaves a row, so an older snapshot
        delivered later cannot put the specialty back on sale.
        """
        return await self._retire_if_newer(
            specialty_slug,
            revision=revision,
            retired={"retired": True, "updated_at": at},
            tombstone={"name": specialty_slug, "certification_title": ""},
        )
