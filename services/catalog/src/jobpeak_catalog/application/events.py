"""The catalog's events, built from domain values (pure: no clock, no I/O)."""

from __future__ import annotations

from datetime import datetime

from jobpeak_contracts.blueprints import Blueprint as BlueprintContract
from jobpeak_contracts.blueprints import SectionSize
from jobpeak_contracts.events.catalog import (
    QuestionPublished,
    QuestionRetired,
    SpecialtyPublished,
    SpecialtyRetired,
)
from jobpeak_contracts.questions import Question, Section

from jobpeak_catalog.domain.blueprint import Blueprint
from jobpeak_catalog.domain.publication import PublishedSnapshot


def blueprint_contract(blueprint: Blueprint, *, version: int) -> BlueprintContract:
    sections = [SectionSize(section=Section.DOMAIN, question_count=blueprint.domain.count)]
    if blueprint.behavioural.count:
        sections.append(
            SectionSize(section=Section.BEHAVIOURAL, question_count=blueprint.behavioural.count)
        )
    return BlueprintContract(
        kind=blueprint.kind,
        blueprint_version=version,
        title=blueprint.title,
        sections=tuple(sections),
        domain_difficulty_mix=blueprint.domain.mix,
        difficulty_weights=blueprint.domain.weights,
        behavioural_weighted=False,
        pass_mark=blueprint.pass_mark,
        time_limit_minutes=blueprint.time_limit_minutes,
        retake_policy=blueprint.retake_policy,
        fee=blueprint.fee,
    )


def specialty_published(
    snapshot: PublishedSnapshot, *, revision: int, published_at: datetime
) -> SpecialtyPublished:
    definition = snapshot.definition
    return SpecialtyPublished(
        specialty_slug=definition.slug,
        revision=revision,
        name=definition.name,
        tier=definition.tier,
        hourly_rate_ceiling=definition.rate_ceiling,
        languages=tuple(language.name for language in definition.languages),
        topics=tuple(topic.name for topic in definition.topics.domain),
        practice_blueprint=blueprint_contract(
            definition.practice, version=snapshot.blueprint_versions[definition.practice.kind]
        ),
        certification_blueprint=blueprint_contract(
            definition.certification,
            version=snapshot.blueprint_versions[definition.certification.kind],
        ),
        match_sla_days=definition.match_sla_days,
        bank_version=snapshot.bank_version,
        bank_question_count=snapshot.active_question_count,
        published_at=published_at,
    )


def specialty_retired(*, slug: str, revision: int, retired_at: datetime) -> SpecialtyRetired:
    return SpecialtyRetired(specialty_slug=slug, revision=revision, retired_at=retired_at)


def question_published(
    question: Question, *, bank_version: int, published_at: datetime
) -> QuestionPublished:
    return QuestionPublished(
        question_id=question.id,
        specialty_slug=question.specialty,
        bank_version=bank_version,
        question=question,
        published_at=published_at,
    )


def question_retired(
    question: Question, *, bank_version: int, retired_at: datetime
) -> QuestionRetired:
    return QuestionRetired(
        question_id=question.id,
        specialty_slug=question.specialty,
        bank_version=bank_version,
        retired_at=retired_at,
    )
