"""Use cases that curate single questions, checked on the in-memory catalog."""

from __future__ import annotations

import pytest
from jobpeak_catalog.application.errors import Conflict, NotFound
from jobpeak_catalog.application.questions import (
    create_question,
    set_question_status,
    update_question,
)
from jobpeak_catalog.application.specialties import update_specialty
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.problems import InvalidInput
from jobpeak_catalog.domain.seed import BankFileEntry, SeedBundle
from jobpeak_catalog.domain.specialty import SpecialtyProfile

from services.catalog.tests.conftest import QuestionFactory
from services.catalog.tests.unit.fakes import FakeCatalogUnitOfWork
from services.catalog.tests.unit.journeys import seeded

pytestmark = pytest.mark.unit


async def test_an_admin_adds_a_question_that_fits_its_specialty_once(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle, make_question: QuestionFactory
) -> None:
    await seeded(uow, writing)
    question = make_question(
        "tw-new-001", specialty="technical-writing", topic="clarity", language=None
    )
    misfit = make_question("tw-new-002", specialty="technical-writing", topic="debugging")

    async with uow:
        await create_question(uow=uow, entry=BankFileEntry(question=question, tags=("new",)))
        await uow.commit()
    async with uow:
        with pytest.raises(Conflict):
            await create_question(uow=uow, entry=BankFileEntry(question=question))
    async with uow:
        with pytest.raises(InvalidInput) as refused:
            await create_question(uow=uow, entry=BankFileEntry(question=misfit))

    stored = uow.store.questions["tw-new-001"]
    assert (stored.entry.status, stored.tags) == (QuestionStatus.ACTIVE, ("new",))
    assert {problem.field for problem in refused.value.problems} == {"topic", "language"}
    assert "tw-new-002" not in uow.store.questions


async def test_an_edited_question_needs_a_higher_version(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    await seeded(uow, writing)
    original = writing.questions[0].question
    edited = original.model_copy(update={"stem": original.stem + " (edited)"})

    async with uow:
        with pytest.raises(InvalidInput) as refused:
            await update_question(
                uow=uow, question_id=original.id, entry=BankFileEntry(question=edited)
            )
    async with uow:
        bumped = edited.model_copy(update={"version": original.version + 1})
        changed = await update_question(
            uow=uow, question_id=original.id, entry=BankFileEntry(question=bumped)
        )
        await uow.commit()
    async with uow:
        with pytest.raises(NotFound):
            await update_question(
                uow=uow,
                question_id="tw-missing",
                entry=BankFileEntry(question=bumped.model_copy(update={"id": "tw-missing"})),
            )

    assert [problem.field for problem in refused.value.problems] == ["version"]
    assert changed
    assert uow.store.questions[original.id].entry.question.stem.endswith("(edited)")


async def test_a_retired_question_comes_back_only_while_it_still_fits(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    await seeded(uow, writing)
    question = next(e.question for e in writing.questions if e.question.topic == "grammar")
    async with uow:
        await set_question_status(uow=uow, question_id=question.id, status=QuestionStatus.RETIRED)
        await uow.commit()
    profile = writing.specialty.profile
    topics = profile.topics.model_dump()
    grammar_users = [e.question.id for e in writing.questions if e.question.topic == "grammar"]
    async with uow:
        for other in grammar_users[1:]:
            await set_question_status(uow=uow, question_id=other, status=QuestionStatus.RETIRED)
        topics["domain"] = [topic for topic in topics["domain"] if topic["id"] != "grammar"]
        without_grammar = SpecialtyProfile.model_validate(
            {**profile.model_dump(), "topics": topics}
        )
        await update_specialty(uow=uow, slug=profile.slug, profile=without_grammar)
        await uow.commit()

    async with uow:
        with pytest.raises(InvalidInput) as refused:
            await set_question_status(
                uow=uow, question_id=question.id, status=QuestionStatus.ACTIVE
            )

    assert uow.store.questions[question.id].entry.status is QuestionStatus.RETIRED
    assert [problem.field for problem in refused.value.problems] == ["topic"]
