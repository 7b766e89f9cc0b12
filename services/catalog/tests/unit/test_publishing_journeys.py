"""Publishing and retiring specialties, checked on the in-memory catalog and its outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jobpeak_catalog.application.errors import Conflict
from jobpeak_catalog.application.publishing import retire_specialty
from jobpeak_catalog.application.questions import create_question, set_question_status
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.publication import PublishRefused
from jobpeak_catalog.domain.seed import BankFileEntry, SeedBundle
from jobpeak_catalog.domain.specialty import SpecialtyStatus
from jobpeak_contracts.events.catalog import (
    QuestionPublished,
    QuestionRetired,
    SpecialtyPublished,
    SpecialtyRetired,
)

from services.catalog.tests.unit.fakes import FakeCatalogUnitOfWork
from services.catalog.tests.unit.journeys import NOW, published, seeded

pytestmark = pytest.mark.unit


async def test_publishing_a_seeded_specialty_announces_it_and_every_question(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    slug = writing.specialty.slug
    await seeded(uow, writing)

    outcome = await published(uow, slug)

    [announced] = uow.emitted_of(SpecialtyPublished)
    assert isinstance(announced, SpecialtyPublished)
    assert (announced.revision, announced.bank_version, announced.bank_question_count) == (1, 1, 16)
    assert len(uow.emitted_of(QuestionPublished)) == 16 + 12  # both pools, never the reserve
    assert outcome.specialty_published
    stored = uow.store.specialties[slug]
    assert (stored.status, stored.revision, stored.published_at) == (
        SpecialtyStatus.PUBLISHED,
        1,
        NOW,
    )
    assert stored.live_ceiling == writing.specialty.rate_ceiling
    assert [version.version for version in uow.store.bank_versions] == [1]


async def test_publishing_again_without_changes_sends_nothing(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    await seeded(uow, writing)
    await published(uow, writing.specialty.slug)
    sent = len(uow.emitted)

    again = await published(uow, writing.specialty.slug, now=NOW + timedelta(hours=1))

    assert not again.specialty_published
    assert (again.revision, again.bank_version) == (1, 1)
    assert len(uow.emitted) == sent


async def test_a_replaced_question_goes_out_with_the_next_publish(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    slug = writing.specialty.slug
    await seeded(uow, writing)
    await published(uow, slug)
    old = writing.questions[0].question
    new = old.model_copy(update={"id": "tw-replacement-001"})
    async with uow:
        await set_question_status(uow=uow, question_id=old.id, status=QuestionStatus.RETIRED)
        await create_question(uow=uow, entry=BankFileEntry(question=new))
        await uow.commit()

    outcome = await published(uow, slug, now=NOW + timedelta(hours=1))

    assert outcome.retired_question_ids == (old.id,)
    assert outcome.published_question_ids == (new.id,)
    [retired] = uow.emitted_of(QuestionRetired)
    assert isinstance(retired, QuestionRetired)
    assert (retired.question_id, retired.bank_version) == (old.id, 2)
    assert (outcome.revision, outcome.bank_version) == (2, 2)
    assert uow.store.questions[old.id].entry.published_status is QuestionStatus.RETIRED


async def test_an_unfillable_specialty_is_refused_and_nothing_is_written(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    slug = writing.specialty.slug
    await seeded(uow, SeedBundle(specialty=writing.specialty, questions=writing.questions[:3]))

    with pytest.raises(PublishRefused) as refused:
        await published(uow, slug)

    assert all("needs" in problem.message for problem in refused.value.problems)
    assert uow.emitted == []
    assert uow.store.specialties[slug].status is SpecialtyStatus.DRAFT


async def test_retiring_a_live_specialty_announces_it_once(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    slug = writing.specialty.slug
    await seeded(uow, writing)
    await published(uow, slug)

    async with uow:
        revision = await retire_specialty(uow=uow, slug=slug, now=NOW + timedelta(days=1))
        await uow.commit()
    async with uow:
        with pytest.raises(Conflict):
            await retire_specialty(uow=uow, slug=slug, now=NOW + timedelta(days=2))

    [retired] = uow.emitted_of(SpecialtyRetired)
    assert isinstance(retired, SpecialtyRetired)
    assert retired.revision == revision == 2
    stored = uow.store.specialties[slug]
    assert (stored.status, stored.live_ceiling) == (SpecialtyStatus.RETIRED, None)
