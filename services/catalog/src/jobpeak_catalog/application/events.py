"""The catalog's events, built from domain values (pure: no clock, no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from jobpeak_contracts.blueprints import Blueprint as BlueprintContract
from jobpeak_contracts.blueprints import DomainMinima, SectionSize
from jobpeak_contracts.events.catalog import (
    QuestionPublished,
    QuestionRetired,
    SpecialtyPublished,
    SpecialtyRetired,
)
from jobpeak_contracts.questions import Question, Section
from jobpeak_runtime.attributes import from_attributes

from jobpeak_catalog.domain.blueprint import Blueprint
from jobpeak_catalog.domain.publication import PublishedSnapshot


def domain_minima(
    blueprint: Blueprint, *, languages: Sequence[str], topics: Sequence[str]
) -> DomainMinima | None:
    """The blueprint's uniform minima spelled out per language and domain topic id."""
    domain = blueprint.domain
    if not (domain.minimum_per_language or domain.minimum_per_topic):
        return None
    return DomainMinima(
        per_language=dict.fromkeys(languages, domain.minimum_per_language),
        per_topic=dict.fromkeys(topics, domain.minimum_per_topic),
    )


def blueprint_contract(
    blueprint: Blueprint,
    *,
    version: int,
    languages: Sequence[str] = (),
    topics: Sequence[str] = (),
) -> BlueprintContract:
    """``languages`` and ``topics`` are the specialty's ids the domain minima apply to."""
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
        domain_minima=domain_minima(blueprint, languages=languages, topics=topics),
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
    return from_attributes(
        SpecialtyPublished,
        definition,
        snapshot,
        specialty_slug=definition.slug,
        revision=revision,
        hourly_rate_ceiling=definition.rate_ceiling,
        languages=tuple(language.name for language in definition.languages),
        topics=tuple(topic.name for topic in definition.topics.domain),
        practice_blueprint=blueprint_contract(
            definition.practice,
            version=snapshot.blueprint_versions[definition.practice.kind],
            languages=definition.language_ids,
            topics=definition.topics.ids_for(Section.DOMAIN),
        ),
        certification_blueprint=blueprint_contract(
            definition.certification,
            version=snapshot.blueprint_versions[definition.certification.kind],
            languages=definition.language_ids,
            topics=definition.topics.ids_for(Section.DOMAIN),
        ),
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
