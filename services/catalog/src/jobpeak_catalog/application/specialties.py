"""Writing specialties and their blueprints, and importing whole seed directories or bank files."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from jobpeak_contracts.questions import Question, Section
from jobpeak_runtime.uow import UnitOfWork

from jobpeak_catalog.adapters.mapping import (
    apply_blueprint,
    apply_profile,
    blueprint_from_row,
    new_specialty_row,
    profile_from_row,
    question_from_row,
)
from jobpeak_catalog.adapters.repositories import CatalogRepository
from jobpeak_catalog.adapters.tables import BlueprintRow, SpecialtyRow
from jobpeak_catalog.application.errors import Conflict, NotFound
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


async def create_specialty(*, uow: UnitOfWork, profile: SpecialtyProfile) -> None:
    repository = CatalogRepository(uow.session)
    if await repository.specialty(profile.slug) is not None:
        raise Conflict(field="slug", message=f"a specialty {profile.slug!r} already exists")
    repository.add(new_specialty_row(profile))
    await repository.flush()


async def update_specialty(*, uow: UnitOfWork, slug: str, profile: SpecialtyProfile) -> bool:
    """Replace a specialty's facts; returns whether anything changed. Public after a publish."""
    if profile.slug != slug:
        raise InvalidInput(
            [Problem(field="slug", message=f"is {profile.slug!r}, the path says {slug!r}")]
        )
    repository = CatalogRepository(uow.session)
    row = await _specialty(repository, slug)
    active = [
        question_from_row(question)
        for question in await repository.questions(
            specialty_slug=slug, status=QuestionStatus.ACTIVE
        )
    ]
    return _apply_profile(row, profile, active_questions=active)


async def delete_specialty(*, uow: UnitOfWork, slug: str) -> None:
    """Delete a draft that was never published; published ones are retired instead."""
    repository = CatalogRepository(uow.session)
    row = await _specialty(repository, slug)
    if row.revision > 0:
        raise Conflict(field="status", message=f"{slug!r} has been published; retire it instead")
    await uow.session.delete(row)
    await repository.flush()


async def put_blueprint(*, uow: UnitOfWork, slug: str, blueprint: Blueprint) -> int:
    """Create or replace one blueprint; its version goes up when its rules change."""
    repository = CatalogRepository(uow.session)
    await _specialty(repository, slug)
    existing = (await repository.blueprints(slug)).get(blueprint.kind)
    version = _apply_blueprint(repository, slug, existing, blueprint)
    await repository.flush()
    return version


async def import_bank(*, uow: UnitOfWork, slug: str, bank: BankRead) -> QuestionWrites:
    """Create or update the questions of one bank file of specialty ``slug``, all or none."""
    repository = CatalogRepository(uow.session)
    profile = profile_from_row(await _specialty(repository, slug))
    return await write_questions(
        repository=repository,
        profile=profile,
        entries=bank.entries,
        known_problems=bank.problems,
    )


async def import_seed(*, uow: UnitOfWork, bundle: SeedBundle) -> ImportReport:
    """Create or update a specialty, both blueprints and its questions from a seed directory."""
    definition = bundle.specialty
    repository = CatalogRepository(uow.session)
    report = ImportReport(specialty=definition.slug)
    row = await repository.specialty(definition.slug, for_update=True)
    if row is None:
        repository.add(new_specialty_row(definition.profile))
        report.specialty_created = True
        existing_blueprints: dict[BlueprintKind, BlueprintRow] = {}
    else:
        incoming = {entry.question.id for entry in bundle.questions}
        untouched_active = [
            question_from_row(question)
            for question in await repository.questions(
                specialty_slug=definition.slug, status=QuestionStatus.ACTIVE
            )
            if question.id not in incoming
        ]
        report.profile_changed = _apply_profile(
            row, definition.profile, active_questions=untouched_active
        )
        existing_blueprints = await repository.blueprints(definition.slug)
    await repository.flush()
    for blueprint in definition.blueprints:
        report.blueprint_versions[blueprint.kind] = _apply_blueprint(
            repository, definition.slug, existing_blueprints.get(blueprint.kind), blueprint
        )
    report.questions = await write_questions(
        repository=repository, profile=definition.profile, entries=bundle.questions
    )
    return report


def _apply_profile(
    row: SpecialtyRow, profile: SpecialtyProfile, *, active_questions: Iterable[Question]
) -> bool:
    problems = _orphaned_questions(profile, active_questions)
    if problems:
        raise InvalidInput(problems)
    if profile_from_row(row) == profile:
        return False
    apply_profile(row, profile)
    return True


def _apply_blueprint(
    repository: CatalogRepository,
    slug: str,
    existing: BlueprintRow | None,
    blueprint: Blueprint,
) -> int:
    if existing is None:
        row = BlueprintRow(specialty_slug=slug, version=1)
        apply_blueprint(row, blueprint)
        repository.add(row)
        return 1
    if blueprint_from_row(existing) != blueprint:
        apply_blueprint(existing, blueprint)
        existing.version += 1
    return existing.version


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


async def _specialty(repository: CatalogRepository, slug: str) -> SpecialtyRow:
    row = await repository.specialty(slug, for_update=True)
    if row is None:
        raise NotFound("specialty", slug)
    return row
