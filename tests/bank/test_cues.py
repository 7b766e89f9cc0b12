"""No guessing cues in the certification pool: the key's length, its position, and what three
know-nothing strategies score over simulated attempts (figures: ``python -m tests.bank.cues``);
and the model is sometimes right, so "always reject" is no free elimination.
"""

from __future__ import annotations

import pytest

from tests.bank.cues import (
    GROUPS,
    STRATEGIES,
    STRATEGY_LIMITS,
    PoolCues,
    load_blueprint,
    measure,
    render,
)
from tests.bank.loader import Bank
from tests.bank.model import DIFFICULTIES, LANGUAGE_CODES
from tests.bank.practice import (
    KEY_LETTER_SHARE,
    LONGEST_KEY_SHARE,
    MODEL_CORRECT_LANGUAGES,
    MODEL_CORRECT_SHARE,
    figures,
)

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def cues(bank: Bank) -> PoolCues:
    measured = measure("certification", bank, load_blueprint("certification"))
    print("\n".join(render(measured)))
    return measured


def test_the_key_is_rarely_the_uniquely_longest_option(cues: PoolCues) -> None:
    over = [
        f"{group}: {longest} of {items} single-choice keys are the uniquely longest option"
        for group in GROUPS
        for longest, items in [cues.longest_key[group]]
        if longest > LONGEST_KEY_SHARE * items
    ]
    assert not over, f"at most {LONGEST_KEY_SHARE:.0%} per difficulty:\n" + "\n".join(over)


def test_written_key_positions_are_spread(cues: PoolCues) -> None:
    over = [
        f"{group}: key {letter!r} in {count} of {sum(letters.values())}"
        for group in ("domain", "behavioural")
        for letters in [cues.key_letters[group]]
        for letter, count in sorted(letters.items())
        if count > KEY_LETTER_SHARE * sum(letters.values())
    ]
    assert not over, f"no position over {KEY_LETTER_SHARE:.0%}:\n" + "\n".join(over)


def test_know_nothing_strategies_score_low(cues: PoolCues) -> None:
    over = [
        f"{section}: {strategy} averages {score:.0%} (limit {limit:.0%})"
        for section, limit in STRATEGY_LIMITS.items()
        for strategy in STRATEGIES
        for score in [cues.mean_score(section, strategy)]
        if score is None or score > limit
    ]
    assert not over, "\n".join(over)


def test_a_fifth_of_domain_items_approve_correct_code(bank: Bank) -> None:
    f = figures(bank)
    languages = [lang for lang in LANGUAGE_CODES if f.model_correct_by[lang]]
    print(
        f"model-correct: {f.model_correct} of {f.domain} domain items "
        f"({f.model_correct_share:.0%}) in {len(languages)} languages"
    )
    assert f.model_correct_share >= MODEL_CORRECT_SHARE
    assert all(f.model_correct_by[d] for d in DIFFICULTIES)
    assert len(languages) >= MODEL_CORRECT_LANGUAGES
