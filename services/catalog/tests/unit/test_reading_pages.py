"""The read side: public pages show only live specialties; admin views never show answer keys."""

from __future__ import annotations

import pytest
from jobpeak_catalog.application.errors import NotFound
from jobpeak_catalog.application.queries import (
    admin_question,
    admin_questions,
    admin_specialties,
    admin_specialty,
    public_specialties,
    public_specialty,
)
from jobpeak_catalog.application.questions import set_question_status
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.seed import SeedBundle
from jobpeak_contracts.questions import QuestionPool

from services.catalog.tests.unit.fakes import FakeCatalogUnitOfWork
from services.catalog.tests.unit.journeys import NOW, published, seeded

pytestmark = pytest.mark.unit


async def test_visitors_see_a_specialty_only_once_it_is_published(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    slug = writing.specialty.slug
    await seeded(uow, writing)
    async with uow:
        listed_as_draft = await public_specialties(uow=uow)
        with pytest.raises(NotFound):
            await public_specialty(uow=uow, slug=slug)

    await published(uow, slug)
    async with uow:
        listed = await public_specialties(uow=uow)
        page = await public_specialty(uow=uow, slug=slug)

    assert listed_as_draft == []
    assert [summary.slug for summary in listed] == [slug]
    assert listed[0].highest_live_ceiling
    assert (page.slug, page.published_at, page.bank_question_count) == (slug, NOW, 16)
    assert page.key_facts


async def test_the_admin_view_counts_the_bank_and_what_awaits_publishing(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    slug = writing.specialty.slug
    await seeded(uow, writing)
    await published(uow, slug)
    async with uow:
        retired_id = writing.questions[0].question.id
        await set_question_status(uow=uow, question_id=retired_id, status=QuestionStatus.RETIRED)
        await uow.commit()

    async with uow:
        view = await admin_specialty(uow=uow, slug=slug)
        every = await admin_specialties(uow=uow)
        with pytest.raises(NotFound):
            await admin_specialty(uow=uow, slug="no-such-specialty")

    assert every == [view]
    assert (view.revision, view.bank_version) == (1, 1)
    certification = [s for s in view.active_questions if s.pool is QuestionPool.CERTIFICATION]
    practice = [s for s in view.active_questions if s.pool is QuestionPool.PRACTICE]
    assert sum(stratum.active for stratum in certification) == 15
    assert sum(stratum.active for stratum in practice) == 12
    assert sum(stratum.reserve for stratum in view.active_questions) == 2
    assert view.retired_question_count == view.unpublished_question_changes == 1
    assert view.practice is not None
    assert view.practice.version == 1


async def test_admin_question_views_never_carry_the_answer_key(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    await seeded(uow, writing)
    question_id = writing.questions[0].question.id

    async with uow:
        one = await admin_question(uow=uow, question_id=question_id)
        retired = await admin_questions(
            uow=uow, specialty_slug=writing.specialty.slug, status=QuestionStatus.RETIRED
        )
        active = await admin_questions(uow=uow, specialty_slug=None, status=None)

    dumped = one.model_dump()
    assert "answer" not in dumped
    assert "explanation" not in dumped
    assert (one.id, one.status, one.tags) == (question_id, QuestionStatus.ACTIVE, ["possessives"])
    assert retired == []
    assert len(active) == 16 + 12 + 2
