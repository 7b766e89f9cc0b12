"""The specialty replica: the catalog's terms matching needs, newest revision wins."""

from __future__ import annotations

from datetime import datetime

from jobpeak_contracts.events.catalog import SpecialtyPublished
from jobpeak_runtime.replicas import ReplicaRepository
from sqlalchemy import RowMapping, select

from jobpeak_matching.adapters.tables import specialties
from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.specialty import SpecialtyTerms


class SqlSpecialtyReplica(ReplicaRepository):
    table = specialties
    key = ("specialty_slug",)

    async def terms(self, specialty_slug: str) -> SpecialtyTerms | None:
        """The specialty's terms, or None while no snapshot of it was seen."""
        row = await self._row(specialty_slug)
        return None if row is None else _terms(row)

    async def slugs(self) -> list[str]:
        rows = await self._session.execute(
            select(specialties.c.specialty_slug).order_by(specialties.c.specialty_slug)
        )
        return list(rows.scalars())

    async def publish(self, event: SpecialtyPublished, *, at: datetime) -> bool:
        """Store the snapshot unless a newer revision is stored; True if it was stored."""
        return await self._store_if_newer(
            {
                "specialty_slug": event.specialty_slug,
                "revision": event.revision,
                "live": True,
                "ceiling_amount_minor": event.hourly_rate_ceiling.amount_minor,
                "ceiling_currency": event.hourly_rate_ceiling.currency,
                "languages": list(event.languages),
                "match_sla_days": event.match_sla_days,
                "updated_at": at,
            }
        )

    async def retire(self, specialty_slug: str, *, revision: int, at: datetime) -> bool:
        """Mark the specialty not live unless a newer revision is stored; True if it changed.

        A retirement seen before any snapshot still leaves a row (without terms), so an older
        snapshot delivered later cannot make the specialty live again.
        """
        return await self._retire_if_newer(
            specialty_slug, revision=revision, retired={"live": False, "updated_at": at}
        )


def _terms(values: RowMapping) -> SpecialtyTerms | None:
    if values["ceiling_amount_minor"] is None:
        return None
    return SpecialtyTerms(
        slug=values["specialty_slug"],
        live=values["live"],
        hourly_rate_ceiling=Money(values["ceiling_amount_minor"], values["ceiling_currency"]),
        languages=frozenset(values["languages"]),
        match_sla_days=values["match_sla_days"],
    )
