"""A catalog published into the fake unit of work through the replica use cases."""

from __future__ import annotations

from typing import Any

from jobpeak_testing.application.catalog_replicas import replicate_question, replicate_specialty

from services.testing.tests.samples import (
    NOW,
    questions_published,
    specialty_published,
    whole_bank,
)
from services.testing.tests.unit.fakes import FakeTestingUnitOfWork


async def published(uow: FakeTestingUnitOfWork, **snapshot: Any) -> None:
    """The ``coding`` specialty (``specialty_published`` arguments), its certification bank and
    its practice pool."""
    async with uow:
        await replicate_specialty(uow=uow, event=specialty_published(**snapshot), now=NOW)
        for event in questions_published(whole_bank()):
            await replicate_question(uow=uow, event=event, now=NOW)
        await uow.commit()
