"""Feasibility: enough active questions in every stratum, twice over for certification."""

from __future__ import annotations

from pathlib import Path

import pytest
from jobpeak_catalog.adapters.bankfiles import parse_specialty
from jobpeak_catalog.domain.blueprint import BlueprintKind
from jobpeak_catalog.domain.feasibility import Shortfall, Stratum, find_shortfalls
from jobpeak_catalog.domain.specialty import SpecialtyDefinition
from jobpeak_contracts.questions import Difficulty, Section

pytestmark = pytest.mark.unit

EASY = Stratum(Section.DOMAIN, Difficulty.EASY)
MEDIUM = Stratum(Section.DOMAIN, Difficulty.MEDIUM)
HARD = Stratum(Section.DOMAIN, Difficulty.HARD)
BEHAVIOURAL = Stratum(Section.BEHAVIOURAL, None)


@pytest.fixture(scope="module")
def coding(coding_seed_dir: Path) -> SpecialtyDefinition:
    path = coding_seed_dir / "specialty.yaml"
    return parse_specialty(path.read_text(encoding="utf-8"), source=str(path))


def test_twice_the_certification_draw_is_enough(coding: SpecialtyDefinition) -> None:
    available = {EASY: 20, MEDIUM: 40, HARD: 20, BEHAVIOURAL: 40}

    assert find_shortfalls(blueprints=coding.blueprints, available=available) == []


def test_one_certification_draw_is_not_enough_for_a_retake(coding: SpecialtyDefinition) -> None:
    available = {EASY: 10, MEDIUM: 40, HARD: 20, BEHAVIOURAL: 40}

    shortfalls = find_shortfalls(blueprints=coding.blueprints, available=available)

    assert shortfalls == [Shortfall(BlueprintKind.CERTIFICATION, EASY, 20, 10)]
    assert str(shortfalls[0]) == (
        "certification domain/easy: needs 20 active questions, the bank has 10"
    )


def test_practice_needs_one_draw(coding: SpecialtyDefinition) -> None:
    available = {EASY: 3, MEDIUM: 6, HARD: 3, BEHAVIOURAL: 3}

    shortfalls = find_shortfalls(blueprints=[coding.practice], available=available)

    assert shortfalls == []


def test_every_shortfall_is_listed(coding: SpecialtyDefinition) -> None:
    available = {EASY: 2, MEDIUM: 39}

    shortfalls = find_shortfalls(blueprints=coding.blueprints, available=available)

    assert [(s.blueprint, s.stratum, s.required, s.available) for s in shortfalls] == [
        (BlueprintKind.PRACTICE, EASY, 3, 2),
        (BlueprintKind.PRACTICE, HARD, 3, 0),
        (BlueprintKind.PRACTICE, BEHAVIOURAL, 3, 0),
        (BlueprintKind.CERTIFICATION, EASY, 20, 2),
        (BlueprintKind.CERTIFICATION, MEDIUM, 40, 39),
        (BlueprintKind.CERTIFICATION, HARD, 20, 0),
        (BlueprintKind.CERTIFICATION, BEHAVIOURAL, 40, 0),
    ]
