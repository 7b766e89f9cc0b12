"""The question bank: how questions relate to their specialty and what a publish must send.

Questions are the content model of :mod:`jobpeak_contracts.questions` (which also documents the
grading rule of each format). The catalog adds a lifecycle: a question is ``active``, ``retired``
or in ``reserve`` (a certification item kept inactive, never published, until it replaces a
retired one), and remembers the version and status it last went out with, so a publish sends
only what changed since the previous one.

A question never changes pool: a certification item moved to practice would show its key, and
a practice item moved to certification would carry a key candidates have already seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from jobpeak_contracts.questions import Question, QuestionFormat

from jobpeak_catalog.domain.problems import Problem, join_path
from jobpeak_catalog.domain.specialty import SpecialtyProfile

QUESTION_FORMAT_TAGS = tuple(str(member) for member in QuestionFormat)
"""The tags pydantic puts in error locations of the discriminated ``Question`` union."""


class QuestionStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"
    RESERVE = "reserve"
    """Inactive certification item, ready to replace a retired one; never published."""


@dataclass(frozen=True)
class BankEntry:
    """A stored question with its lifecycle; ``published_*`` are None until first published."""

    question: Question
    status: QuestionStatus
    published_version: int | None = None
    published_status: QuestionStatus | None = None

    @property
    def needs_publishing(self) -> bool:
        if self.status is QuestionStatus.ACTIVE:
            return (
                self.published_status is not QuestionStatus.ACTIVE
                or self.published_version != self.question.version
            )
        return self.published_status is QuestionStatus.ACTIVE


@dataclass(frozen=True)
class BankChanges:
    published: tuple[Question, ...]
    retired: tuple[Question, ...]

    @property
    def any(self) -> bool:
        return bool(self.published or self.retired)


def changes_since_last_publish(entries: Iterable[BankEntry]) -> BankChanges:
    """Questions whose version or status differs from what the last publish sent."""
    changed = [entry for entry in entries if entry.needs_publishing]
    return BankChanges(
        published=tuple(
            entry.question for entry in changed if entry.status is QuestionStatus.ACTIVE
        ),
        retired=tuple(
            entry.question for entry in changed if entry.status is not QuestionStatus.ACTIVE
        ),
    )


def next_bank_version(*, current: int, changes: BankChanges) -> int:
    """The bank version moves only when the bank's published content moves."""
    return current + 1 if changes.any else current


def check_fits_specialty(
    question: Question, *, profile: SpecialtyProfile, field_prefix: Sequence[str | int] = ()
) -> list[Problem]:
    """Problems with a question's specialty, topic and language, named by field."""
    problems: list[Problem] = []

    def report(field: str, message: str) -> None:
        problems.append(Problem(field=join_path(*field_prefix, field), message=message))

    if question.specialty != profile.slug:
        report("specialty", f"is {question.specialty!r}, expected {profile.slug!r}")
    allowed_topics = profile.topics.ids_for(question.section)
    if question.topic not in allowed_topics:
        report(
            "topic",
            f"unknown {question.section.value} topic {question.topic!r};"
            f" known: {', '.join(allowed_topics) or 'none'}",
        )
    if question.language is not None and question.language not in profile.language_ids:
        report(
            "language",
            f"unknown language {question.language!r};"
            f" known: {', '.join(profile.language_ids) or 'none'}",
        )
    return problems


def content_differs(stored: Question, incoming: Question) -> bool:
    """Whether anything but the version number changed."""
    return stored.model_dump(exclude={"version"}) != incoming.model_dump(exclude={"version"})


def check_revision(
    stored: Question, incoming: Question, *, field_prefix: Sequence[str | int] = ()
) -> list[Problem]:
    """A changed question must carry a higher version, so consumers can tell edits apart."""
    problems: list[Problem] = []
    if stored.pool != incoming.pool:
        problems.append(
            Problem(
                field=join_path(*field_prefix, "pool"),
                message=(
                    f"question {stored.id!r} is a {stored.pool.value} item; a question never"
                    " changes pool (its key would cross between practice and certification):"
                    " add it under a new id instead"
                ),
            )
        )
    if stored.specialty != incoming.specialty:
        problems.append(
            Problem(
                field=join_path(*field_prefix, "specialty"),
                message=f"question {stored.id!r} belongs to {stored.specialty!r}",
            )
        )
    if content_differs(stored, incoming) and incoming.version <= stored.version:
        problems.append(
            Problem(
                field=join_path(*field_prefix, "version"),
                message=(
                    f"content of {stored.id!r} changed, so the version must go above"
                    f" {stored.version} (got {incoming.version})"
                ),
            )
        )
    return problems
