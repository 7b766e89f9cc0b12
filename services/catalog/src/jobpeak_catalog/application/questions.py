"""Writing questions: one at a time from the admin API, or many from a bank file.

Both paths go through :func:`write_questions`, which checks every entry (fit with the
specialty, duplicate ids, version bumps on edits) before it changes a single row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from jobpeak_contracts.questions import Question
from jobpeak_runtime.uow import UnitOfWork

from jobpeak_catalog.adapters.mapping import (
    apply_question,
    profile_from_row,
    question_from_row,
)
from jobpeak_catalog.adapters.repositories import CatalogRepository
from jobpeak_catalog.adapters.tables import QuestionRow
from jobpeak_catalog.application.errors import Conflict, NotFound
from jobpeak_catalog.domain.bank import (
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
    repository: CatalogRepository,
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
    stored = await repository.questions_by_id([entry.question.id for entry in entries])
    problems = [*known_problems, *check_bank_against(entries, specialty=profile)]
    for entry in entries:
        row = stored.get(entry.question.id)
        if row is None and expect is Expect.EXISTING:
            raise NotFound("question", entry.question.id)
        if row is not None and expect is Expect.NEW:
            raise Conflict(field="id", message=f"question {entry.question.id!r} already exists")
        if row is not None:
            revision = check_revision(
                question_from_row(row), entry.question, field_prefix=entry.location
            )
            problems.extend(with_source(revision, entry.source))
    if problems:
        raise InvalidInput(problems)

    writes = QuestionWrites()
    for entry in entries:
        question = entry.question
        row = stored.get(question.id)
        if row is None:
            row = QuestionRow(status=QuestionStatus.ACTIVE.value)
            apply_question(row, question)
            row.tags = list(entry.tags)
            repository.add(row)
            writes.created.append(question.id)
            continue
        row.tags = list(entry.tags)
        if content_differs(question_from_row(row), question):
            apply_question(row, question)
            writes.updated.append(question.id)
        else:
            writes.unchanged.append(question.id)
    await repository.flush()
    return writes


async def create_question(*, uow: UnitOfWork, entry: BankFileEntry) -> None:
    repository = CatalogRepository(uow.session)
    await write_questions(
        repository=repository,
        profile=await _profile_of(repository, entry.question),
        entries=[entry],
        expect=Expect.NEW,
    )


async def update_question(*, uow: UnitOfWork, question_id: str, entry: BankFileEntry) -> bool:
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
    repository = CatalogRepository(uow.session)
    writes = await write_questions(
        repository=repository,
        profile=await _profile_of(repository, entry.question),
        entries=[entry],
        expect=Expect.EXISTING,
    )
    return bool(writes.updated)


async def set_question_status(
    *, uow: UnitOfWork, question_id: str, status: QuestionStatus
) -> QuestionRow:
    """Retire or restore a question; consumers hear of it with the next publish."""
    repository = CatalogRepository(uow.session)
    row = await repository.question(question_id, for_update=True)
    if row is None:
        raise NotFound("question", question_id)
    if status is QuestionStatus.ACTIVE and row.status != status.value:
        specialty = await repository.specialty(row.specialty_slug)
        if specialty is None:
            raise NotFound("specialty", row.specialty_slug)
        problems = check_fits_specialty(question_from_row(row), profile=profile_from_row(specialty))
        if problems:
            raise InvalidInput(problems)
    row.status = status.value
    await repository.flush()
    return row


async def _profile_of(repository: CatalogRepository, question: Question) -> SpecialtyProfile:
    row = await repository.specialty(question.specialty)
    if row is None:
        raise InvalidInput(
            [Problem(field="specialty", message=f"no specialty {question.specialty!r}")]
        )
    return profile_from_row(row)
