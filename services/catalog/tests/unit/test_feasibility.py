"""Feasibility: each blueprint against its own pool; certification twice over, practice thrice."""

from __future__ import annotations

from pathlib import Path

import pytest
from jobpeak_catalog.adapters.bankfiles import parse_specialty
from jobpeak_catalog.domain.blueprint import BlueprintKind
from jobpeak_catalog.domain.feasibility import Shortfall, Stratum, find_shortfalls
from jobpeak_catalog.domain.specialty import SpecialtyDefinition
from jobpeak_contracts.questions import Difficulty, QuestionPool, Section

pytestmark = pytest.mark.unit

EASY = Stratum(Section.DOMAIN, Difficulty.EASY)
MEDIUM = Stratum(Section.DOMAIN, Difficulty.MEDIUM)
HARD = Stratum(Section.DOMAIN, Difficulty.HARD)
BEHAVIOURAL = Stratum(Section.BEHAVIOURAL, None)
PRACTICE_EASY = Stratum(Section.DOMAIN, Difficulty.EASY, QuestionPool.PRACTICE)
PRACTICE_MEDIUM = Stratum(Section.DOMAIN, Difficulty.MEDIUM, QuestionPool.PRACTICE)
PRACTICE_HARD = Stratum(Section.DOMAIN, Difficulty.HARD, QuestionPool.PRACTICE)
PRACTICE_BEHAVIOURAL = Stratum(Section.BEHAVIOURAL, None, QuestionPool.PRACTICE)
THREE_PRACTICE_FORMS = {
    PRACTICE_EASY: 9,
    PRACTICE_MEDIUM: 18,
    PRACTICE_HARD: 9,
    PRACTICE_BEHAVIOURAL: 9,
}


@pytest.fixture(scope="module")
def coding(coding_seed_dir: Path) -> SpecialtyDefinition:
    path = coding_seed_dir / "specialty.yaml"
    return parse_specialty(path.read_text(encoding="utf-8"), source=str(path))


def test_twice_the_certification_draw_and_three_practice_forms_are_enough(
    coding: SpecialtyDefinition,
) -> None:
    available = {EASY: 20, MEDIUM: 40, HARD: 20, BEHAVIOURAL: 40, **THREE_PRACTICE_FORMS}

    assert find_shortfalls(blueprints=coding.blueprints, available=available) == []


def test_one_certification_draw_is_not_enough_for_a_retake(coding: SpecialtyDefinition) -> None:
    available = {EASY: 10, MEDIUM: 40, HARD: 20, BEHAVIOURAL: 40, **THREE_PRACTICE_FORMS}

    shortfalls = find_shortfalls(blueprints=coding.blueprints, available=available)

    assert shortfalls == [Shortfall(BlueprintKind.CERTIFICATION, EASY, 20, 10)]
    assert str(shortfalls[0]) == (
        "certification domain/easy: needs 20 active questions, the certification pool has 10"
    )


def test_practice_needs_three_disjoint_forms_from_its_own_pool(
    coding: SpecialtyDefinition,
) -> None:
    two_forms = {PRACTICE_EASY: 6, PRACTICE_MEDIUM: 12, PRACTICE_HARD: 6, PRACTICE_BEHAVIOURAL: 6}

    assert find_shortfalls(blueprints=[coding.practice], available=THREE_PRACTICE_FORMS) == []
    assert [
        (s.stratum, s.required, s.available)
        for s in find_shortfalls(blueprints=[coding.practice], available=two_forms)
    ] == [
        (PRACTICE_EASY, 9, 6),
        (PRACTICE_MEDIUM, 18, 12),
        (PRACTICE_HARD, 9, 6),
        (PRACTICE_BEHAVIOURAL, 9, 6),
    ]


def test_certification_items_never_fill_a_practice_blueprint(coding: SpecialtyDefinition) -> None:
    plenty_of_certification = {EASY: 100, MEDIUM: 100, HARD: 100, BEHAVIOURAL: 100}

    shortfalls = find_shortfalls(blueprints=[coding.practice], available=plenty_of_certification)

    assert [str(s) for s in shortfalls] == [
        "practice domain/easy: needs 9 active questions, the practice pool has 0",
        "practice domain/medium: needs 18 active questions, the practice pool has 0",
        "practice domain/hard: needs 9 active questions, the practice pool has 0",
        "practice behavioural: needs 9 active questions, the practice pool has 0",
    ]


def test_every_shortfall_is_listed(coding: SpecialtyDefinition) -> None:
    available = {EASY: 2, MEDIUM: 39, PRACTICE_EASY: 2}

    shortfalls = find_shortfalls(blueprints=coding.blueprints, available=available)

    assert [(s.blueprint, s.stratum, s.required, s.available) for s in shortfalls] == [
        (BlueprintKind.PRACTICE, PRACTICE_EASY, 9, 2),
        (BlueprintKind.PRACTICE, PRACTICE_MEDIUM, 18, 0),
        (BlueprintKind.PRACTICE, PRACTICE_HARD, 9, 0),
        (BlueprintKind.PRACTICE, PRACTICE_BEHAVIOURAL, 9, 0),
        (BlueprintKind.CERTIFICATION, EASY, 20, 2),
        (BlueprintKind.CERTIFICATION, MEDIUM, 40, 39),
        (BlueprintKind.CERTIFICATION, HARD, 20, 0),
        (BlueprintKind.CERTIFICATION, BEHAVIOURAL, 40, 0),
    ]
