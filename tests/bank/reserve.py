"""The reserve: certification-quality items, inactive, ready to replace retired ones.

A reserve item is held to the certification pool's per-item lint and proofs (test_lint and
test_verification run over it, ids ``<language>:cod-<code>-rNN``) and to stricter rules as a
whole: every domain item proven by execution, every expected failure naming its reason, cue
figures as the practice pool's, and nothing shared with the certification or practice pools.
"""

from __future__ import annotations

from jobpeak_contracts.questions import Section

from tests.bank.loader import Bank
from tests.bank.model import DIFFICULTIES, DOMAIN_TOPICS, LANGUAGE_CODES
from tests.bank.practice import (
    KEY_LETTER_SHARE,
    LONGEST_KEY_SHARE,
    MODEL_CORRECT_SHARE,
    figures,
    overlap_problems,
)

TOTAL_MINIMUM = 30
PER_LANGUAGE_MINIMUM = 3
PER_TOPIC_MINIMUM = 4
PER_DIFFICULTY_MINIMUM = 6
BEHAVIOURAL_MINIMUM = 3


def _shortfalls(label: str, counts: dict[str, int], names: tuple[str, ...], need: int) -> list[str]:
    return [
        f"{label} {name}: {counts.get(name, 0)} domain items, at least {need} needed"
        for name in names
        if counts.get(name, 0) < need
    ]


def reserve_problems(reserve: Bank) -> list[str]:
    """Every rule of the reserve as a whole that it breaks; empty when it is fine."""
    f = figures(reserve)
    problems = []
    if f.total < TOTAL_MINIMUM:
        problems.append(f"total: {f.total} items, at least {TOTAL_MINIMUM} needed")
    if f.behavioural < BEHAVIOURAL_MINIMUM:
        problems.append(f"behavioural: {f.behavioural} items, at least {BEHAVIOURAL_MINIMUM}")
    problems += _shortfalls("language", f.language, tuple(LANGUAGE_CODES), PER_LANGUAGE_MINIMUM)
    problems += _shortfalls("topic", f.topic, DOMAIN_TOPICS, PER_TOPIC_MINIMUM)
    problems += _shortfalls("difficulty", f.difficulty, DIFFICULTIES, PER_DIFFICULTY_MINIMUM)
    if f.model_correct_share < MODEL_CORRECT_SHARE:
        problems.append(
            f"model-correct: {f.model_correct} of {f.domain} domain items, "
            f"at least {MODEL_CORRECT_SHARE:.0%} needed"
        )
    for group, (longest, items) in f.longest_key.items():
        if items and longest > LONGEST_KEY_SHARE * items:
            problems.append(f"{group}: the key is uniquely longest in {longest} of {items}")
    for section, letters in f.key_letters.items():
        items = sum(letters.values())
        problems += [
            f"{section}: key {letter!r} in {count} of {items} choice items"
            for letter, count in sorted(letters.items())
            if count > KEY_LETTER_SHARE * items
        ]
    return problems


def proof_problems(reserve: Bank) -> list[str]:
    """Domain items without an executed proof, and expected failures that name no reason."""
    problems = []
    for entry in reserve.entries:
        question = entry.question
        if question is None or question.section is not Section.DOMAIN:
            continue
        verification = entry.runnable
        if verification is None:
            problems.append(f"{entry.id}: a reserve domain item is proven by execution")
            continue
        problems += [
            f"{entry.id} case {case.name!r}: an expected failure names its reason or stdout"
            for case in verification.cases
            if case.expect == "fail" and not (case.reason or case.stdout)
        ]
    return problems


def separation_problems(*, reserve: Bank, others: tuple[Bank, ...]) -> list[str]:
    """Reserve items sharing an id, a stem or a code snippet with another pool's item."""
    return [
        problem
        for other in others
        for problem in overlap_problems(certification=other, practice=reserve)
    ]
