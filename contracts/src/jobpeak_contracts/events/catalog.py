"""Events the catalog service publishes."""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import Field, model_validator

from jobpeak_contracts.blueprints import Blueprint, BlueprintKind
from jobpeak_contracts.event import Event
from jobpeak_contracts.identifiers import BankVersion, LanguageName, QuestionId, SpecialtySlug
from jobpeak_contracts.money import Money
from jobpeak_contracts.questions import Question
from jobpeak_contracts.timestamps import UtcDatetime
from jobpeak_contracts.topics import CATALOG_QUESTION_BANK, CATALOG_SPECIALTIES, Topic


class SpecialtyPublished(Event):
    """A specialty was published or republished: the full snapshot, replacing any earlier one.

    Emitted by the catalog when an admin publishes a specialty; consumers keep the record with the
    highest ``revision`` per ``specialty_slug``.
    """

    event_name: ClassVar[str] = "SpecialtyPublished"
    schema_version: ClassVar[int] = 1
    source_service: ClassVar[str] = "catalog"
    topic: ClassVar[Topic] = CATALOG_SPECIALTIES

    specialty_slug: SpecialtySlug
    revision: int = Field(
        ge=1,
        description="Publication counter of this specialty; a higher revision supersedes a lower.",
        examples=[1],
    )
    name: str = Field(
        min_length=1,
        max_length=80,
        description="Display name of the specialty.",
        examples=["Coding"],
    )
    tier: str = Field(
        min_length=1,
        max_length=40,
        description="Pay tier the specialty belongs to.",
        examples=["Coding"],
    )
    hourly_rate_ceiling: Money = Field(
        description="Highest hourly rate work in this specialty may offer.",
        examples=[{"amount_minor": 10000, "currency": "USD"}],
    )
    languages: tuple[LanguageName, ...] = Field(
        description="Programming languages the specialty covers, in display order.",
        examples=[["Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C++", "SQL"]],
    )
    topics: tuple[str, ...] = Field(
        description="Subject areas the question bank covers.",
        examples=[
            [
                "language fundamentals",
                "debugging",
                "code review",
                "AI-output evaluation",
            ]
        ],
    )
    practice_blueprint: Blueprint = Field(
        description="How the free practice test is drawn and graded (kind = practice).",
        examples=[
            {
                "kind": "practice",
                "blueprint_version": 1,
                "title": "Practice test",
                "sections": [
                    {"section": "domain", "question_count": 12},
                    {"section": "behavioural", "question_count": 3},
                ],
                "domain_difficulty_mix": {"easy": 3, "medium": 6, "hard": 3},
                "difficulty_weights": {"easy": 1.0, "medium": 2.0, "hard": 3.0},
                "behavioural_weighted": False,
                "pass_mark": 0.78,
                "time_limit_minutes": None,
                "retake_policy": {
                    "allowed": True,
                    "cooldown_hours": 0,
                    "lockout_after_failures": None,
                    "lockout_days": None,
                    "max_attempts": None,
                    "payment_per_attempt": False,
                },
                "fee": None,
            }
        ],
    )
    certification_blueprint: Blueprint = Field(
        description="How the paid certification is drawn and graded (kind = certification).",
    )
    match_sla_days: int = Field(
        ge=1,
        description="Days after passing within which a reviewer should be matched to work.",
        examples=[7],
    )
    bank_version: BankVersion
    bank_question_count: int = Field(
        ge=0,
        description="Number of live questions in the bank at this bank version.",
        examples=[150],
    )
    published_at: UtcDatetime

    @model_validator(mode="after")
    def _blueprints_are_of_their_kind(self) -> Self:
        if self.practice_blueprint.kind is not BlueprintKind.PRACTICE:
            raise ValueError("practice_blueprint: kind must be practice")
        if self.certification_blueprint.kind is not BlueprintKind.CERTIFICATION:
            raise ValueError("certification_blueprint: kind must be certification")
        return self


class SpecialtyRetired(Event):
    """A specialty was withdrawn: no new attempts, checkouts or work; open attempts get voided."""

    event_name: ClassVar[str] = "SpecialtyRetired"
    schema_version: ClassVar[int] = 1
    source_service: ClassVar[str] = "catalog"
    topic: ClassVar[Topic] = CATALOG_SPECIALTIES

    specialty_slug: SpecialtySlug
    revision: int = Field(
        ge=1,
        description="Publication counter; higher than the revision of the last published snapshot.",
        examples=[2],
    )
    retired_at: UtcDatetime


class QuestionPublished(Event):
    """A question (with its answer key) was added to or edited in a specialty's bank.

    ``question.pool`` says which attempts may draw it (certification or practice). Only active
    questions are published; reserve items stay in the catalog until promoted. Restricted topic:
    only the testing service may read it.
    """

    event_name: ClassVar[str] = "QuestionPublished"
    schema_version: ClassVar[int] = 1
    source_service: ClassVar[str] = "catalog"
    topic: ClassVar[Topic] = CATALOG_QUESTION_BANK

    question_id: QuestionId
    specialty_slug: SpecialtySlug
    bank_version: BankVersion
    question: Question = Field(
        description=(
            "The question's full content including its answer key, discriminated by format."
        ),
        examples=[
            {
                "format": "single_choice",
                "id": "cod-py-bug-001",
                "version": 1,
                "specialty": "coding",
                "section": "domain",
                "pool": "certification",
                "difficulty": "easy",
                "topic": "debugging",
                "language": "python",
                "stem": "Which line raises on an empty list?",
                "code": "def first(xs):\n    return xs[0]\n",
                "explanation": "Indexing an empty list raises IndexError.",
                "options": [{"id": "a", "text": "line 1"}, {"id": "b", "text": "line 2"}],
                "answer": "b",
            }
        ],
    )
    published_at: UtcDatetime

    @model_validator(mode="after")
    def _question_matches_key(self) -> Self:
        if self.question.id != self.question_id:
            raise ValueError(
                f"question_id: {self.question_id!r} differs from question.id {self.question.id!r}"
            )
        if self.question.specialty != self.specialty_slug:
            raise ValueError(
                f"specialty_slug: {self.specialty_slug!r} differs from question.specialty "
                f"{self.question.specialty!r}"
            )
        return self


class QuestionRetired(Event):
    """A question left a specialty's bank; it is never drawn again."""

    event_name: ClassVar[str] = "QuestionRetired"
    schema_version: ClassVar[int] = 1
    source_service: ClassVar[str] = "catalog"
    topic: ClassVar[Topic] = CATALOG_QUESTION_BANK

    question_id: QuestionId
    specialty_slug: SpecialtySlug
    bank_version: BankVersion
    retired_at: UtcDatetime
