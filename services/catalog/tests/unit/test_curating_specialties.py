"""Use cases that curate specialties and blueprints, checked on the in-memory catalog."""

from __future__ import annotations

from typing import Any

import pytest
from jobpeak_catalog.adapters.bankfiles import read_bank
from jobpeak_catalog.application.errors import Conflict
from jobpeak_catalog.application.specialties import (
    create_specialty,
    delete_specialty,
    import_bank,
    put_blueprint,
    update_specialty,
)
from jobpeak_catalog.domain.blueprint import BlueprintKind
from jobpeak_catalog.domain.problems import InvalidInput
from jobpeak_catalog.domain.seed import SeedBundle
from jobpeak_catalog.domain.specialty import SpecialtyProfile, SpecialtyStatus

from services.catalog.tests.unit.fakes import FakeCatalogUnitOfWork
from services.catalog.tests.unit.journeys import published, seeded

pytestmark = pytest.mark.unit


def profile_with(profile: SpecialtyProfile, **changes: Any) -> SpecialtyProfile:
    return SpecialtyProfile.model_validate({**profile.model_dump(), **changes})


async def test_an_admin_creates_a_draft_specialty_once(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    profile = writing.specialty.profile
    async with uow:
        await create_specialty(uow=uow, profile=profile)
        await uow.commit()

    async with uow:
        with pytest.raises(Conflict) as clash:
            await create_specialty(uow=uow, profile=profile)

    stored = uow.store.specialties[profile.slug]
    assert (stored.status, stored.revision, stored.profile) == (SpecialtyStatus.DRAFT, 0, profile)
    assert clash.value.field == "slug"
    assert uow.emitted == []


async def test_new_facts_may_not_drop_a_topic_that_active_questions_use(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    await seeded(uow, writing)
    profile = writing.specialty.profile
    topics = profile.topics.model_dump()
    topics["domain"] = [topic for topic in topics["domain"] if topic["id"] != "grammar"]

    async with uow:
        with pytest.raises(InvalidInput) as refused:
            await update_specialty(
                uow=uow, slug=profile.slug, profile=profile_with(profile, topics=topics)
            )
    async with uow:
        renamed = profile_with(profile, name="Technical Writing (EU)")
        changed = await update_specialty(uow=uow, slug=profile.slug, profile=renamed)
        await uow.commit()

    assert [problem.field for problem in refused.value.problems] == ["topics.domain"]
    assert changed
    assert uow.store.specialties[profile.slug].profile.name == "Technical Writing (EU)"


async def test_a_draft_is_deleted_but_a_published_specialty_must_be_retired(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    slug = writing.specialty.slug
    await seeded(uow, writing)
    async with uow:
        await delete_specialty(uow=uow, slug=slug)
        await uow.commit()
    assert slug not in uow.store.specialties
    assert uow.store.questions == {}

    await seeded(uow, writing)
    await published(uow, slug)
    async with uow:
        with pytest.raises(Conflict) as refused:
            await delete_specialty(uow=uow, slug=slug)

    assert refused.value.field == "status"
    assert slug in uow.store.specialties


async def test_a_blueprint_version_goes_up_only_when_its_rules_change(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    slug = writing.specialty.slug
    await seeded(uow, writing)
    practice = writing.specialty.practice

    async with uow:
        same = await put_blueprint(uow=uow, slug=slug, blueprint=practice)
        stricter = practice.model_copy(update={"pass_mark": 0.9})
        changed = await put_blueprint(uow=uow, slug=slug, blueprint=stricter)
        await uow.commit()

    assert (same, changed) == (1, 2)
    assert uow.store.blueprints[(slug, BlueprintKind.PRACTICE)].blueprint.pass_mark == 0.9


async def test_a_bank_file_import_creates_then_updates_only_what_changed(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    slug = writing.specialty.slug
    async with uow:
        await create_specialty(uow=uow, profile=writing.specialty.profile)
        await uow.commit()
    text = (
        "questions:\n"
        "  - {id: tw-x-1, version: 1, specialty: technical-writing, section: domain,"
        " difficulty: easy, topic: grammar, format: true_false, stem: 'Its is possessive.',"
        " answer: true, explanation: 'It is.'}\n"
    )

    async with uow:
        first = await import_bank(uow=uow, slug=slug, bank=read_bank(text, source="a.yaml"))
        await uow.commit()
    async with uow:
        edited = text.replace("version: 1", "version: 2").replace("It is.", "Yes, it is.")
        second = await import_bank(uow=uow, slug=slug, bank=read_bank(edited, source="a.yaml"))
        await uow.commit()
    async with uow:
        unbumped = edited.replace("Yes, it is.", "Indeed.")
        with pytest.raises(InvalidInput) as refused:
            await import_bank(uow=uow, slug=slug, bank=read_bank(unbumped, source="a.yaml"))

    assert (first.created, second.updated) == (["tw-x-1"], ["tw-x-1"])
    assert refused.value.problems[0].field == "questions[0].version"
    assert uow.store.questions["tw-x-1"].entry.question.version == 2


async def test_importing_the_same_seed_twice_changes_nothing_the_second_time(
    uow: FakeCatalogUnitOfWork, writing: SeedBundle
) -> None:
    first = await seeded(uow, writing)
    again = await seeded(uow, writing)

    assert first.specialty_created
    assert len(first.questions.created) == len(writing.questions) == 16 + 12 + 2
    assert not again.specialty_created
    assert not again.profile_changed
    assert again.blueprint_versions == first.blueprint_versions
    assert len(again.questions.unchanged) == 16 + 12 + 2
    assert again.questions.created == again.questions.updated == []
