"""Read-side use cases: public pages from published snapshots, admin views from current rows."""

from __future__ import annotations

from collections import Counter

from jobpeak_contracts.questions import Difficulty, QuestionPool, Section

from jobpeak_catalog.application import public_pages
from jobpeak_catalog.application.errors import NotFound
from jobpeak_catalog.application.ports import (
    BlueprintRecord,
    CatalogUnitOfWork,
    QuestionRecord,
    SpecialtyRecord,
)
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
from jobpeak_catalog.domain.feasibility import Stratum, stratum_of
from jobpeak_catalog.domain.publication import PublishedSnapshot
from jobpeak_catalog.domain.specialty import SpecialtyStatus


async def public_specialties(*, uow: CatalogUnitOfWork) -> list[SpecialtySummary]:
    live_ceilings = await uow.specialties.live_ceilings()
    summaries = []
    for specialty in await uow.specialties.find_all(status=SpecialtyStatus.PUBLISHED):
        snapshot = _snapshot(specialty)
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


async def public_specialty(*, uow: CatalogUnitOfWork, slug: str) -> SpecialtyPage:
    """The page of a live specialty; drafts and retired ones are not found."""
    specialty = await uow.specialties.get(slug)
    if (
        specialty is None
        or specialty.status is not SpecialtyStatus.PUBLISHED
        or specialty.published_at is None
    ):
        raise NotFound("specialty", slug)
    snapshot = _snapshot(specialty)
    return public_pages.page(
        snapshot,
        highest_live_ceiling=holds_highest_live_ceiling(
            ceiling=snapshot.definition.rate_ceiling,
            live_ceilings=await uow.specialties.live_ceilings(),
        ),
        practice_available=True,
        published_at=specialty.published_at,
    )


async def admin_specialties(*, uow: CatalogUnitOfWork) -> list[SpecialtyAdminView]:
    return [await _admin_view(uow, specialty) for specialty in await uow.specialties.find_all()]


async def admin_specialty(*, uow: CatalogUnitOfWork, slug: str) -> SpecialtyAdminView:
    specialty = await uow.specialties.get(slug)
    if specialty is None:
        raise NotFound("specialty", slug)
    return await _admin_view(uow, specialty)


async def admin_question(*, uow: CatalogUnitOfWork, question_id: str) -> QuestionAdminView:
    record = await uow.questions.get(question_id)
    if record is None:
        raise NotFound("question", question_id)
    return question_view(record)


async def admin_questions(
    *, uow: CatalogUnitOfWork, specialty_slug: str | None, status: QuestionStatus | None
) -> list[QuestionAdminView]:
    records = await uow.questions.find_all(specialty_slug=specialty_slug, status=status)
    return [question_view(record) for record in records]


def question_view(record: QuestionRecord) -> QuestionAdminView:
    entry = record.entry
    content = entry.question.model_dump(exclude={"answer", "explanation"})
    return QuestionAdminView.model_validate(
        {
            **content,
            "options": content.get("options"),
            "tags": list(record.tags),
            "status": entry.status,
            "published_version": entry.published_version,
            "published_status": entry.published_status,
        }
    )


async def _admin_view(uow: CatalogUnitOfWork, specialty: SpecialtyRecord) -> SpecialtyAdminView:
    blueprints = await uow.blueprints.of_specialty(specialty.slug)
    entries = [
        record.entry for record in await uow.questions.find_all(specialty_slug=specialty.slug)
    ]
    by_status = {
        status: Counter(stratum_of(entry.question) for entry in entries if entry.status is status)
        for status in (QuestionStatus.ACTIVE, QuestionStatus.RESERVE)
    }
    strata = [
        Stratum(section, difficulty, pool)
        for pool in QuestionPool
        for section, difficulty in (
            *((Section.DOMAIN, difficulty) for difficulty in Difficulty),
            (Section.BEHAVIOURAL, None),
        )
    ]
    return SpecialtyAdminView.model_validate(
        {
            **specialty.profile.model_dump(),
            "status": specialty.status,
            "revision": specialty.revision,
            "bank_version": specialty.bank_version,
            "practice": _blueprint_view(blueprints.get(BlueprintKind.PRACTICE)),
            "certification": _blueprint_view(blueprints.get(BlueprintKind.CERTIFICATION)),
            "active_questions": [
                StratumCount(
                    pool=stratum.pool,
                    section=stratum.section,
                    difficulty=stratum.difficulty,
                    active=by_status[QuestionStatus.ACTIVE][stratum],
                    reserve=by_status[QuestionStatus.RESERVE][stratum],
                )
                for stratum in strata
            ],
            "retired_question_count": sum(
                1 for entry in entries if entry.status is QuestionStatus.RETIRED
            ),
            "unpublished_question_changes": sum(1 for entry in entries if entry.needs_publishing),
            "published_at": specialty.published_at,
            "retired_at": specialty.retired_at,
        }
    )


def _blueprint_view(record: BlueprintRecord | None) -> BlueprintView | None:
    if record is None:
        return None
    return BlueprintView.model_validate(
        {**record.blueprint.model_dump(), "version": record.version}
    )


def _snapshot(specialty: SpecialtyRecord) -> PublishedSnapshot:
    if specialty.published_snapshot is None:
        raise NotFound("specialty", specialty.slug)
    return specialty.published_snapshot
