"""Certification integrity in the domain: practice teaches, certification tells nothing per item,
practice has a daily allowance, and the certification draw spreads exposure."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from jobpeak_contracts.blueprints import Blueprint
from jobpeak_testing.domain.allowance import (
    PracticeAllowance,
    PracticeLimitReached,
    check_practice_allowance,
)
from jobpeak_testing.domain.assembly import assemble
from jobpeak_testing.domain.attempt import Attempt, UnansweredItems
from jobpeak_testing.domain.exposure import exposure_by_stratum
from jobpeak_testing.domain.feedback import practice_feedback
from jobpeak_testing.domain.pool import QuestionPool

from services.testing.tests.samples import (
    KEY_MARKER,
    NOW,
    attempt_of,
    bank,
    blueprint,
    correct_response,
    practice_blueprint,
    wrong_response,
)

pytestmark = pytest.mark.unit


def _attempt(chosen: Blueprint) -> Attempt:
    return attempt_of(chosen, seed=9)


def test_a_practice_submission_names_every_unanswered_item_and_changes_nothing() -> None:
    attempt = _attempt(practice_blueprint())
    first, *rest = attempt.draw.items
    attempt.record_response(question_id=first.question_id, response=wrong_response(first), now=NOW)

    with pytest.raises(UnansweredItems) as refused:
        attempt.submit(now=NOW)

    assert refused.value.question_ids == tuple(item.question_id for item in rest)
    assert all(item.question_id in str(refused.value) for item in rest)
    assert attempt.score is None


def test_a_practice_attempt_past_its_time_limit_is_graded_as_it_stands() -> None:
    attempt = _attempt(practice_blueprint(time_limit_minutes=30))

    assert attempt.submit(now=NOW + timedelta(minutes=31)) is not None


def test_a_certification_with_blanks_is_graded_and_blanks_score_zero() -> None:
    attempt = _attempt(blueprint())

    graded = attempt.submit(now=NOW)

    assert graded is not None
    assert (graded.total_score, graded.passed) == (0.0, False)
    assert practice_feedback(attempt) is None


def test_a_submitted_practice_attempt_shows_each_answer_key_and_explanation() -> None:
    attempt = _attempt(practice_blueprint())
    for position, item in enumerate(attempt.draw.items):
        response = correct_response(item) if position % 2 else wrong_response(item)
        attempt.record_response(question_id=item.question_id, response=response, now=NOW)
    assert practice_feedback(attempt) is None  # nothing before submission

    attempt.submit(now=NOW)
    feedback = practice_feedback(attempt)

    assert feedback is not None
    assert [entry.question_id for entry in feedback] == [i.question_id for i in attempt.draw.items]
    for entry, item in zip(feedback, attempt.draw.items, strict=True):
        assert entry.correct_response == correct_response(item)
        assert entry.correct is (entry.position % 2 == 1)
        assert entry.response == (correct_response(item) if entry.correct else wrong_response(item))
        assert entry.explanation.startswith(KEY_MARKER)


def test_the_practice_allowance_opens_again_as_the_oldest_start_leaves_the_window() -> None:
    allowance = PracticeAllowance(attempts=3)
    started = [NOW - timedelta(hours=30), NOW - timedelta(hours=20), NOW - timedelta(hours=2)]

    check_practice_allowance(allowance=allowance, started=started, now=NOW)
    with pytest.raises(PracticeLimitReached) as refused:
        check_practice_allowance(allowance=allowance, started=[*started, NOW], now=NOW)

    assert refused.value.opens_at == NOW + timedelta(hours=4)
    assert refused.value.retry_after_seconds == 4 * 3600


def test_the_certification_draw_takes_the_least_exposed_items_first() -> None:
    questions = bank()
    pool = QuestionPool.of(questions)
    served: Counter[str] = Counter()
    for seed in range(7):
        draw = assemble(blueprint=blueprint(), pool=pool, seen=(), seed=seed, exposure=served)
        served.update(entry.question_id for entry in draw.questions)

        for stratum in ("easy", "medium", "hard", "behavioural"):
            counts = [served[q.id] for q in questions if q.id.startswith(f"coding-{stratum}")]
            assert max(counts) - min(counts) <= 1, (seed, stratum)


def test_an_exposure_weighed_draw_is_a_function_of_its_seed() -> None:
    pool = QuestionPool.of(bank())
    zero = {question.id: 0 for question in bank()}

    draws = [
        assemble(blueprint=blueprint(), pool=pool, seen=(), seed=seed, exposure=zero)
        for seed in (1, 1, 2)
    ]

    assert draws[0] == draws[1]
    assert draws[0].questions != draws[2].questions


def test_unseen_items_come_before_less_exposed_seen_ones() -> None:
    pool = QuestionPool.of(bank())
    seen = {question.id for question in bank() if question.id.endswith(("0", "2", "4"))}
    exposure = {question.id: 0 if question.id in seen else 9 for question in bank()}

    draw = assemble(blueprint=blueprint(), pool=pool, seen=seen, seed=3, exposure=exposure)

    assert not {entry.question_id for entry in draw.questions} & seen


def test_headroom_counts_the_disjoint_forms_left_below_the_cap() -> None:
    pool = QuestionPool.of(bank())  # 30 easy, 60 medium, 30 hard, 30 behavioural
    easy = [q.id for q in bank() if q.id.startswith("coding-easy")]
    served = dict.fromkeys(easy[:12], 5)

    report = {
        str(stratum.stratum): stratum
        for stratum in exposure_by_stratum(blueprint=blueprint(), pool=pool, served=served, cap=5)
    }

    assert (report["domain/easy"].at_cap, report["domain/easy"].headroom) == (12, 1)
    assert report["domain/easy"].served == 60
    assert (report["domain/medium"].headroom, report["domain/hard"].headroom) == (3, 3)
    assert report["behavioural"].headroom == 1
