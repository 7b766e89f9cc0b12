"""The Coding seed carries every fact of the product page as data (DESIGN.md section 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jobpeak_catalog.adapters.bankfiles import parse_specialty, read_seed_directory
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.feasibility import count_by_stratum, find_shortfalls
from jobpeak_catalog.domain.specialty import SpecialtyDefinition
from jobpeak_contracts.money import Money
from jobpeak_contracts.questions import QuestionPool, Section

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def coding(coding_seed_dir: Path) -> SpecialtyDefinition:
    path = coding_seed_dir / "specialty.yaml"
    return parse_specialty(path.read_text(encoding="utf-8"), source=str(path))


def test_tier_ceiling_languages_and_sla(coding: SpecialtyDefinition) -> None:
    assert (coding.slug, coding.name, coding.tier) == ("coding", "Coding", "Coding")
    assert coding.rate_ceiling == Money(amount_minor=10000, currency="USD")
    assert [language.name for language in coding.languages] == [
        "Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C++", "SQL",
    ]  # fmt: skip
    assert coding.match_sla_days == 7


def test_topics_and_sample_kinds(coding: SpecialtyDefinition) -> None:
    assert [topic.id for topic in coding.topics.domain] == [
        "language-fundamentals", "debugging", "code-review", "ai-output-evaluation",
    ]  # fmt: skip
    kinds = " ".join(coding.sample_question_kinds).lower()
    for kind in ("spot-the-bug", "idiomatic", "ambiguous", "hallucinated"):
        assert kind in kinds


def test_practice_is_free_fifteen_questions_three_six_three(coding: SpecialtyDefinition) -> None:
    practice = coding.practice
    assert practice.fee is None
    assert (practice.question_count, practice.domain.count, practice.behavioural.count) == (
        15, 12, 3,
    )  # fmt: skip
    mix = practice.domain.mix
    assert (mix.easy, mix.medium, mix.hard) == (3, 6, 3)


def test_certification_is_the_sixty_question_cognition_test(coding: SpecialtyDefinition) -> None:
    certification = coding.certification
    assert certification.title == "Cognition Test"
    assert (
        certification.question_count,
        certification.domain.count,
        certification.behavioural.count,
    ) == (60, 40, 20)
    mix = certification.domain.mix
    assert (mix.easy, mix.medium, mix.hard) == (10, 20, 10)
    assert certification.fee is not None
    assert certification.fee.amount_minor > 0


def test_pass_mark_no_time_limit_and_retakes_without_lockout(
    coding: SpecialtyDefinition,
) -> None:
    for blueprint in coding.blueprints:
        assert blueprint.pass_mark == 0.78
        assert blueprint.time_limit_minutes is None
        policy = blueprint.retake_policy
        assert policy.allowed
        assert policy.lockout_after_failures is None
        assert policy.lockout_days is None
        assert policy.max_attempts is None
    assert coding.certification.retake_policy.payment_per_attempt
    assert not coding.practice.retake_policy.payment_per_attempt


def test_the_committed_bank_fills_both_blueprints_with_the_advertised_150(
    coding_seed_dir: Path,
) -> None:
    bundle = read_seed_directory(coding_seed_dir)
    active = [e.question for e in bundle.questions if e.initial_status is QuestionStatus.ACTIVE]
    certification = [q for q in active if q.pool is QuestionPool.CERTIFICATION]
    practice = [q for q in active if q.pool is QuestionPool.PRACTICE]
    reserve = [e.question for e in bundle.questions if e.initial_status is QuestionStatus.RESERVE]

    assert len(certification) == 150
    assert len(practice) >= 60
    assert all(q.pool is QuestionPool.CERTIFICATION for q in reserve)
    assert not {q.id for q in practice} & {q.id for q in certification}
    assert (
        find_shortfalls(blueprints=bundle.specialty.blueprints, available=count_by_stratum(active))
        == []
    )
    assert {q.language for q in certification if q.language} == set(bundle.specialty.language_ids)
    assert {q.topic for q in certification if q.section is Section.DOMAIN} == set(
        bundle.specialty.topics.ids_for(Section.DOMAIN)
    )


def test_the_committed_json_schema_matches_the_model(coding_seed_dir: Path) -> None:
    """Regenerate with (in the package):
    python -m jobpeak_catalog specialty-schema > adapters/seed/specialty.schema.json"""
    committed = json.loads(
        (coding_seed_dir.parent / "specialty.schema.json").read_text(encoding="utf-8")
    )

    assert committed == SpecialtyDefinition.model_json_schema()
