"""Faulty-lines items whose key is "no line is faulty": answered and graded like any other."""

from __future__ import annotations

import pytest
from jobpeak_contracts.questions import Difficulty, FaultyLinesQuestion, Section
from jobpeak_testing.api.answer_shapes import AnswerItem
from jobpeak_testing.domain.answers import answer_key
from jobpeak_testing.domain.assembly import DrawnItem
from jobpeak_testing.domain.pool import pooled
from jobpeak_testing.domain.responses import FaultyLines, check_response, to_answer

pytestmark = pytest.mark.unit

CORRECT_CODE = "def total(xs):\n    return sum(xs)\n"


def _item(answer: list[int]) -> DrawnItem:
    question = FaultyLinesQuestion(
        id="q-clean",
        version=1,
        specialty="coding",
        section=Section.DOMAIN,
        difficulty=Difficulty.MEDIUM,
        topic="code-review",
        language="python",
        stem="Mark every faulty line, if any.",
        code=CORRECT_CODE,
        answer=answer,
        explanation="sum() of a list is its total; the code is correct.",
    )
    return DrawnItem(pooled(question), ())


def test_an_empty_key_is_earned_only_by_an_empty_response() -> None:
    item = _item([])
    key = answer_key(item.question)
    clean = AnswerItem.model_validate({"response": {"lines": []}}).to_domain()
    assert clean == FaultyLines(frozenset())
    check_response(item, clean)
    assert to_answer(item, clean) == key
    flagged = FaultyLines(frozenset({2}))
    check_response(item, flagged)
    assert to_answer(item, flagged) != key


def test_an_empty_response_misses_a_key_that_names_a_line() -> None:
    item = _item([2])
    empty = FaultyLines(frozenset())
    check_response(item, empty)
    assert to_answer(item, empty) != answer_key(item.question)
