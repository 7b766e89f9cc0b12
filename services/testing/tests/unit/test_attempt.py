"""The attempt: answers while open, a time limit only when set, one grade."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jobpeak_contracts.blueprints import Blueprint
from jobpeak_testing.domain.attempt import (
    Attempt,
    AttemptClosed,
    AttemptStatus,
    AttemptVoidedError,
    TimeLimitExceeded,
    UnknownQuestion,
)
from jobpeak_testing.domain.responses import InvalidResponse, SingleChoice, TrueOrFalse

from services.testing.tests.samples import (
    NOW,
    attempt_of,
    blueprint,
    correct_response,
    wrong_answer,
    wrong_response,
)

pytestmark = pytest.mark.unit


def _attempt(chosen: Blueprint | None = None) -> Attempt:
    return attempt_of(chosen or blueprint())


def test_answering_the_same_thing_twice_changes_nothing() -> None:
    attempt = _attempt()
    item = attempt.draw.items[0]

    assert attempt.record_response(
        question_id=item.question_id, response=correct_response(item), now=NOW
    )
    assert not attempt.record_response(
        question_id=item.question_id, response=correct_response(item), now=NOW
    )
    assert attempt.record_response(
        question_id=item.question_id, response=wrong_response(item), now=NOW
    )
    assert attempt.answers == {item.question_id: wrong_answer(item)}


def test_an_unknown_question_is_refused() -> None:
    attempt = _attempt()

    with pytest.raises(UnknownQuestion, match="not part of attempt"):
        attempt.record_response(question_id="nope-999", response=TrueOrFalse(True), now=NOW)
    assert attempt.answers == {}


def test_a_response_of_the_wrong_shape_leaves_the_attempt_untouched() -> None:
    attempt = _attempt()
    item = next(i for i in attempt.draw.items if i.question.format == "true_false")

    with pytest.raises(InvalidResponse):
        attempt.record_response(question_id=item.question_id, response=SingleChoice("a"), now=NOW)
    assert attempt.answers == {}


def test_submitting_grades_once_and_a_repeat_keeps_the_first_grade() -> None:
    attempt = _attempt()
    for item in attempt.draw.items:
        attempt.record_response(
            question_id=item.question_id, response=correct_response(item), now=NOW
        )

    graded = attempt.submit(now=NOW)
    assert graded is not None
    assert attempt.score == graded.score
    assert attempt.submit(now=NOW + timedelta(hours=1)) is None
    assert attempt.score == graded.score
    assert attempt.ended_at == NOW
    assert graded.passed


def test_answers_after_submission_are_refused() -> None:
    attempt = _attempt()
    attempt.submit(now=NOW)
    item = attempt.draw.items[0]

    with pytest.raises(AttemptClosed, match="submitted"):
        attempt.record_response(
            question_id=item.question_id, response=correct_response(item), now=NOW
        )
    assert attempt.answers == {}


def test_no_time_limit_means_answers_are_taken_whenever() -> None:
    attempt = _attempt()
    item = attempt.draw.items[0]

    assert attempt.deadline is None
    assert attempt.record_response(
        question_id=item.question_id, response=correct_response(item), now=NOW + timedelta(days=90)
    )


def test_a_time_limit_stops_answers_at_the_deadline_but_submission_still_grades() -> None:
    attempt = _attempt(blueprint(time_limit_minutes=60))
    first, second = attempt.draw.items[:2]
    attempt.record_response(
        question_id=first.question_id, response=correct_response(first), now=NOW
    )

    with pytest.raises(TimeLimitExceeded, match="60 minute"):
        attempt.record_response(
            question_id=second.question_id,
            response=correct_response(second),
            now=NOW + timedelta(minutes=60),
        )
    graded = attempt.submit(now=NOW + timedelta(minutes=61))
    assert graded is not None
    assert graded.correct[:2] == (True, False)


def test_a_voided_attempt_cannot_be_submitted() -> None:
    attempt = _attempt()

    assert attempt.void(now=NOW)
    assert attempt.status is AttemptStatus.VOIDED
    with pytest.raises(AttemptVoidedError):
        attempt.submit(now=NOW)
    assert not attempt.void(now=NOW)
