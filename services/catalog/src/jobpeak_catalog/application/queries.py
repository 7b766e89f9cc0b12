"""Read-side use cases: public pages from published snapshots, admin views from current rows."""

from __future__ import annotations

from collections import Counter

from jobpeak_contracts.questions import Difficulty, Section
from sqlalchemy.ext.asyncio import AsyncSession

from jobpeak_catalog.adapters.mapping import (
    bank_entry_from_row,
    blueprint_from_row,
    profile_from_row,
)
from jobpeak_catalog.adapters.repositories import CatalogRepository
from jobpeak_catalog.adapters.tables import BlueprintRow, QuestionRow, SpecialtyRow
from jobpeak_catalog.application import public_pages
from jobpeak_catalog.application.errors import NotFound
from jobpeak_catalog.application.views import (
    BlueprintView,
    QuestionAdminView,
    SpecialtyAdminView,
    SpecialtyPage,
    SpecialtySummary,
    StratumCount,
)
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.blueprint import BlueprintKind
from jobpeak_catalog.domain.ceiling import holds_highest_live_ceiling
from jobpeak_catalog.domain.publication import PublishedSnapshot
from jobpeak_catalog.domain.specialty import SpecialtyStatus


async def public_specialties(*, session: AsyncSession) -> list[SpecialtySummary]:
    repository = CatalogRepository(session)
    live_ceilings = await repository.live_ceilings()
    summaries = []
    for row in await repository.specialties(status=SpecialtyStatus.PUBLISHED):
        snapshot = _snapshot(row)
        summaries.append(
            public_pages.summary(
                snapshot,
                highest_live_ceiling=holds_highest_live_ceiling(
                    ceiling=snapshot.definition.rate_ceiling, live_ceilings=live_ceilings
                ),
                practice_available=True,
            )
        )
    return summaries


async def public_specialty(*, session: AsyncSession, slug: str) -> SpecialtyPage:
    """The page of a live specialty; drafts and retired ones are not found."""
    repository = CatalogRepository(session)
    row = await repository.specialty(slug)
    if row is None or row.status != SpecialtyStatus.PUBLISHED.value or row.published_at is None:
        raise NotFound("specialty", slug)
    snapshot = _snapshot(row)
    return public_pages.page(
        snapshot,
        highest_live_ceiling=holds_highest_live_ceiling(
            ceiling=snapshot.definition.rate_ceiling,
            live_ceilings=await repository.live_ceilings(),
        ),
        practice_available=True,
        published_at=row.published_at,
    )


async def admin_specialties(*, session: AsyncSession) -> list[SpecialtyAdminView]:
    repository = CatalogRepository(session)
    return [await _admin_view(repository, row) for row in await repository.specialties()]


async def admin_specialty(*, session: AsyncSession, slug: str) -> SpecialtyAdminView:
    repository = CatalogRepository(session)
    row = await repository.specialty(slug)
    if row is None:
        raise NotFound("specialty", slug)
    return await _admin_view(repository, row)


async def admin_question(*, session: AsyncSession, question_id: str) -> QuestionAdminView:
    row = await CatalogRepository(session).question(question_id)
    if row is None:
        raise NotFound("question", question_id)
    return question_view(row)


async def admin_questions(
    *, session: AsyncSession, specialty_slug: str | None, status: QuestionStatus | None
) -> list[QuestionAdminView]:
    rows = await CatalogRepository(session).questions(specialty_slug=specialty_slug, status=status)
    return [question_view(row) for row in rows]


def question_view(row: QuestionRow) -> QuestionAdminView:
    question = bank_entry_from_row(row)
    content = question.question.model_dump(exclude={"answer", "explanation"})
    return QuestionAdminView.model_validate(
        {
            **content,
            "options": content.get("options"),
            "tags": row.tags,
            "status": question.status,
            "published_version": row.published_version,
            "published_status": question.published_status,
        }
    )


async def _admin_view(repository: CatalogRepository, row: SpecialtyRow) -> SpecialtyAdminView:
    blueprints = await repository.blueprints(row.slug)
    entries = [bank_entry_from_row(q) for q in await repository.questions(specialty_slug=row.slug)]
    active = Counter(
        (entry.question.section, entry.question.difficulty)
        for entry in entries
        if entry.status is QuestionStatus.ACTIVE
    )
    strata: list[tuple[Section, Difficulty | None]] = [
        *((Section.DOMAIN, difficulty) for difficulty in Difficulty),
        (Section.BEHAVIOURAL, None),
    ]
    return SpecialtyAdminView.model_validate(
        {
            **profile_from_row(row).model_dump(),
            "status": row.status,
            "revision": row.revision,
            "bank_version": row.bank_version,
            "practice": _blueprint_view(blueprints.get(BlueprintKind.PRACTICE)),
            "certification": _blueprint_view(blueprints.get(BlueprintKind.CERTIFICATION)),
            "active_questions": [
                StratumCount(
                    section=section, difficulty=difficulty, active=active[(section, difficulty)]
                )
                for section, difficulty in strata
            ],
            "retired_question_count": sum(
                1 for entry in entries if entry.status is QuestionStatus.RETIRED
            ),
            "unpublished_question_changes": sum(1 for entry in entries if entry.needs_publishing),
            "published_at": row.published_at,
            "retired_at": row.retired_at,
        }
    )


def _blueprint_view(row: BlueprintRow | None) -> BlueprintView | None:
    if row is None:
        return None
    return BlueprintView.model_validate(
        {**blueprint_from_row(row).model_dump(), "version": row.version}
    )


def _snapshot(row: SpecialtyRow) -> PublishedSnapshot:
    if row.published_snapshot is None:
        raise NotFound("specialty", row.slug)
    return PublishedSnapshot.model_validate(row.published_snapshot)
