"""The events an attempt's life announces.

On the public ``testing.attempts.v1``: attempt-level facts only (started, the graded result with
the blueprint and bank versions it was drawn with, so any result can be re-derived). Per-item
correct/incorrect of a certification attempt goes only to the restricted
``testing.item-responses.v1``, with the exposure-cap alerts: each flag is a bit of a key.
Practice attempts record no item responses (their keys are shown to the candidate anyway).
"""

from __future__ import annotations

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.event import Event
from jobpeak_contracts.events import (
    CertificationItemResponse,
    ItemExposureCapReached,
    ItemResponsesRecordedV2,
    PracticeTestCompleted,
    TestFailed,
    TestPassed,
    TestStarted,
)
from jobpeak_contracts.questions import Question
from jobpeak_runtime.attributes import from_attributes

from jobpeak_testing.application.ports import CappedItem
from jobpeak_testing.domain.attempt import Attempt
from jobpeak_testing.domain.grading import Grade


def test_started(attempt: Attempt) -> TestStarted:
    return from_attributes(
        TestStarted,
        attempt,
        attempt_id=attempt.id,
        blueprint_version=attempt.blueprint.blueprint_version,
        question_count=len(attempt.draw.questions),
    )


def attempt_graded(attempt: Attempt, grade: Grade) -> list[Event]:
    """The result event of an attempt ``grade`` was just given; then, for a certification
    attempt, its item responses (restricted topic)."""
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
    if attempt.kind is BlueprintKind.PRACTICE:
        return [PracticeTestCompleted(**common)]
    result: Event
    if grade.passed:
        result = TestPassed(**common, order_id=attempt.order_id)
    else:
        result = TestFailed(**common, order_id=attempt.order_id)
    responses = ItemResponsesRecordedV2(
        attempt_id=attempt.id,
        candidate_id=attempt.candidate_id,
        specialty_slug=attempt.specialty_slug,
        blueprint_version=attempt.blueprint.blueprint_version,
        bank_version=attempt.bank_version,
        responses=tuple(
            _labelled(entry.question, correct=correct)
            for entry, correct in zip(attempt.draw.questions, grade.correct, strict=True)
        ),
        recorded_at=graded_at,
    )
    return [result, responses]


def _labelled(question: Question, *, correct: bool) -> CertificationItemResponse:
    """One item's result with the bank's labels of the version served (never its content), so
    the item-statistics job groups its figures without reading the restricted bank."""
    return from_attributes(
        CertificationItemResponse,
        question,
        question_id=question.id,
        correct=correct,
        question_version=question.version,
    )


def exposure_cap_reached(attempt: Attempt, capped: CappedItem, *, cap: int) -> Event:
    """``capped`` reached the exposure cap with the servings of ``attempt``."""
    return ItemExposureCapReached(
        specialty_slug=attempt.specialty_slug,
        question_id=capped.question_id,
        bank_version=attempt.bank_version,
        served_count=capped.served_count,
        cap=cap,
        reached_at=attempt.started_at,
    )
