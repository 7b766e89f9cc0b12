"""Publishing and retiring a specialty: state and outbox rows in one transaction.

Publishing locks the specialty row, plans (feasibility, then what changed since the last
publish), writes the new state and emits QuestionPublished / QuestionRetired for changed
questions and SpecialtyPublished when the snapshot moved. Nothing is committed here: the
caller's unit of work commits state and events together.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from jobpeak_catalog.application import events
from jobpeak_catalog.application.errors import Conflict, NotFound
from jobpeak_catalog.application.ports import BankVersionRecord, CatalogUnitOfWork
from jobpeak_catalog.domain.publication import plan_publication
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


async def publish_specialty(
    *, uow: CatalogUnitOfWork, slug: str, now: datetime
) -> PublicationOutcome:
    specialty = await uow.specialties.get(slug, for_update=True)
    if specialty is None:
        raise NotFound("specialty", slug)
    blueprints = await uow.blueprints.of_specialty(slug)
    stored = {
        record.id: record
        for record in await uow.questions.find_all(specialty_slug=slug, for_update=True)
    }
    plan = plan_publication(
        profile=specialty.profile,
        blueprints={
            kind: (record.blueprint, record.version) for kind, record in blueprints.items()
        },
        bank=[record.entry for record in stored.values()],
        status=specialty.status,
        current_bank_version=specialty.bank_version,
        previous=specialty.published_snapshot,
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
        record = stored[question.id]
        sent = replace(
            record.entry,
            published_version=question.version,
            published_status=record.entry.status,
        )
        await uow.questions.update(replace(record, entry=sent))
    if changes.any:
        await uow.bank_versions.add(
            BankVersionRecord(
                specialty_slug=slug,
                version=snapshot.bank_version,
                active_question_count=snapshot.active_question_count,
                published_question_ids=tuple(question.id for question in changes.published),
                retired_question_ids=tuple(question.id for question in changes.retired),
                published_at=now,
            )
        )
    if plan.specialty_changed:
        specialty = replace(
            specialty,
            revision=specialty.revision + 1,
            status=SpecialtyStatus.PUBLISHED,
            bank_version=snapshot.bank_version,
            published_snapshot=snapshot,
            published_at=now,
            retired_at=None,
        )
        await uow.specialties.update(specialty)
        uow.emit(
            events.specialty_published(snapshot, revision=specialty.revision, published_at=now),
            subject=slug,
        )
    return PublicationOutcome(
        slug=slug,
        revision=specialty.revision,
        bank_version=specialty.bank_version,
        specialty_published=plan.specialty_changed,
        published_question_ids=tuple(question.id for question in changes.published),
        retired_question_ids=tuple(question.id for question in changes.retired),
    )


async def retire_specialty(*, uow: CatalogUnitOfWork, slug: str, now: datetime) -> int:
    """Withdraw a published specialty; returns the revision of the SpecialtyRetired event."""
    specialty = await uow.specialties.get(slug, for_update=True)
    if specialty is None:
        raise NotFound("specialty", slug)
    if specialty.status is not SpecialtyStatus.PUBLISHED:
        raise Conflict(
            field="status",
            message=f"{slug!r} is {specialty.status.value}; only a published one retires",
        )
    retired = replace(
        specialty,
        revision=specialty.revision + 1,
        status=SpecialtyStatus.RETIRED,
        retired_at=now,
    )
    await uow.specialties.update(retired)
    uow.emit(
        events.specialty_retired(slug=slug, revision=retired.revision, retired_at=now),
        subject=slug,
    )
    return retired.revision
