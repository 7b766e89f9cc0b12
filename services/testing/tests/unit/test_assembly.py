"""Assembly: the draw follows the blueprint exactly, avoids repeats, and is reproducible."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jobpeak_contracts.blueprints import Blueprint, BlueprintKind
from jobpeak_contracts.questions import Difficulty, Question, Section
from jobpeak_testing.domain.assembly import BankCannotFill, Draw, assemble, find_shortfalls
from jobpeak_testing.domain.pool import QuestionPool, Stratum, strata_of

from services.testing.tests.samples import bank, blueprint, practice_blueprint

pytestmark = pytest.mark.unit

EASY = Stratum(Section.DOMAIN, Difficulty.EASY)
MEDIUM = Stratum(Section.DOMAIN, Difficulty.MEDIUM)
HARD = Stratum(Section.DOMAIN, Difficulty.HARD)
BEHAVIOURAL = Stratum(Section.BEHAVIOURAL, None)


def _counts(draw: Draw) -> Counter[Stratum]:
    return Counter(item.stratum for item in draw.items)


def test_certification_draws_40_domain_at_10_20_10_and_20_behavioural() -> None:
    draw = assemble(blueprint=blueprint(), pool=QuestionPool.of(bank()), seen=(), seed=7)

    assert _counts(draw) == {EASY: 10, MEDIUM: 20, HARD: 10, BEHAVIOURAL: 20}
    assert len(draw.items) == 60


def test_practice_draws_12_domain_at_3_6_3_and_3_behavioural() -> None:
    draw = assemble(blueprint=practice_blueprint(), pool=QuestionPool.of(bank()), seen=(), seed=7)

    assert _counts(draw) == {EASY: 3, MEDIUM: 6, HARD: 3, BEHAVIOURAL: 3}


def test_items_are_served_domain_section_first_then_behavioural() -> None:
    draw = assemble(blueprint=blueprint(), pool=QuestionPool.of(bank()), seen=(), seed=3)

    sections = [item.question.section for item in draw.items]
    assert sections == [Section.DOMAIN] * 40 + [Section.BEHAVIOURAL] * 20


def test_a_short_bank_is_refused_naming_every_short_stratum() -> None:
    pool = QuestionPool.of(bank((10, 19, 10, 12)))

    with pytest.raises(BankCannotFill) as refused:
        assemble(blueprint=blueprint(), pool=pool, seen=(), seed=1)

    message = str(refused.value)
    assert "domain/medium needs 20, the bank has 19" in message
    assert "behavioural needs 20, the bank has 12" in message
    assert "domain/easy" not in message
    assert "domain/hard" not in message
    assert {shortfall.stratum for shortfall in refused.value.shortfalls} == {MEDIUM, BEHAVIOURAL}


def test_a_bank_of_exactly_the_blueprint_size_fills_it() -> None:
    pool = QuestionPool.of(bank((10, 20, 10, 20)))

    assert find_shortfalls(blueprint=blueprint(), pool=pool) == ()
    assert len(assemble(blueprint=blueprint(), pool=pool, seen=(), seed=1).items) == 60


def test_options_are_shuffled_per_attempt() -> None:
    pool = QuestionPool.of(bank())
    orders = {
        assemble(blueprint=blueprint(), pool=pool, seen=(), seed=seed).items[0].option_order
        for seed in range(40)
    }

    assert len(orders) > 1


# --- properties ----------------------------------------------------------------------------


@st.composite
def blueprints(draw: st.DrawFn) -> Blueprint:
    """Any mix, not just Coding's: counts must come from the blueprint."""
    easy, medium, hard = (draw(st.integers(0, 8)) for _ in range(3))
    behavioural = draw(st.integers(0 if easy + medium + hard else 1, 8))
    kind = draw(st.sampled_from(BlueprintKind))
    if kind is BlueprintKind.PRACTICE:
        return practice_blueprint(mix=(easy, medium, hard), behavioural=behavioural)
    return blueprint(mix=(easy, medium, hard), behavioural=behavioural)


@st.composite
def fillable_cases(draw: st.DrawFn) -> tuple[Blueprint, list[Question], frozenset[str], int]:
    chosen = draw(blueprints())
    needed = dict(strata_of(chosen))
    strata = (EASY, MEDIUM, HARD, BEHAVIOURAL)
    sizes = tuple(needed.get(stratum, 0) + draw(st.integers(0, 6)) for stratum in strata)
    questions = bank(sizes)  # type: ignore[arg-type]
    seen = draw(st.frozensets(st.sampled_from([q.id for q in questions]))) if questions else None
    return chosen, questions, seen or frozenset(), draw(st.integers(0, 2**63 - 1))


@settings(max_examples=150, deadline=None)
@given(fillable_cases())
def test_every_stratum_gets_exactly_its_count(
    case: tuple[Blueprint, list[Question], frozenset[str], int],
) -> None:
    chosen, questions, seen, seed = case

    draw = assemble(blueprint=chosen, pool=QuestionPool.of(questions), seen=seen, seed=seed)

    assert _counts(draw) == dict(strata_of(chosen))
    assert len(draw.items) == chosen.question_count()


@settings(max_examples=150, deadline=None)
@given(fillable_cases())
def test_no_question_is_drawn_twice(
    case: tuple[Blueprint, list[Question], frozenset[str], int],
) -> None:
    chosen, questions, seen, seed = case

    draw = assemble(blueprint=chosen, pool=QuestionPool.of(questions), seen=seen, seed=seed)

    ids = [item.question_id for item in draw.items]
    assert len(ids) == len(set(ids))


@settings(max_examples=150, deadline=None)
@given(fillable_cases())
def test_seen_questions_are_drawn_only_when_unavoidable(
    case: tuple[Blueprint, list[Question], frozenset[str], int],
) -> None:
    chosen, questions, seen, seed = case
    pool = QuestionPool.of(questions)

    draw = assemble(blueprint=chosen, pool=pool, seen=seen, seed=seed)

    for stratum, count in strata_of(chosen):
        unseen_available = sum(
            1 for entry in pool.in_stratum(stratum) if entry.question_id not in seen
        )
        repeats = sum(
            1 for item in draw.items if item.stratum == stratum and item.question_id in seen
        )
        assert repeats == max(0, count - unseen_available)


@settings(max_examples=100, deadline=None)
@given(fillable_cases())
def test_the_draw_is_reproducible_from_its_seed_whatever_the_bank_order(
    case: tuple[Blueprint, list[Question], frozenset[str], int],
) -> None:
    chosen, questions, seen, seed = case

    first = assemble(blueprint=chosen, pool=QuestionPool.of(questions), seen=seen, seed=seed)
    again = assemble(
        blueprint=chosen, pool=QuestionPool.of(reversed(questions)), seen=seen, seed=seed
    )

    assert first == again


@settings(max_examples=100, deadline=None)
@given(fillable_cases())
def test_shown_options_are_a_permutation_of_the_question_options(
    case: tuple[Blueprint, list[Question], frozenset[str], int],
) -> None:
    chosen, questions, seen, seed = case

    draw = assemble(blueprint=chosen, pool=QuestionPool.of(questions), seen=seen, seed=seed)

    for item in draw.items:
        options = getattr(item.question, "options", None)
        if options is None:
            assert item.option_order == ()
        else:
            assert sorted(item.option_order) == sorted(option.id for option in options)


@settings(max_examples=100, deadline=None)
@given(blueprints(), st.integers(0, 2**63 - 1))
def test_a_bank_one_short_anywhere_is_refused_naming_that_stratum(
    chosen: Blueprint, seed: int
) -> None:
    needed = dict(strata_of(chosen))
    short = next(iter(needed))
    strata = (EASY, MEDIUM, HARD, BEHAVIOURAL)
    sizes = tuple(needed.get(s, 0) - (1 if s == short else 0) for s in strata)

    with pytest.raises(BankCannotFill) as refused:
        assemble(blueprint=chosen, pool=QuestionPool.of(bank(sizes)), seen=(), seed=seed)  # type: ignore[arg-type]

    assert [shortfall.stratum for shortfall in refused.value.shortfalls] == [short]
    assert str(short) in str(refused.value)
