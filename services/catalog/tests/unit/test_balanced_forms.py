"""Balanced forms: publishing proves the disjoint forms a blueprint's minima need exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from jobpeak_catalog.adapters.bankfiles import read_seed_directory
from jobpeak_catalog.application.events import blueprint_contract
from jobpeak_catalog.domain.balanced_forms import Groups, balanced_form_problems, publish_problems
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.blueprint import Blueprint, DifficultyMix, DomainSection
from jobpeak_catalog.domain.specialty import SpecialtyDefinition
from jobpeak_contracts.questions import Question, QuestionPool, Section, TrueFalseQuestion

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def seed(coding_seed_dir: Path) -> tuple[SpecialtyDefinition, list[Question]]:
    bundle = read_seed_directory(coding_seed_dir)
    assert bundle.specialty is not None
    return bundle.specialty, [  # what publishing checks the certification minima against
        entry.question
        for entry in bundle.questions
        if entry.question.pool is QuestionPool.CERTIFICATION
        and entry.initial_status is QuestionStatus.ACTIVE
    ]


def _groups(specialty: SpecialtyDefinition) -> Groups:
    return Groups(
        languages=tuple(specialty.language_ids),
        topics=tuple(specialty.topics.ids_for(Section.DOMAIN)),
    )


def test_the_coding_certification_asks_for_balanced_forms(
    seed: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, _ = seed
    assert specialty.certification.domain.minimum_per_language == 3
    assert specialty.certification.domain.minimum_per_topic == 6


def test_the_coding_bank_holds_two_disjoint_balanced_certification_forms(
    seed: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, questions = seed
    problems = publish_problems(
        blueprints=specialty.blueprints, groups=_groups(specialty), active_questions=questions
    )
    assert problems == []


def test_a_language_short_of_two_forms_refuses_the_publish(
    seed: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, questions = seed
    thinned = [q for q in questions if q.language != "rust" or q.id.endswith(("1", "2"))]
    rust = sum(1 for q in thinned if q.language == "rust")
    problems = publish_problems(
        blueprints=specialty.blueprints, groups=_groups(specialty), active_questions=thinned
    )
    assert (
        "certification.balanced_forms",
        f"certification language rust: {rust} active domain questions, 2 disjoint forms need 6",
    ) in [(p.field, p.message) for p in problems]


def _question(number: int, language: str, topic: str) -> Question:
    return TrueFalseQuestion(
        id=f"q-{number:03d}",
        version=1,
        specialty="coding",
        section=Section.DOMAIN,
        difficulty="easy",
        topic=topic,
        language=language,
        stem="A claim about the code. True or false?",
        explanation="Whatever the claim says, this test only counts languages and topics.",
        answer=True,
    )


def _two_item_forms(certification: Blueprint) -> Blueprint:
    domain = DomainSection(
        count=2,
        mix=DifficultyMix(easy=2, medium=0, hard=0),
        weights=certification.domain.weights,
        minimum_per_language=1,
        minimum_per_topic=1,
    )
    return certification.model_copy(update={"domain": domain})


def test_swaps_repair_the_forms_a_plain_deal_leaves_short(
    seed: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    # Dealt in (language, topic) order, form 1 gets x/t and x/u (no y) and form 2 x/t and y/t
    # (no u); only swapping with the unused y/u and x/u gives both forms every group.
    pairs = [("x", "t"), ("x", "t"), ("x", "u"), ("y", "t"), ("y", "u")]
    questions = [_question(n, language, topic) for n, (language, topic) in enumerate(pairs)]
    blueprint = _two_item_forms(seed[0].certification)
    groups = Groups(languages=("x", "y"), topics=("t", "u"))
    assert (
        balanced_form_problems(blueprint=blueprint, groups=groups, active_questions=questions) == []
    )
    impossible = [*questions[:4], _question(9, "x", "u")]
    assert balanced_form_problems(
        blueprint=blueprint, groups=groups, active_questions=impossible
    ) == ["certification language y: 1 active domain questions, 2 disjoint forms need 2"]


def test_a_blueprint_without_minima_is_not_searched(
    seed: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, _ = seed
    assert specialty.practice.domain.minimum_per_language == 0
    assert (
        balanced_form_problems(
            blueprint=specialty.practice, groups=_groups(specialty), active_questions=[]
        )
        == []
    )


def test_the_published_blueprint_spells_the_minima_out_per_language_and_topic(
    seed: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, _ = seed
    groups = _groups(specialty)
    contract = blueprint_contract(
        specialty.certification, version=1, languages=groups.languages, topics=groups.topics
    )
    assert contract.domain_minima is not None
    assert contract.domain_minima.per_language == dict.fromkeys(groups.languages, 3)
    assert contract.domain_minima.per_topic == dict.fromkeys(groups.topics, 6)
    practice = blueprint_contract(
        specialty.practice, version=1, languages=groups.languages, topics=groups.topics
    )
    assert practice.domain_minima is None
