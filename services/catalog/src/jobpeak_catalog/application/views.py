"""What the HTTP API returns. No view carries an answer key or an explanation (DESIGN.md §7)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from jobpeak_contracts.blueprints import DifficultyMix
from jobpeak_contracts.money import Money
from jobpeak_contracts.questions import Difficulty, Option, QuestionFormat, QuestionPool, Section
from pydantic import BaseModel, ConfigDict, Field

from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.blueprint import Blueprint
from jobpeak_catalog.domain.specialty import SpecialtyProfile, SpecialtyStatus

_VIEW = ConfigDict(frozen=True)


class SpecialtySummary(BaseModel):
    """One line of the public list of specialties."""

    model_config = _VIEW

    slug: str = Field(examples=["coding"])
    name: str = Field(examples=["Coding"])
    tier: str = Field(examples=["Coding"])
    headline: str
    hourly_rate_ceiling: Money
    highest_live_ceiling: bool = Field(
        description="Computed now from the live specialties: no live ceiling is higher."
    )
    practice_available: bool = Field(description="The free practice test can be started now.")
    practice_question_count: int = Field(examples=[15])
    certification_question_count: int = Field(examples=[60])


class PracticeFacts(BaseModel):
    model_config = _VIEW

    title: str = Field(examples=["Practice test"])
    free: Literal[True] = True
    available: bool
    question_count: int = Field(examples=[15])
    domain_question_count: int = Field(examples=[12])
    behavioural_question_count: int = Field(examples=[3])
    difficulty_mix: DifficultyMix
    pass_mark: float = Field(examples=[0.78])
    time_limit_minutes: int | None = Field(examples=[None])


class RetakeFacts(BaseModel):
    model_config = _VIEW

    allowed: bool
    lockout: bool = Field(description="Whether failing can lock a candidate out.")
    lockout_after_failures: int | None
    lockout_days: int | None
    cooldown_hours: int
    max_attempts: int | None
    payment_per_attempt: bool


class CertificationFacts(BaseModel):
    model_config = _VIEW

    title: str = Field(examples=["Cognition Test"])
    question_count: int = Field(examples=[60])
    domain_question_count: int = Field(examples=[40])
    behavioural_question_count: int = Field(examples=[20])
    difficulty_mix: DifficultyMix
    behavioural_weighted_by_difficulty: Literal[False] = False
    pass_mark: float = Field(examples=[0.78])
    time_limit_minutes: int | None = Field(examples=[None])
    retake_policy: RetakeFacts
    fee: Literal["published_at_checkout"] = Field(
        default="published_at_checkout",
        description="The amount is shown by billing at checkout, not here.",
    )


class SpecialtyPage(BaseModel):
    """A specialty's public page: the key facts a candidate reads before sitting the test."""

    model_config = _VIEW

    slug: str = Field(examples=["coding"])
    name: str = Field(examples=["Coding"])
    tier: str = Field(examples=["Coding"])
    headline: str
    description: str
    hourly_rate_ceiling: Money
    highest_live_ceiling: bool = Field(
        description="Computed now from the live specialties: no live ceiling is higher."
    )
    languages: list[str] = Field(examples=[["Python", "JavaScript", "SQL"]])
    topics: list[str] = Field(examples=[["Language fundamentals", "Debugging"]])
    sample_question_kinds: list[str]
    practice: PracticeFacts
    certification: CertificationFacts
    match_sla_days: int = Field(examples=[7])
    bank_question_count: int = Field(examples=[150])
    key_facts: list[str] = Field(
        description="The facts above as sentences, in the order the product page lists them.",
        examples=[
            [
                "Practice test: free, 15 questions (12 domain + 3 behavioural). Available now.",
                "Cognition Test: 60 questions (40 domain + 20 behavioural). "
                "Fee published at checkout.",
                "Pass mark: 78% — no time limit.",
                "Rate ceiling: Up to $100/hr",
                "Tier: Coding",
                "Retake policy: Yes — no lockout after a failed attempt.",
            ]
        ],
    )
    published_at: datetime


class BlueprintView(Blueprint):
    version: int = Field(ge=1, description="Goes up whenever the blueprint's rules change.")


class StratumCount(BaseModel):
    model_config = _VIEW

    pool: QuestionPool
    section: Section
    difficulty: Difficulty | None
    active: int
    reserve: int = Field(description="Inactive certification items ready to replace retired ones.")


class SpecialtyAdminView(SpecialtyProfile):
    """A specialty as it stands for admins, with what is and is not published yet."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: SpecialtyStatus
    revision: int = Field(description="Publication counter; 0 until first published.")
    bank_version: int = Field(description="0 until first published.")
    practice: BlueprintView | None
    certification: BlueprintView | None
    active_questions: list[StratumCount]
    retired_question_count: int
    unpublished_question_changes: int = Field(
        description="Questions the next publish will announce (new, edited or retired)."
    )
    published_at: datetime | None
    retired_at: datetime | None


class QuestionAdminView(BaseModel):
    """A stored question without its answer key or explanation, which never leave by HTTP."""

    model_config = _VIEW

    id: str
    version: int
    specialty: str
    pool: QuestionPool = Field(description="certification or practice; a question never moves.")
    section: Section
    difficulty: Difficulty | None
    topic: str
    language: str | None
    format: QuestionFormat
    stem: str
    code: str | None
    options: list[Option] | None
    tags: list[str]
    status: QuestionStatus
    published_version: int | None = Field(description="Version the last publish sent, if any.")
    published_status: QuestionStatus | None
