"""Can the bank fill a blueprint? Checked before every publish.

A blueprint draws only from its own pool (practice from the practice pool, certification from
the certification bank). Every stratum (pool x section x difficulty) must hold enough active
questions for several disjoint attempts: a certification twice over, so a candidate's retake can
be drawn entirely from questions they have not seen; a practice test three times over, so
practising again shows mostly new items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jobpeak_contracts.questions import Difficulty, Question, QuestionPool, Section

from jobpeak_catalog.domain.blueprint import Blueprint, BlueprintKind

ATTEMPTS_TO_COVER: Mapping[BlueprintKind, int] = {
    BlueprintKind.PRACTICE: 3,
    BlueprintKind.CERTIFICATION: 2,
}
"""How many disjoint attempts of each blueprint the active pool must be able to fill."""

POOL_OF: Mapping[BlueprintKind, QuestionPool] = {
    BlueprintKind.PRACTICE: QuestionPool.PRACTICE,
    BlueprintKind.CERTIFICATION: QuestionPool.CERTIFICATION,
}
"""The one pool each kind of attempt draws from."""


@dataclass(frozen=True)
class Stratum:
    section: Section
    difficulty: Difficulty | None
    pool: QuestionPool = QuestionPool.CERTIFICATION

    def __str__(self) -> str:
        return (
            f"{self.section.value}/{self.difficulty.value}"
            if self.difficulty
            else self.section.value
        )


@dataclass(frozen=True)
class Shortfall:
    blueprint: BlueprintKind
    stratum: Stratum
    required: int
    available: int

    def __str__(self) -> str:
        return f"{self.blueprint.value} {self.stratum}: {self.message}"

    @property
    def message(self) -> str:
        return (
            f"needs {self.required} active questions,"
            f" the {self.stratum.pool.value} pool has {self.available}"
        )


def stratum_of(question: Question) -> Stratum:
    return Stratum(section=question.section, difficulty=question.difficulty, pool=question.pool)


def count_by_stratum(active_questions: Iterable[Question]) -> Counter[Stratum]:
    return Counter(stratum_of(question) for question in active_questions)


def required_by_stratum(blueprint: Blueprint) -> dict[Stratum, int]:
    attempts = ATTEMPTS_TO_COVER[blueprint.kind]
    pool = POOL_OF[blueprint.kind]
    required = {
        Stratum(Section.DOMAIN, difficulty, pool): blueprint.domain.mix.count(difficulty) * attempts
        for difficulty in Difficulty
    }
    required[Stratum(Section.BEHAVIOURAL, None, pool)] = blueprint.behavioural.count * attempts
    return {stratum: count for stratum, count in required.items() if count > 0}


def find_shortfalls(
    *, blueprints: Iterable[Blueprint], available: Mapping[Stratum, int]
) -> list[Shortfall]:
    """Every stratum of every blueprint that the active bank cannot fill; empty if feasible."""
    return [
        Shortfall(
            blueprint=blueprint.kind,
            stratum=stratum,
            required=required,
            available=available.get(stratum, 0),
        )
        for blueprint in blueprints
        for stratum, required in required_by_stratum(blueprint).items()
        if available.get(stratum, 0) < required
    ]
