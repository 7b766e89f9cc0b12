"""Grading per format, weights from the blueprint, and the pass mark."""

from __future__ import annotations

import pytest
from jobpeak_contracts.blueprints import Blueprint
from jobpeak_contracts.questions import Difficulty, Question, Section
from jobpeak_testing.domain.answers import Answer
from jobpeak_testing.domain.assembly import Draw, DrawnItem, assemble
from jobpeak_testing.domain.grading import Grade, grade
from jobpeak_testing.domain.pool import QuestionPool, pooled
from jobpeak_testing.domain.responses import (
    FaultyLines,
    MultipleChoice,
    Response,
    SingleChoice,
    TrueOrFalse,
    to_answer,
)

from services.testing.tests.samples import (
    bank,
    blueprint,
    correct_answer,
    question,
    wrong_answer,
)

pytestmark = pytest.mark.unit


def _item(form: int, option_order: tuple[str, ...] = ("c", "a", "d", "b")) -> DrawnItem:
    shown: Question = question(
        question_id="q-format", section=Section.DOMAIN, difficulty=Difficulty.EASY, form=form
    )
    has_options = hasattr(shown, "options")
    return DrawnItem(pooled(shown), option_order if has_options else ())


def _graded_correct(item: DrawnItem, answer: Answer | None) -> bool:
    answers = {} if answer is None else {item.question_id: answer}
    draw = Draw.of(0, [item.pooled], [item.option_order])
    result = grade(blueprint=blueprint(), draw=draw, answers=answers)
    return result.correct == (True,)


SINGLE = 0  # key "b", shown under label "d" in order (c, a, d, b)
MULTIPLE = 1  # key {"a", "c"}, shown under labels {"b", "a"}
LINES = 2  # key {2, 5}
TRUE_FALSE = 3  # key True


@pytest.mark.parametrize(
    ("form", "response", "correct"),
    [
        (SINGLE, SingleChoice("d"), True),
        (SINGLE, SingleChoice("b"), False),  # the key's own id, not its label: wrong
        (MULTIPLE, MultipleChoice(frozenset({"a", "b"})), True),
        (MULTIPLE, MultipleChoice(frozenset({"a"})), False),  # half the set
        (MULTIPLE, MultipleChoice(frozenset({"a", "b", "c"})), False),  # a superset
        (MULTIPLE, MultipleChoice(frozenset("abcd")), False),  # everything
        (LINES, FaultyLines(frozenset({2, 5})), True),
        (LINES, FaultyLines(frozenset({2})), False),
        (LINES, FaultyLines(frozenset({2, 5, 6})), False),
        (TRUE_FALSE, TrueOrFalse(True), True),
        (TRUE_FALSE, TrueOrFalse(False), False),
    ],
)
def test_each_format_is_graded_by_its_own_rule(
    form: int, response: Response, correct: bool
) -> None:
    item = _item(form)

    assert _graded_correct(item, to_answer(item, response)) is correct


@pytest.mark.parametrize("form", [SINGLE, MULTIPLE, LINES, TRUE_FALSE])
def test_an_unanswered_item_is_incorrect(form: int) -> None:
    assert _graded_correct(_item(form), None) is False


def _draw(seed: int = 11) -> tuple[DrawnItem, ...]:
    return assemble(blueprint=blueprint(), pool=QuestionPool.of(bank()), seen=(), seed=seed).items


def _grade(chosen: Blueprint, items: tuple[DrawnItem, ...], answers: dict[str, Answer]) -> Grade:
    draw = Draw.of(0, [item.pooled for item in items], [item.option_order for item in items])
    return grade(blueprint=chosen, draw=draw, answers=answers)


def test_all_correct_scores_one_and_passes() -> None:
    items = _draw()
    result = _grade(
        blueprint(),
        items,
        {item.question_id: correct_answer(item) for item in items},
    )

    assert (result.total_score, result.domain_score, result.behavioural_score) == (1.0, 1.0, 1.0)
    assert result.passed
    assert result.correct == (True,) * len(items)


def test_domain_items_weigh_by_difficulty_and_behavioural_items_count_one_each() -> None:
    # Coding: 10x1 + 20x2 + 10x3 = 80 domain points, 20 behavioural points, 100 in all.
    items = _draw()
    hard_only = {
        item.question_id: correct_answer(item)
        for item in items
        if item.question.difficulty is Difficulty.HARD
    }
    behavioural_only = {
        item.question_id: correct_answer(item)
        for item in items
        if item.question.section is Section.BEHAVIOURAL
    }

    hard = _grade(blueprint(), items, hard_only)
    behavioural = _grade(blueprint(), items, behavioural_only)

    assert hard.domain_score == pytest.approx(30 / 80)
    assert hard.behavioural_score == 0.0
    assert hard.total_score == pytest.approx(30 / 100)
    assert behavioural.behavioural_score == 1.0
    assert behavioural.domain_score == 0.0
    assert behavioural.total_score == pytest.approx(20 / 100)


def test_weights_come_from_the_blueprint() -> None:
    items = _draw()
    easy_only = {
        item.question_id: correct_answer(item)
        for item in items
        if item.question.difficulty is Difficulty.EASY
    }
    flat = blueprint(weights=(1.0, 1.0, 1.0))

    assert _grade(flat, items, easy_only).domain_score == 10 / 40


def _responses_worth(items: tuple[DrawnItem, ...], points: int) -> dict[str, Answer]:
    """Correct answers worth exactly ``points`` of Coding's 100, heaviest items first."""
    worth = {Difficulty.HARD: 3, Difficulty.MEDIUM: 2, Difficulty.EASY: 1, None: 1}
    responses: dict[str, Answer] = {}
    budget = points
    for item in sorted(items, key=lambda item: -worth[item.question.difficulty]):
        points_of_item = worth[item.question.difficulty]
        if points_of_item <= budget:
            responses[item.question_id] = correct_answer(item)
            budget -= points_of_item
        else:
            responses[item.question_id] = wrong_answer(item)
    assert budget == 0
    return responses


def test_exactly_the_pass_mark_passes_and_one_point_less_fails() -> None:
    items = _draw()

    at_mark = _grade(blueprint(), items, _responses_worth(items, 78))
    below = _grade(blueprint(), items, _responses_worth(items, 77))

    assert at_mark.total_score == 0.78
    assert at_mark.passed
    assert below.total_score == pytest.approx(0.77)
    assert not below.passed


def test_the_pass_mark_comes_from_the_blueprint() -> None:
    items = _draw()
    responses = _responses_worth(items, 60)

    assert _grade(blueprint(pass_mark=0.6), items, responses).passed
    assert not _grade(blueprint(), items, responses).passed


def test_wrong_answers_everywhere_score_zero() -> None:
    items = _draw()
    result = _grade(
        blueprint(),
        items,
        {item.question_id: wrong_answer(item) for item in items},
    )

    assert (result.total_score, result.domain_score, result.behavioural_score) == (0.0, 0.0, 0.0)
    assert not result.passed


def test_per_item_results_follow_the_serving_order() -> None:
    items = _draw()
    answers = {
        item.question_id: correct_answer(item) if position % 3 else wrong_answer(item)
        for position, item in enumerate(items)
        if position % 5
    }

    result = _grade(blueprint(), items, answers)

    assert result.correct == tuple(
        position % 3 != 0 and position % 5 != 0 for position in range(len(items))
    )
