"""Keeping the local replicas of the catalog: specialties and their question bank.

Both are fed by compacted topics that may be re-read or redelivered, so each write keeps the
newest version seen (see the adapters). Retiring a specialty voids what it can no longer deliver.
"""

from __future__ import annotations

from datetime import datetime

from jobpeak_contracts.events import (
    QuestionPublished,
    QuestionRetired,
    SpecialtyPublished,
    SpecialtyRetired,
    VoidReason,
)

from jobpeak_testing.application.ports import TestingUnitOfWork
from jobpeak_testing.application.voiding import void_specialty


async def replicate_specialty(
    *, uow: TestingUnitOfWork, event: SpecialtyPublished, now: datetime
) -> None:
    await uow.specialties.publish(event, at=now)


async def retire_specialty(
    *, uow: TestingUnitOfWork, event: SpecialtyRetired, now: datetime
) -> None:
    """Mark it retired and, unless a later revision was already seen, void its open work."""
    if await uow.specialties.retire(event, at=now):
        await void_specialty(
            uow=uow,
            specialty_slug=event.specialty_slug,
            reason=VoidReason.SPECIALTY_RETIRED,
            now=now,
        )


async def replicate_question(
    *, uow: TestingUnitOfWork, event: QuestionPublished, now: datetime
) -> None:
    await uow.questions.publish(event, at=now)


async def retire_question(*, uow: TestingUnitOfWork, event: QuestionRetired, now: datetime) -> None:
    await uow.questions.retire(event, at=now)
