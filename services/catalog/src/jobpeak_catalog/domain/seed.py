"""Authored bank content as the catalog reads it, and the checks across its entries (pure).

The files themselves are read by :mod:`jobpeak_catalog.adapters.bankfiles`; the admin API
builds the same entries from request bodies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from jobpeak_contracts.questions import Question, QuestionPool

from jobpeak_catalog.domain.bank import QuestionStatus, check_fits_specialty
from jobpeak_catalog.domain.problems import Problem, join_path, with_source
from jobpeak_catalog.domain.specialty import SpecialtyDefinition, SpecialtyProfile


class BankFolder(StrEnum):
    """The folders of a seed directory; the folder decides a question's pool and first status."""

    QUESTIONS = "questions"
    """The certification bank: certification items, active."""
    PRACTICE = "practice"
    """The practice pool: practice items, active."""
    RESERVE = "reserve"
    """The reserve: certification items, inactive until one replaces a retired item."""

    @property
    def pool(self) -> QuestionPool:
        return QuestionPool.PRACTICE if self is BankFolder.PRACTICE else QuestionPool.CERTIFICATION

    @property
    def initial_status(self) -> QuestionStatus:
        return QuestionStatus.RESERVE if self is BankFolder.RESERVE else QuestionStatus.ACTIVE


@dataclass(frozen=True)
class BankFileEntry:
    """A question as read from a bank file, with the catalog-only tags that came with it.

    ``source`` (the file) and ``location`` (the path to the entry in it, such as
    ``("questions", 3)``) say where it came from, so later problems can point there.
    ``initial_status`` is the status the question starts in if it is new (a reserve item starts
    inactive); writing never changes a stored question's status.
    """

    question: Question
    tags: tuple[str, ...] = ()
    source: str | None = None
    location: tuple[str | int, ...] = ()
    initial_status: QuestionStatus = QuestionStatus.ACTIVE


@dataclass(frozen=True)
class SeedBundle:
    specialty: SpecialtyDefinition
    questions: tuple[BankFileEntry, ...]


@dataclass(frozen=True)
class BankRead:
    """The entries of one bank file that are valid on their own, and the problems of the rest."""

    entries: list[BankFileEntry]
    problems: list[Problem]


def check_bank_against(
    entries: Sequence[BankFileEntry], *, specialty: SpecialtyProfile | None
) -> list[Problem]:
    """Duplicate ids, and questions that do not fit the specialty (topic, language, slug)."""
    problems: list[Problem] = []
    first_seen: dict[str, str | None] = {}
    for entry in entries:
        question = entry.question
        source = entry.source
        location = entry.location
        if question.id in first_seen:
            problems.append(
                Problem(
                    field=join_path(*location, "id"),
                    message=(
                        f"duplicate question id {question.id!r}"
                        f" (first seen in {first_seen[question.id] or 'this request'})"
                    ),
                    source=source,
                )
            )
        first_seen.setdefault(question.id, source)
        if specialty is not None:
            fits = check_fits_specialty(question, profile=specialty, field_prefix=location)
            problems.extend(with_source(fits, source))
    return problems
