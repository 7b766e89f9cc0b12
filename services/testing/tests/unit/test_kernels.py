"""The kernels: compiled by the build, in step with PooledQuestion, same results as the source."""

from __future__ import annotations

import os
from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jobpeak_contracts.blueprints import Blueprint
from jobpeak_contracts.questions import Question
from jobpeak_testing.domain import kernels as source
from jobpeak_testing.domain.assembly import _strata, assemble, draw_stream
from jobpeak_testing.domain.compiled import COMPILED, kernels
from jobpeak_testing.domain.orderings import MATERIALISED_UP_TO, order_table
from jobpeak_testing.domain.pool import PooledQuestion, QuestionPool

from services.testing.tests.samples import bank, blueprint, correct_answer, wrong_answer
from services.testing.tests.unit.test_assembly import fillable_cases

pytestmark = pytest.mark.unit

Case = tuple[Blueprint, list[Question], frozenset[str], int]


def test_the_build_installs_the_compiled_kernels() -> None:
    """A build that fell back to pure Python (no C compiler) must not pass unnoticed."""
    if os.environ.get("JOBPEAK_PURE_PYTHON") == "1":
        assert not COMPILED
    else:
        assert COMPILED, (
            "_jobpeak_testing_kernels is missing: the build had no C compiler or mypyc failed; "
            "install gcc, then `uv sync --reinstall-package jobpeak-testing` and read its output"
        )


def test_the_kernels_read_the_fields_of_a_pooled_question_where_they_are() -> None:
    fields = PooledQuestion._fields
    assert fields[source.QUESTION_ID] == "question_id"
    assert fields[source.KEY] == "key"
    assert fields[source.ORDERINGS] == "orderings"
    assert fields[source.CELL] == "cell"


@settings(max_examples=100, deadline=None)
@given(fillable_cases())
def test_compiled_and_source_kernels_draw_the_same(case: Case) -> None:
    chosen, questions, seen, seed = case
    strata = _strata(chosen, QuestionPool.of(questions))
    words = draw_stream(seed, source.words_needed(strata))

    exposure = {question.id: seed % (index + 2) for index, question in enumerate(questions)}

    assert kernels.draw(strata, words, seen, {}) == source.draw(strata, words, seen, {})
    assert kernels.draw(strata, words, seen, exposure) == source.draw(strata, words, seen, exposure)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**63 - 1), st.lists(st.booleans(), min_size=60, max_size=60))
def test_compiled_and_source_kernels_score_the_same(seed: int, right: list[bool]) -> None:
    draw = assemble(blueprint=blueprint(), pool=QuestionPool.of(bank()), seen=(), seed=seed)
    answers = {
        item.question_id: correct_answer(item) if is_right else wrong_answer(item)
        for item, is_right in zip(draw.items, right, strict=True)
    }
    points = [1.0, 2.0, 3.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    parts = bytes([0, 0, 0, 0, 1, 1, 1, 1])

    compiled = kernels.score(draw.questions, answers, draw.cells, points, parts)

    assert compiled == source.score(draw.questions, answers, draw.cells, points, parts)
    assert compiled[0] == tuple(right)


def test_orders_of_many_options_are_built_on_demand_in_permutation_order() -> None:
    options = tuple("abcdefgh"[: MATERIALISED_UP_TO + 1])
    on_demand = order_table(options)

    assert not isinstance(on_demand, tuple)
    assert list(on_demand) == list(permutations(options))
    assert on_demand[-1] == on_demand[len(on_demand) - 1] == tuple(reversed(options))
    with pytest.raises(IndexError):
        on_demand[len(on_demand)]


def test_orders_of_few_options_are_stored_in_full() -> None:
    assert order_table(("a", "b", "c")) == tuple(permutations(("a", "b", "c")))
    assert order_table(()) == ((),)
