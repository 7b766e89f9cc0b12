"""The events an attempt's life announces on ``testing.attempts.v1``.

Graded events carry the blueprint and bank versions the attempt was drawn with, so any result
can be re-derived; item-level results carry question ids and correct/incorrect only.
"""

from __future__ import annotations

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.event import Event
from jobpeak_contracts.events import (
    ItemResponse,
    ItemResponsesRecorded,
    PracticeTestCompleted,
    TestFailed,
    TestPassed,
    TestStarted,
)

from jobpeak_testing.domain.attempt import Attempt
from jobpeak_testing.domain.grading import Grade


def test_started(attempt: Attempt) -> TestStarted:
    return TestStarted(
        attempt_id=attempt.id,
        candidate_id=attempt.candidate_id,
        specialty_slug=attempt.specialty_slug,
        kind=attempt.kind,
        order_id=attempt.order_id,
        attempt_number=attempt.attempt_number,
        blueprint_version=attempt.blueprint.blueprint_version,
        bank_version=attempt.bank_version,
        question_count=len(attempt.draw.questions),
        started_at=attempt.started_at,
    )


def attempt_graded(attempt: Attempt, grade: Grade) -> list[Event]:
    """The result event of an attempt ``grade`` was just given, then its item responses."""
    graded_at = attempt.ended_at
    if graded_at is None:
        raise ValueError(f"attempt {attempt.id} has not been graded")
    common = {
        "attempt_id": attempt.id,
        "candidate_id": attempt.candidate_id,
        "specialty_slug": attempt.specialty_slug,
        "attempt_number": attempt.attempt_number,
        "blueprint_version": attempt.blueprint.blueprint_version,
        "bank_version": attempt.bank_version,
        "total_score": grade.total_score,
        "domain_score": grade.domain_score,
        "behavioural_score": grade.behavioural_score,
        "pass_mark": grade.pass_mark,
        "graded_at": graded_at,
    }
    result: Event
    if attempt.kind is BlueprintKind.PRACTICE:
        result = PracticeTestCompleted(**common)
    elif grade.passed:
        result = TestPassed(**common, order_id=attempt.order_id)
    else:
        result = TestFailed(**common, order_id=attempt.order_id)
    responses = ItemResponsesRecorded(
        attempt_id=attempt.id,
        candidate_id=attempt.candidate_id,
        specialty_slug=attempt.specialty_slug,
        kind=attempt.kind,
        bank_version=attempt.bank_version,
        responses=tuple(
            ItemResponse(question_id=entry.question_id, correct=correct)
            for entry, correct in zip(attempt.draw.questions, grade.correct, strict=True)
        ),
        recorded_at=graded_at,
    )
    return [result, responses]
