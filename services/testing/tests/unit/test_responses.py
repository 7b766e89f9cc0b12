"""Responses of the wrong shape, or naming what the item does not show, are refused."""

from __future__ import annotations

import pytest
from jobpeak_contracts.questions import Difficulty, Section
from jobpeak_testing.domain.answers import Answer
from jobpeak_testing.domain.assembly import DrawnItem
from jobpeak_testing.domain.pool import pooled
from jobpeak_testing.domain.responses import (
    FaultyLines,
    InvalidResponse,
    MultipleChoice,
    Response,
    SingleChoice,
    TrueOrFalse,
    check_response,
    to_answer,
    to_response,
)

from services.testing.tests.samples import KEY_MARKER, question

pytestmark = pytest.mark.unit


def _item(form: int) -> DrawnItem:
    shown = question(
        question_id="q-shape", section=Section.DOMAIN, difficulty=Difficulty.HARD, form=form
    )
    return DrawnItem(pooled(shown), ("b", "d", "a", "c") if hasattr(shown, "options") else ())


@pytest.mark.parametrize(
    ("form", "response", "problem"),
    [
        (0, MultipleChoice(frozenset({"a"})), "single_choice: answer with 'choice'"),
        (0, SingleChoice("e"), "choice must be one of ['a', 'b', 'c', 'd']"),
        (1, SingleChoice("a"), "multiple_select: answer with 'choices'"),
        (1, MultipleChoice(frozenset()), "choose at least one option"),
        (1, MultipleChoice(frozenset({"a", "z"})), "['z'] are not options"),
        (2, TrueOrFalse(True), "faulty_lines: answer with 'lines'"),
        (2, FaultyLines(frozenset({0, 7})), "line(s) [0, 7] are outside the snippet (1-6)"),
        (3, FaultyLines(frozenset({1})), "true_false: answer with 'value'"),
    ],
)
def test_a_response_that_does_not_fit_is_refused_with_a_clear_reason(
    form: int, response: Response, problem: str
) -> None:
    with pytest.raises(InvalidResponse) as refused:
        check_response(_item(form), response)

    assert problem in str(refused.value)
    assert "q-shape" in str(refused.value)
    assert KEY_MARKER not in str(refused.value)


@pytest.mark.parametrize(
    ("form", "response"),
    [
        (0, SingleChoice("d")),
        (1, MultipleChoice(frozenset({"a", "b", "c", "d"}))),
        (2, FaultyLines(frozenset({1, 6}))),
        (2, FaultyLines(frozenset())),
        (3, TrueOrFalse(False)),
    ],
)
def test_a_response_of_the_right_shape_is_accepted(form: int, response: Response) -> None:
    check_response(_item(form), response)


@pytest.mark.parametrize(
    ("form", "response", "answer"),
    [
        (0, SingleChoice("a"), "b"),
        (1, MultipleChoice(frozenset({"a", "d"})), frozenset({"b", "c"})),
        (2, FaultyLines(frozenset({3})), frozenset({3})),
        (3, TrueOrFalse(True), True),
    ],
)
def test_labels_are_translated_to_the_question_options_and_back(
    form: int, response: Response, answer: Answer
) -> None:
    item = _item(form)  # options shown in the order b, d, a, c

    assert to_answer(item, response) == answer
    assert to_response(item, answer) == response
