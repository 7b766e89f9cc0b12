"""Replacing a certification question by a reserve item, and publishing the swap at once.

The retired question leaves and the reserve item enters in one transaction; when the specialty
is live, the same transaction publishes it, so testing hears QuestionRetired and
QuestionPublished under one new bank version (the version every later TestPassed/TestFailed
carries) and the active bank never shrinks in between.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from jobpeak_catalog.application.errors import Conflict, NotFound
from jobpeak_catalog.application.ports import CatalogUnitOfWork, QuestionRecord
from jobpeak_catalog.application.publishing import publish_specialty
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.feasibility import stratum_of
from jobpeak_catalog.domain.reserve import (
    choose_replacement,
    replacement_problem,
    retirement_problem,
)
from jobpeak_catalog.domain.specialty import SpecialtyStatus


@dataclass(frozen=True)
class Replacement:
    retired: QuestionRecord
    promoted: QuestionRecord
    bank_version: int
    published: bool
    """Whether the swap was published (the specialty is live); otherwise the next publish will."""


async def replace_from_reserve(
    *, uow: CatalogUnitOfWork, question_id: str, replacement_id: str | None, now: datetime
) -> Replacement:
    """Retire ``question_id`` and promote ``replacement_id`` (or the preferred reserve item)."""
    retiring = await uow.questions.get(question_id, for_update=True)
    if retiring is None:
        raise NotFound("question", question_id)
    problem = retirement_problem(retiring.entry)
    if problem is not None:
        raise Conflict(field="question_id", message=problem)
    question = retiring.entry.question
    promoted = await _replacement(uow, retiring, replacement_id)
    retired = replace(retiring, entry=replace(retiring.entry, status=QuestionStatus.RETIRED))
    entered = replace(promoted, entry=replace(promoted.entry, status=QuestionStatus.ACTIVE))
    await uow.questions.update(retired)
    await uow.questions.update(entered)
    specialty = await uow.specialties.get(question.specialty, for_update=True)
    if specialty is None:
        raise NotFound("specialty", question.specialty)
    if specialty.status is not SpecialtyStatus.PUBLISHED:
        return Replacement(retired, entered, specialty.bank_version, published=False)
    outcome = await publish_specialty(uow=uow, slug=specialty.slug, now=now)
    return Replacement(
        await _stored(uow, question_id),
        await _stored(uow, entered.id),
        outcome.bank_version,
        published=True,
    )


async def _stored(uow: CatalogUnitOfWork, question_id: str) -> QuestionRecord:
    """The record as the publish left it (what it sent)."""
    record = await uow.questions.get(question_id)
    if record is None:
        raise NotFound("question", question_id)
    return record


async def _replacement(
    uow: CatalogUnitOfWork, retiring: QuestionRecord, replacement_id: str | None
) -> QuestionRecord:
    question = retiring.entry.question
    if replacement_id is not None:
        candidate = await uow.questions.get(replacement_id, for_update=True)
        if candidate is None:
            raise NotFound("question", replacement_id)
        problem = replacement_problem(question, candidate.entry)
        if problem is not None:
            raise Conflict(field="replacement_id", message=problem)
        return candidate
    reserve = {
        record.id: record
        for record in await uow.questions.find_all(
            specialty_slug=question.specialty, status=QuestionStatus.RESERVE, for_update=True
        )
    }
    chosen = choose_replacement(question, (record.entry for record in reserve.values()))
    if chosen is None:
        raise Conflict(
            field="replacement_id",
            message=(
                f"the reserve holds no {stratum_of(question)} item to replace {question.id!r};"
                " add reserve items (seed reserve/ folder or a bank import) first"
            ),
        )
    return reserve[chosen.id]
