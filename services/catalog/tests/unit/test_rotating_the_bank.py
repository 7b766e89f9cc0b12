"""Pools and the reserve: the folder decides, a question never changes pool, and a retired
certification item is replaced by a reserve item of its stratum under a new bank version."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jobpeak_catalog.adapters.bankfiles import parse_bank
from jobpeak_catalog.application.errors import Conflict
from jobpeak_catalog.application.questions import set_question_status, update_question
from jobpeak_catalog.application.rotation import replace_from_reserve
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.problems import InvalidInput
from jobpeak_catalog.domain.seed import BankFileEntry, BankFolder, SeedBundle
from jobpeak_contracts.events import QuestionPublished, QuestionRetired, SpecialtyPublished
from jobpeak_contracts.questions import QuestionPool

from services.catalog.tests.unit.fakes import FakeCatalogUnitOfWork
from services.catalog.tests.unit.journeys import NOW, published, seeded

pytestmark = pytest.mark.unit

LATER = NOW + timedelta(days=30)
PRACTICE_ENTRY = """questions:
  - id: tw-p-easy-900
    version: 1
    specialty: technical-writing
    section: domain
    difficulty: easy
    topic: grammar
    format: true_false
    stem: "A sentence may end with a preposition."
    answer: true
    explanation: "English allows it; the old rule comes from Latin."
"""


def test_the_folder_decides_the_pool_and_an_entry_cannot_contradict_it() -> None:
    [practice] = parse_bank(PRACTICE_ENTRY, source="p.yaml", folder=BankFolder.PRACTICE)
    [reserve] = parse_bank(PRACTICE_ENTRY, source="r.yaml", folder=BankFolder.RESERVE)
    with pytest.raises(InvalidInput) as refused:
        parse_bank(
            PRACTICE_ENTRY.replace("version: 1", "version: 1\n    pool: practice"),
            source="q.yaml",
        )

    assert (practice.question.pool, practice.initial_status) == (
        QuestionPool.PRACTICE,
        QuestionStatus.ACTIVE,
    )
    assert (reserve.question.pool, reserve.initial_status) == (
        QuestionPool.CERTIFICATION,
        QuestionStatus.RESERVE,
    )
    [problem] = refused.value.problems
    assert (problem.field, problem.source) == ("questions[0].pool", "q.yaml")
    assert "questions/ folder holds certification items" in problem.message


async def test_a_question_never_changes_pool(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    await seeded(uow, writing)
    certification = writing.questions[0].question
    moved = certification.model_copy(update={"pool": QuestionPool.PRACTICE, "version": 2})

    async with uow:
        with pytest.raises(InvalidInput) as refused:
            await update_question(
                uow=uow, question_id=certification.id, entry=BankFileEntry(question=moved)
            )

    [problem] = refused.value.problems
    assert problem.field == "pool"
    assert "never changes pool" in problem.message


async def test_reserve_items_are_never_published(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    await seeded(uow, writing)
    await published(uow, writing.specialty.slug)

    announced = [e for e in uow.emitted if isinstance(e, QuestionPublished)]
    sent = {event.question_id for event in announced}
    pools = {event.question.pool for event in announced}
    assert not {"tw-r-easy-001", "tw-r-beh-001"} & sent
    assert pools == {QuestionPool.CERTIFICATION, QuestionPool.PRACTICE}


async def test_a_reserve_item_cannot_be_restored_into_the_bank_by_hand(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    await seeded(uow, writing)

    async with uow:
        with pytest.raises(Conflict, match="replace"):
            await set_question_status(
                uow=uow, question_id="tw-r-easy-001", status=QuestionStatus.ACTIVE
            )


async def test_replacing_a_live_item_publishes_the_swap_under_a_new_bank_version(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    slug = writing.specialty.slug
    await seeded(uow, writing)
    await published(uow, slug)
    before = len(uow.emitted)

    async with uow:
        swap = await replace_from_reserve(
            uow=uow, question_id="tw-easy-001", replacement_id=None, now=LATER
        )
        await uow.commit()

    new = uow.emitted[before:]
    assert (swap.retired.id, swap.promoted.id, swap.bank_version, swap.published) == (
        "tw-easy-001",
        "tw-r-easy-001",
        2,
        True,
    )
    bank_events = [
        e for e in new if isinstance(e, QuestionPublished | QuestionRetired | SpecialtyPublished)
    ]
    assert [(type(e).__name__, e.bank_version) for e in bank_events] == [
        ("QuestionPublished", 2),
        ("QuestionRetired", 2),
        ("SpecialtyPublished", 2),
    ]
    assert len(bank_events) == len(new)
    [snapshot] = [e for e in new if isinstance(e, SpecialtyPublished)]
    assert snapshot.bank_question_count == 16  # the certification bank keeps its size
    [entered] = [e for e in new if isinstance(e, QuestionPublished)]
    assert entered.question.pool is QuestionPool.CERTIFICATION
    assert [e.question_id for e in new if isinstance(e, QuestionRetired)] == ["tw-easy-001"]
    assert swap.promoted.entry.published_status is QuestionStatus.ACTIVE


async def test_a_replacement_keeps_the_stratum_and_comes_from_the_reserve(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    await seeded(uow, writing)

    async def refused(question_id: str, replacement_id: str | None) -> str:
        async with uow:
            with pytest.raises(Conflict) as caught:
                await replace_from_reserve(
                    uow=uow, question_id=question_id, replacement_id=replacement_id, now=LATER
                )
        return caught.value.message

    assert "a replacement keeps the stratum" in await refused("tw-easy-001", "tw-r-beh-001")
    assert "not a reserve item" in await refused("tw-easy-001", "tw-easy-002")
    assert "only certification items rotate" in await refused("tw-p-easy-001", None)
    assert "reserve holds no domain/hard item" in await refused("tw-hard-001", None)


async def test_a_draft_specialty_swaps_without_publishing(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    await seeded(uow, writing)

    async with uow:
        swap = await replace_from_reserve(
            uow=uow, question_id="tw-beh-001", replacement_id="tw-r-beh-001", now=LATER
        )
        await uow.commit()

    assert (swap.published, swap.bank_version) == (False, 0)
    assert uow.store.questions["tw-beh-001"].entry.status is QuestionStatus.RETIRED
    assert uow.store.questions["tw-r-beh-001"].entry.status is QuestionStatus.ACTIVE
    assert uow.emitted == []
