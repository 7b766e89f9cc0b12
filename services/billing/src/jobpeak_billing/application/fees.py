"""The fee replica: keeping billing's copy of what each certification costs up to date."""

from __future__ import annotations

from jobpeak_contracts.events.catalog import SpecialtyPublished, SpecialtyRetired
from jobpeak_runtime.clock import Clock

from jobpeak_billing.application.ports import BillingUnitOfWork
from jobpeak_billing.domain.fees import SpecialtyFee


async def replicate_fee(event: SpecialtyPublished, *, uow: BillingUnitOfWork, clock: Clock) -> None:
    """Keep the published fee unless a higher revision is already stored."""
    await uow.fees.publish(SpecialtyFee.from_published(event), at=clock())


async def stop_selling(event: SpecialtyRetired, *, uow: BillingUnitOfWork, clock: Clock) -> None:
    """Mark the specialty retired unless a higher revision is already stored."""
    await uow.fees.retire(event.specialty_slug, revision=event.revision, at=clock())
