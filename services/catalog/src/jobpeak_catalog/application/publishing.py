"""Publishing and retiring a specialty: state and outbox rows in one transaction.

Publishing locks the specialty row, plans (feasibility, then what changed since the last
publish), writes the new state and emits QuestionPublished / QuestionRetired for changed
questions and SpecialtyPublished when the snapshot moved. Nothing is committed here: the
caller's unit of work commits state and events together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jobpeak_runtime.uow import UnitOfWork

from jobpeak_catalog.adapters.mapping import (
    bank_entry_from_row,
    blueprint_from_row,
    profile_from_row,
    status_of,
)
from jobpeak_catalog.adapters.repositories import CatalogRepository
from jobpeak_catalog.adapters.tables import BankVersionRow
from jobpeak_catalog.application import events
from jobpeak_catalog.application.errors import Conflict, NotFound
from jobpeak_catalog.domain.publication import PublishedSnapshot, plan_publication
from jobpeak_catalog.domain.specialty import SpecialtyStatus


@dataclass(frozen=True)
class PublicationOutcome:
    slug: str
    revision: int
    bank_version: int
    specialty_published: bool
    """False when nothing changed since the last publish, so nothing was sent."""
    published_question_ids: tuple[str, ...]
    retired_question_ids: tuple[str, ...]


async def publish_specialty(*, uow: UnitOfWork, slug: str, now: datetime) -> PublicationOutcome:
    repository = CatalogRepository(uow.session)
    specialty = await repository.specialty(slug, for_update=True)
    if specialty is None:
        raise NotFound("specialty", slug)
    blueprint_rows = await repository.blueprints(slug)
    question_rows = {
        row.id: row for row in await repository.questions(specialty_slug=slug, for_update=True)
    }
    previous = (
        PublishedSnapshot.model_validate(specialty.published_snapshot)
        if specialty.published_snapshot is not None
        else None
    )
    plan = plan_publication(
        profile=profile_from_row(specialty),
        blueprints={
            kind: (blueprint_from_row(row), row.version) for kind, row in blueprint_rows.items()
        },
        bank=[bank_entry_from_row(row) for row in question_rows.values()],
        status=status_of(specialty),
        current_bank_version=specialty.bank_version,
        previous=previous,
    )
    snapshot = plan.snapshot
    changes = plan.bank_changes
    for question in changes.published:
        uow.emit(
            events.question_published(
                question, bank_version=snapshot.bank_version, published_at=now
            ),
            subject=question.id,
        )
    for question in changes.retired:
        uow.emit(
            events.question_retired(question, bank_version=snapshot.bank_version, retired_at=now),
            subject=question.id,
        )
    for question in (*changes.published, *changes.retired):
        row = question_rows[question.id]
        row.published_version = row.version
        row.published_status = row.status
    if changes.any:
        repository.add(
            BankVersionRow(
                specialty_slug=slug,
                version=snapshot.bank_version,
                active_question_count=snapshot.active_question_count,
                published_question_ids=[question.id for question in changes.published],
                retired_question_ids=[question.id for question in changes.retired],
                published_at=now,
            )
        )
    if plan.specialty_changed:
        specialty.revision += 1
        specialty.status = SpecialtyStatus.PUBLISHED.value
        specialty.bank_version = snapshot.bank_version
        specialty.published_snapshot = snapshot.model_dump(mode="json")
        specialty.live_ceiling_minor = snapshot.definition.rate_ceiling.amount_minor
        specialty.live_ceiling_currency = snapshot.definition.rate_ceiling.currency
        specialty.published_at = now
        specialty.retired_at = None
        uow.emit(
            events.specialty_published(snapshot, revision=specialty.revision, published_at=now),
            subject=slug,
        )
    await repository.flush()
    return PublicationOutcome(
        slug=slug,
        revision=specialty.revision,
        bank_version=specialty.bank_version,
        specialty_published=plan.specialty_changed,
        published_question_ids=tuple(question.id for question in changes.published),
        retired_question_ids=tuple(question.id for question in changes.retired),
    )


async def retire_specialty(*, uow: UnitOfWork, slug: str, now: datetime) -> int:
    """Withdraw a published specialty; returns the revision of the SpecialtyRetired event."""
    repository = CatalogRepository(uow.session)
    specialty = await repository.specialty(slug, for_update=True)
    if specialty is None:
        raise NotFound("specialty", slug)
    if status_of(specialty) is not SpecialtyStatus.PUBLISHED:
        raise Conflict(
            field="status", message=f"{slug!r} is {specialty.status}; only a published one retires"
        )
    specialty.revision += 1
    specialty.status = SpecialtyStatus.RETIRED.value
    specialty.live_ceiling_minor = None
    specialty.live_ceiling_currency = None
    specialty.retired_at = now
    uow.emit(
        events.specialty_retired(slug=slug, revision=specialty.revision, retired_at=now),
        subject=slug,
    )
    await repository.flush()
    return specialty.revision
