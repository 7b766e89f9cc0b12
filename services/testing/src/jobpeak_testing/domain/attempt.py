"""One attempt at a test: its draw, the candidate's responses, and its grade.

The attempt keeps the blueprint and the exact question versions it was drawn with, so grading
never depends on what the catalog published afterwards. Rules enforced here: answers only to
items of this attempt, only while it is in progress and, when the blueprint sets a time limit,
before the deadline; a submitted attempt is graded once and keeps that score (a stored attempt
is loaded with its stored score, never graded again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from jobpeak_contracts.blueprints import Blueprint, BlueprintKind

from jobpeak_testing.domain.answers import Answer
from jobpeak_testing.domain.assembly import Draw, DrawnItem
from jobpeak_testing.domain.errors import DomainError
from jobpeak_testing.domain.grading import Grade, Score, grade
from jobpeak_testing.domain.responses import Response, check_response, to_answer


class AttemptStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    VOIDED = "voided"


class UnknownQuestion(DomainError):
    """The question is not part of this attempt."""


class AttemptClosed(DomainError):
    """The attempt was submitted or voided and takes no more answers."""


class TimeLimitExceeded(DomainError):
    """The blueprint's time limit has run out; the attempt can only be submitted."""


class AttemptVoidedError(DomainError):
    """The attempt was voided and has no grade."""


class UnansweredItems(DomainError):
    """A practice attempt is submitted only once every item is answered.

    Practice feedback shows every key of the attempt, so a practice submission must not be a
    cheap probe of a few guesses: it is graded only when the candidate answered everything.
    """

    def __init__(self, *, attempt_id: UUID, question_ids: tuple[str, ...]) -> None:
        self.question_ids = question_ids
        super().__init__(
            f"practice attempt {attempt_id} is graded only when every item is answered; "
            f"{len(question_ids)} unanswered: {', '.join(question_ids)}"
        )


@dataclass(eq=False)
class Attempt:
    id: UUID
    candidate_id: str
    specialty_slug: str
    blueprint: Blueprint
    bank_version: int
    order_id: UUID | None
    attempt_number: int
    started_at: datetime
    draw: Draw
    answers: dict[str, Answer] = field(default_factory=dict)
    """Answers so far by question id, in the question's own terms."""
    status: AttemptStatus = AttemptStatus.IN_PROGRESS
    ended_at: datetime | None = None
    score: Score | None = None
    """Set once, by :meth:`submit`; the one source of every result shown afterwards."""

    @property
    def kind(self) -> BlueprintKind:
        return self.blueprint.kind

    @property
    def deadline(self) -> datetime | None:
        """When answers stop being accepted; ``None`` when the blueprint sets no time limit."""
        limit = self.blueprint.time_limit_minutes
        return None if limit is None else self.started_at + timedelta(minutes=limit)

    def item(self, question_id: str) -> DrawnItem:
        item = self.draw.item(question_id)
        if item is None:
            raise UnknownQuestion(f"question {question_id} is not part of attempt {self.id}")
        return item

    def record_response(self, *, question_id: str, response: Response, now: datetime) -> bool:
        """Store ``response``; ``False`` when it means the stored answer (nothing changes).

        An item may be answered again until submission; the last answer counts.
        """
        item = self.item(question_id)
        self._ensure_open()
        check_response(item, response)
        answer = to_answer(item, response)
        if self.answers.get(question_id) == answer:
            return False
        deadline = self.deadline
        if deadline is not None and now >= deadline:
            raise TimeLimitExceeded(
                f"the time limit of {self.blueprint.time_limit_minutes} minute(s) ran out at "
                f"{deadline.isoformat()}; submit the attempt"
            )
        self.answers[question_id] = answer
        return True

    @property
    def unanswered(self) -> tuple[str, ...]:
        """Ids of the items without an answer, in serving order."""
        return tuple(
            entry.question_id
            for entry in self.draw.questions
            if entry.question_id not in self.answers
        )

    def submit(self, *, now: datetime) -> Grade | None:
        """Grade the attempt; ``None`` when it was already graded (its score stands).

        A practice attempt needs every item answered, unless its time limit ran out (then it is
        graded as it stands, like a certification attempt, whose blanks always score zero).
        """
        if self.status is AttemptStatus.VOIDED:
            raise AttemptVoidedError(f"attempt {self.id} was voided and cannot be submitted")
        if self.status is AttemptStatus.SUBMITTED:
            return None
        unanswered = self.unanswered
        if self.kind is BlueprintKind.PRACTICE and unanswered and not self.is_past_deadline(now):
            raise UnansweredItems(attempt_id=self.id, question_ids=unanswered)
        graded = grade(blueprint=self.blueprint, draw=self.draw, answers=self.answers)
        self.score = graded.score
        self.status = AttemptStatus.SUBMITTED
        self.ended_at = now
        return graded

    def void(self, *, now: datetime) -> bool:
        """Void an attempt in progress; ``False`` when it had already ended."""
        if self.status is not AttemptStatus.IN_PROGRESS:
            return False
        self.status = AttemptStatus.VOIDED
        self.ended_at = now
        return True

    def is_past_deadline(self, now: datetime) -> bool:
        deadline = self.deadline
        return deadline is not None and now >= deadline

    def _ensure_open(self) -> None:
        if self.status is not AttemptStatus.IN_PROGRESS:
            raise AttemptClosed(f"attempt {self.id} is {self.status.value}; it takes no answers")
