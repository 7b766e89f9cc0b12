"""Translation between table rows and domain values, in both directions."""

from __future__ import annotations

from jobpeak_contracts.blueprints import DifficultyMix, DifficultyWeights, RetakePolicy
from jobpeak_contracts.money import Money
from jobpeak_contracts.questions import Question
from jobpeak_runtime.attributes import from_attributes
from pydantic import TypeAdapter

from jobpeak_catalog.adapters.tables import BlueprintRow, QuestionRow, SpecialtyRow
from jobpeak_catalog.application.ports import QuestionRecord, SpecialtyRecord
from jobpeak_catalog.domain.bank import BankEntry, QuestionStatus
from jobpeak_catalog.domain.blueprint import (
    BehaviouralSection,
    Blueprint,
    BlueprintKind,
    DomainSection,
)
from jobpeak_catalog.domain.publication import PublishedSnapshot
from jobpeak_catalog.domain.specialty import SpecialtyProfile, SpecialtyStatus

_QUESTION = TypeAdapter[Question](Question)


def profile_from_row(row: SpecialtyRow) -> SpecialtyProfile:
    return SpecialtyProfile.model_validate(
        {
            "slug": row.slug,
            "name": row.name,
            "tier": row.tier,
            "headline": row.headline,
            "description": row.description,
            "rate_ceiling": {
                "amount_minor": row.rate_ceiling_minor,
                "currency": row.rate_ceiling_currency,
            },
            "languages": row.languages,
            "topics": row.topics,
            "sample_question_kinds": row.sample_question_kinds,
            "match_sla_days": row.match_sla_days,
        }
    )


def specialty_from_row(row: SpecialtyRow) -> SpecialtyRecord:
    return SpecialtyRecord(
        profile=profile_from_row(row),
        status=SpecialtyStatus(row.status),
        revision=row.revision,
        bank_version=row.bank_version,
        published_snapshot=(
            PublishedSnapshot.model_validate(row.published_snapshot)
            if row.published_snapshot is not None
            else None
        ),
        published_at=row.published_at,
        retired_at=row.retired_at,
    )


def apply_specialty(row: SpecialtyRow, specialty: SpecialtyRecord) -> None:
    apply_profile(row, specialty.profile)
    row.status = specialty.status.value
    row.revision = specialty.revision
    row.bank_version = specialty.bank_version
    snapshot = specialty.published_snapshot
    row.published_snapshot = snapshot.model_dump(mode="json") if snapshot is not None else None
    ceiling = specialty.live_ceiling
    row.live_ceiling_minor = ceiling.amount_minor if ceiling is not None else None
    row.live_ceiling_currency = ceiling.currency if ceiling is not None else None
    row.published_at = specialty.published_at
    row.retired_at = specialty.retired_at


def apply_profile(row: SpecialtyRow, profile: SpecialtyProfile) -> None:
    dumped = profile.model_dump(mode="json")
    row.name = profile.name
    row.tier = profile.tier
    row.headline = profile.headline
    row.description = profile.description
    row.rate_ceiling_minor = profile.rate_ceiling.amount_minor
    row.rate_ceiling_currency = profile.rate_ceiling.currency
    row.languages = dumped["languages"]
    row.topics = dumped["topics"]
    row.sample_question_kinds = dumped["sample_question_kinds"]
    row.match_sla_days = profile.match_sla_days


def blueprint_from_row(row: BlueprintRow) -> Blueprint:
    fee = (
        Money(amount_minor=row.fee_minor, currency=row.fee_currency)
        if row.fee_minor is not None and row.fee_currency is not None
        else None
    )
    return Blueprint(
        kind=BlueprintKind(row.kind),
        title=row.title,
        question_count=row.question_count,
        domain=DomainSection(
            count=row.domain_count,
            mix=DifficultyMix(easy=row.mix_easy, medium=row.mix_medium, hard=row.mix_hard),
            weights=DifficultyWeights(
                easy=row.weight_easy, medium=row.weight_medium, hard=row.weight_hard
            ),
            minimum_per_language=row.min_per_language,
            minimum_per_topic=row.min_per_topic,
        ),
        behavioural=BehaviouralSection(count=row.behavioural_count),
        pass_mark=row.pass_mark,
        time_limit_minutes=row.time_limit_minutes,
        retake_policy=from_attributes(
            RetakePolicy,
            row,
            allowed=row.retake_allowed,
            cooldown_hours=row.retake_cooldown_hours,
        ),
        fee=fee,
    )


def apply_blueprint(row: BlueprintRow, blueprint: Blueprint) -> None:
    domain = blueprint.domain
    policy = blueprint.retake_policy
    row.kind = blueprint.kind.value
    row.title = blueprint.title
    row.question_count = blueprint.question_count
    row.domain_count = domain.count
    row.mix_easy, row.mix_medium, row.mix_hard = domain.mix.easy, domain.mix.medium, domain.mix.hard
    row.weight_easy = domain.weights.easy
    row.weight_medium = domain.weights.medium
    row.weight_hard = domain.weights.hard
    row.behavioural_count = blueprint.behavioural.count
    row.min_per_language = domain.minimum_per_language
    row.min_per_topic = domain.minimum_per_topic
    row.pass_mark = blueprint.pass_mark
    row.time_limit_minutes = blueprint.time_limit_minutes
    row.retake_allowed = policy.allowed
    row.retake_cooldown_hours = policy.cooldown_hours
    row.lockout_after_failures = policy.lockout_after_failures
    row.lockout_days = policy.lockout_days
    row.max_attempts = policy.max_attempts
    row.payment_per_attempt = policy.payment_per_attempt
    row.fee_minor = blueprint.fee.amount_minor if blueprint.fee else None
    row.fee_currency = blueprint.fee.currency if blueprint.fee else None


def question_from_row(row: QuestionRow) -> Question:
    content: dict[str, object] = {
        "id": row.id,
        "version": row.version,
        "specialty": row.specialty_slug,
        "pool": row.pool,
        "section": row.section,
        "difficulty": row.difficulty,
        "topic": row.topic,
        "language": row.language,
        "format": row.format,
        "stem": row.stem,
        "code": row.code,
        "answer": row.answer,
        "explanation": row.explanation,
    }
    if row.options is not None:
        content["options"] = row.options
    return _QUESTION.validate_python(content)


def apply_question(row: QuestionRow, question: Question) -> None:
    dumped = question.model_dump(mode="json")
    row.id = question.id
    row.specialty_slug = question.specialty
    row.version = question.version
    row.pool = question.pool.value
    row.section = question.section.value
    row.difficulty = question.difficulty.value if question.difficulty else None
    row.topic = question.topic
    row.language = question.language
    row.format = question.format.value
    row.stem = question.stem
    row.code = question.code
    row.options = dumped.get("options")
    row.answer = dumped["answer"]
    row.explanation = question.explanation


def question_record_from_row(row: QuestionRow) -> QuestionRecord:
    entry = BankEntry(
        question=question_from_row(row),
        status=QuestionStatus(row.status),
        published_version=row.published_version,
        published_status=QuestionStatus(row.published_status) if row.published_status else None,
    )
    return QuestionRecord(entry=entry, tags=tuple(row.tags))


def apply_question_record(row: QuestionRow, record: QuestionRecord) -> None:
    entry = record.entry
    apply_question(row, entry.question)
    row.status = entry.status.value
    row.published_version = entry.published_version
    row.published_status = entry.published_status.value if entry.published_status else None
    row.tags = list(record.tags)
