"""Writing specialties and their blueprints, and importing whole seed directories or bank files."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from jobpeak_contracts.questions import Question, Section

from jobpeak_catalog.application.errors import Conflict, NotFound
from jobpeak_catalog.application.ports import BlueprintRecord, CatalogUnitOfWork, SpecialtyRecord
from jobpeak_catalog.application.questions import QuestionWrites, write_questions
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.blueprint import Blueprint, BlueprintKind
from jobpeak_catalog.domain.problems import InvalidInput, Problem
from jobpeak_catalog.domain.seed import BankRead, SeedBundle
from jobpeak_catalog.domain.specialty import SpecialtyProfile


@dataclass
class ImportReport:
    specialty: str
    specialty_created: bool = False
    profile_changed: bool = False
    blueprint_versions: dict[BlueprintKind, int] = field(default_factory=dict)
    questions: QuestionWrites = field(default_factory=QuestionWrites)


async def create_specialty(*, uow: CatalogUnitOfWork, profile: SpecialtyProfile) -> None:
    if await uow.specialties.get(profile.slug) is not None:
        raise Conflict(field="slug", message=f"a specialty {profile.slug!r} already exists")
    await uow.specialties.add(SpecialtyRecord(profile=profile))


async def update_specialty(*, uow: CatalogUnitOfWork, slug: str, profile: SpecialtyProfile) -> bool:
    """Replace a specialty's facts; returns whether anything changed. Public after a publish."""
    if profile.slug != slug:
        raise InvalidInput(
            [Problem(field="slug", message=f"is {profile.slug!r}, the path says {slug!r}")]
        )
    specialty = await _specialty(uow, slug)
    active = await uow.questions.find_all(specialty_slug=slug, status=QuestionStatus.ACTIVE)
    return await _apply_profile(
        uow, specialty, profile, active_questions=[q.entry.question for q in active]
    )


async def delete_specialty(*, uow: CatalogUnitOfWork, slug: str) -> None:
    """Delete a draft that was never published; published ones are retired instead."""
    specialty = await _specialty(uow, slug)
    if specialty.revision > 0:
        raise Conflict(field="status", message=f"{slug!r} has been published; retire it instead")
    await uow.specialties.delete(slug)


async def put_blueprint(*, uow: CatalogUnitOfWork, slug: str, blueprint: Blueprint) -> int:
    """Create or replace one blueprint; its version goes up when its rules change."""
    await _specialty(uow, slug)
    existing = (await uow.blueprints.of_specialty(slug)).get(blueprint.kind)
    return await _apply_blueprint(uow, slug, existing, blueprint)


async def import_bank(*, uow: CatalogUnitOfWork, slug: str, bank: BankRead) -> QuestionWrites:
    """Create or update the questions of one bank file of specialty ``slug``, all or none."""
    specialty = await _specialty(uow, slug)
    return await write_questions(
        uow=uow, profile=specialty.profile, entries=bank.entries, known_problems=bank.problems
    )


async def import_seed(*, uow: CatalogUnitOfWork, bundle: SeedBundle) -> ImportReport:
    """Create or update a specialty, both blueprints and its questions from a seed directory."""
    definition = bundle.specialty
    report = ImportReport(specialty=definition.slug)
    specialty = await uow.specialties.get(definition.slug, for_update=True)
    if specialty is None:
        await uow.specialties.add(SpecialtyRecord(profile=definition.profile))
        report.specialty_created = True
        existing_blueprints: dict[BlueprintKind, BlueprintRecord] = {}
    else:
        incoming = {entry.question.id for entry in bundle.questions}
        untouched_active = [
            stored.entry.question
            for stored in await uow.questions.find_all(
                specialty_slug=definition.slug, status=QuestionStatus.ACTIVE
            )
            if stored.id not in incoming
        ]
        report.profile_changed = await _apply_profile(
            uow, specialty, definition.profile, active_questions=untouched_active
        )
        existing_blueprints = await uow.blueprints.of_specialty(definition.slug)
    for blueprint in definition.blueprints:
        report.blueprint_versions[blueprint.kind] = await _apply_blueprint(
            uow, definition.slug, existing_blueprints.get(blueprint.kind), blueprint
        )
    report.questions = await write_questions(
        uow=uow, profile=definition.profile, entries=bundle.questions
    )
    return report


async def _apply_profile(
    uow: CatalogUnitOfWork,
    specialty: SpecialtyRecord,
    profile: SpecialtyProfile,
    *,
    active_questions: Iterable[Question],
) -> bool:
    problems = _orphaned_questions(profile, active_questions)
    if problems:
        raise InvalidInput(problems)
    if specialty.profile == profile:
        return False
    await uow.specialties.update(replace(specialty, profile=profile))
    return True


async def _apply_blueprint(
    uow: CatalogUnitOfWork, slug: str, existing: BlueprintRecord | None, blueprint: Blueprint
) -> int:
    if existing is None:
        version = 1
    elif existing.blueprint != blueprint:
        version = existing.version + 1
    else:
        return existing.version
    await uow.blueprints.save(slug, BlueprintRecord(blueprint=blueprint, version=version))
    return version


def _orphaned_questions(
    profile: SpecialtyProfile, active_questions: Iterable[Question]
) -> list[Problem]:
    """Topics and languages the new facts drop while active questions still use them."""
    topic_users: dict[tuple[Section, str], int] = defaultdict(int)
    language_users: dict[str, int] = defaultdict(int)
    for question in active_questions:
        topic_users[(question.section, question.topic)] += 1
        if question.language is not None:
            language_users[question.language] += 1
    problems = [
        Problem(
            field=f"topics.{section.value}",
            message=f"drops {topic!r}, still the topic of {count} active question(s)",
        )
        for (section, topic), count in sorted(topic_users.items())
        if topic not in profile.topics.ids_for(section)
    ]
    problems.extend(
        Problem(
            field="languages",
            message=f"drops {language!r}, still the language of {count} active question(s)",
        )
        for language, count in sorted(language_users.items())
        if language not in profile.language_ids
    )
    return problems


async def _specialty(uow: CatalogUnitOfWork, slug: str) -> SpecialtyRecord:
    specialty = await uow.specialties.get(slug, for_update=True)
    if specialty is None:
        raise NotFound("specialty", slug)
    return specialty
