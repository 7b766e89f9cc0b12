"""Steps the use-case tests share: seed a specialty, publish it, each in its own unit of work."""

from __future__ import annotations

from datetime import UTC, datetime

from jobpeak_catalog.application.publishing import PublicationOutcome, publish_specialty
from jobpeak_catalog.application.specialties import ImportReport, import_seed
from jobpeak_catalog.domain.seed import SeedBundle

from services.catalog.tests.unit.fakes import FakeCatalogUnitOfWork

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


async def seeded(uow: FakeCatalogUnitOfWork, bundle: SeedBundle) -> ImportReport:
    async with uow:
        report = await import_seed(uow=uow, bundle=bundle)
        await uow.commit()
    return report


async def published(
    uow: FakeCatalogUnitOfWork, slug: str, *, now: datetime = NOW
) -> PublicationOutcome:
    async with uow:
        outcome = await publish_specialty(uow=uow, slug=slug, now=now)
        await uow.commit()
    return outcome
