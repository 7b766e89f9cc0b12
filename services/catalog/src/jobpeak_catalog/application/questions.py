"""Writing questions: one at a time from the admin API, or many from a bank file.

Both paths go through :func:`write_questions`, which checks every entry (fit with the
specialty, duplicate ids, version bumps on edits) before it changes a single row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from jobpeak_contracts.questions import Question

from jobpeak_catalog.application.errors import Conflict, NotFound
from jobpeak_catalog.application.ports import CatalogUnitOfWork, QuestionRecord
from jobpeak_catalog.domain.bank import (
    BankEntry,
    QuestionStatus,
    check_fits_specialty,
    check_revision,
    content_differs,
)
from jobpeak_catalog.domain.problems import InvalidInput, Problem, join_path, with_source
from jobpeak_catalog.domain.seed import BankFileEntry, check_bank_against
from jobpeak_catalog.domain.specialty import SpecialtyProfile


class Expect(Enum):
    """What the caller expects of the ids it writes."""

    NEW = "new"
    EXISTING = "existing"
    ANY = "any"


@dataclass
class QuestionWrites:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


async def write_questions(
    *,
    uow: CatalogUnitOfWork,
    profile: SpecialtyProfile,
    entries: Sequence[BankFileEntry],
    expect: Expect = Expect.ANY,
    known_problems: Sequence[Problem] = (),
) -> QuestionWrites:
    """Create or update ``entries`` of one specialty, all or nothing.

    An edited question must carry a higher version; an identical one is left alone (its tags
    are refreshed). Writing never changes a question's status: retiring and restoring are
    explicit admin actions, so re-importing a file cannot resurrect a retired question.
    ``known_problems`` (from reading the entries) are reported together with the ones found
    here, so an author sees everything wrong with a file at once.
    """
    stored = await uow.questions.by_ids([entry.question.id for entry in entries])
    problems = [*known_problems, *check_bank_against(entries, specialty=profile)]
    for entry in entries:
        record = stored.get(entry.question.id)
        if record is None and expect is Expect.EXISTING:
            raise NotFound("question", entry.question.id)
        if record is not None and expect is Expect.NEW:
            raise Conflict(field="id", message=f"question {entry.question.id!r} already exists")
        if record is not None:
            revision = check_revision(
                record.entry.question, entry.question, field_prefix=entry.location
            )
            problems.extend(with_source(revision, entry.source))
    if problems:
        raise InvalidInput(problems)

    writes = QuestionWrites()
    for entry in entries:
        question = entry.question
        record = stored.get(question.id)
        if record is None:
            await uow.questions.add(
                QuestionRecord(
                    entry=BankEntry(question=question, status=entry.initial_status),
                    tags=entry.tags,
                )
            )
            writes.created.append(question.id)
            continue
        if content_differs(record.entry.question, question):
            writes.updated.append(question.id)
            changed = replace(record.entry, question=question)
        else:
            writes.unchanged.append(question.id)
            changed = record.entry
        await uow.questions.update(replace(record, entry=changed, tags=entry.tags))
    return writes


async def create_question(*, uow: CatalogUnitOfWork, entry: BankFileEntry) -> None:
    await write_questions(
        uow=uow, profile=await _profile_of(uow, entry.question), entries=[entry], expect=Expect.NEW
    )


async def update_question(
    *, uow: CatalogUnitOfWork, question_id: str, entry: BankFileEntry
) -> bool:
    """Replace a question's content; returns whether anything changed."""
    if entry.question.id != question_id:
        raise InvalidInput(
            [
                Problem(
                    field=join_path(*entry.location, "id"),
                    message=f"is {entry.question.id!r}, the path says {question_id!r}",
                )
            ]
        )
    writes = await write_questions(
        uow=uow,
        profile=await _profile_of(uow, entry.question),
        entries=[entry],
        expect=Expect.EXISTING,
    )
    return bool(writes.updated)


async def set_question_status(
    *, uow: CatalogUnitOfWork, question_id: str, status: QuestionStatus
) -> QuestionRecord:
    """Retire or restore a question; consumers hear of it with the next publish."""
    record = await uow.questions.get(question_id, for_update=True)
    if record is None:
        raise NotFound("question", question_id)
    question = record.entry.question
    if status is QuestionStatus.ACTIVE and record.entry.status is QuestionStatus.RESERVE:
        raise Conflict(
            field="status",
            message=(
                f"{question_id!r} is a reserve item: it enters the bank in place of a retired"
                " certification item (POST /admin/questions/{retiring_id}/replace)"
            ),
        )
    if status is QuestionStatus.ACTIVE and record.entry.status is not status:
        specialty = await uow.specialties.get(question.specialty)
        if specialty is None:
            raise NotFound("specialty", question.specialty)
        problems = check_fits_specialty(question, profile=specialty.profile)
        if problems:
            raise InvalidInput(problems)
    changed = replace(record, entry=replace(record.entry, status=status))
    await uow.questions.update(changed)
    return changed


async def _profile_of(uow: CatalogUnitOfWork, question: Question) -> SpecialtyProfile:
    specialty = await uow.specialties.get(question.specialty)
    if specialty is None:
        raise InvalidInput(
            [Problem(field="specialty", message=f"no specialty {question.specialty!r}")]
        )
    return specialty.profile
