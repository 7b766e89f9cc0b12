"""Can the bank fill a blueprint? Checked before every publish.

Every stratum (section x difficulty) must hold at least as many active questions as one
attempt draws from it. A certification must hold twice that, so a candidate's retake can be
drawn entirely from questions they have not seen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jobpeak_contracts.questions import Difficulty, Question, Section

from jobpeak_catalog.domain.blueprint import Blueprint, BlueprintKind

ATTEMPTS_TO_COVER: Mapping[BlueprintKind, int] = {
    BlueprintKind.PRACTICE: 1,
    BlueprintKind.CERTIFICATION: 2,
}


@dataclass(frozen=True)
class Stratum:
    section: Section
    difficulty: Difficulty | None

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
        return (
            f"{self.blueprint.value} {self.stratum}: needs {self.required} active questions,"
            f" the bank has {self.available}"
        )


def stratum_of(question: Question) -> Stratum:
    return Stratum(section=question.section, difficulty=question.difficulty)


def count_by_stratum(active_questions: Iterable[Question]) -> Counter[Stratum]:
    return Counter(stratum_of(question) for question in active_questions)


def required_by_stratum(blueprint: Blueprint) -> dict[Stratum, int]:
    attempts = ATTEMPTS_TO_COVER[blueprint.kind]
    required = {
        Stratum(Section.DOMAIN, difficulty): blueprint.domain.mix.count(difficulty) * attempts
        for difficulty in Difficulty
    }
    required[Stratum(Section.BEHAVIOURAL, None)] = blueprint.behavioural.count * attempts
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
