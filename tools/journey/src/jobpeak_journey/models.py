"""The parts of the services' HTTP payloads the journey reads or sends, typed.

Response models ignore fields they do not name, so a service may add fields without breaking the
demo; a field the journey relies on that goes missing fails loudly at the step that read it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.money import Money
from jobpeak_contracts.questions import QuestionFormat, Section
from pydantic import BaseModel, ConfigDict, model_validator

_READ = ConfigDict(extra="ignore", frozen=True)


class TestFacts(BaseModel):
    __test__ = False  # not a pytest test class despite its name
    model_config = _READ

    title: str
    question_count: int
    domain_question_count: int
    behavioural_question_count: int
    pass_mark: float
    time_limit_minutes: int | None


class SpecialtyPage(BaseModel):
    """Catalog ``GET /specialties/{slug}``: the key facts a candidate reads first."""

    model_config = _READ

    slug: str
    name: str
    tier: str
    hourly_rate_ceiling: Money
    highest_live_ceiling: bool
    languages: list[str]
    practice: TestFacts
    certification: TestFacts
    match_sla_days: int
    bank_question_count: int
    key_facts: list[str]


class Option(BaseModel):
    model_config = _READ

    label: str
    text: str


class Item(BaseModel):
    """One served question: no key, options under this attempt's labels."""

    model_config = _READ

    position: int
    question_id: str
    section: Section
    format: QuestionFormat
    topic: str
    language: str | None
    stem: str
    options: list[Option] | None
    line_count: int | None


class AnswerBody(BaseModel):
    """Exactly one of the four answer shapes testing accepts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    choice: str | None = None
    choices: list[str] | None = None
    lines: list[int] | None = None
    value: bool | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> AnswerBody:
        given = [name for name, value in self if value is not None]
        if len(given) != 1:
            raise ValueError(f"an answer has exactly one of choice/choices/lines/value: {given}")
        return self

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class ItemFeedback(BaseModel):
    """Practice only, after submission: one item's answer, its key and why."""

    model_config = _READ

    position: int
    question_id: str
    response: AnswerBody | None
    correct_response: AnswerBody
    correct: bool
    explanation: str


class Result(BaseModel):
    """Testing's graded result of a submitted attempt (feedback for practice only)."""

    model_config = _READ

    attempt_id: UUID
    kind: BlueprintKind
    total_score: float
    domain_score: float
    behavioural_score: float
    pass_mark: float
    passed: bool
    attempt_number: int
    feedback: list[ItemFeedback] | None = None


class Attempt(BaseModel):
    model_config = _READ

    attempt_id: UUID
    specialty_slug: str
    kind: BlueprintKind
    title: str
    status: str
    attempt_number: int
    order_id: UUID | None
    question_count: int
    answered_count: int
    items: list[Item]
    result: Result | None


class Answered(BaseModel):
    model_config = _READ

    question_id: str
    answered_count: int
    question_count: int


class Entitlement(BaseModel):
    model_config = _READ

    order_id: UUID
    specialty_slug: str
    status: str


class Order(BaseModel):
    """Billing's order: one paid certification attempt, and its Stripe Checkout Session."""

    model_config = _READ

    order_id: UUID
    status: str
    specialty_slug: str
    amount: Money
    checkout_session_id: str
    checkout_url: str
    created_at: datetime
    paid_at: datetime | None


class WebhookReceipt(BaseModel):
    model_config = _READ

    received: bool
    outcome: str


class Work(BaseModel):
    """Matching's record of review work a client posted."""

    model_config = _READ

    work_id: UUID
    specialty_slug: str
    required_languages: tuple[str, ...]
    hourly_rate: Money
    seats: int
    status: str


class Offer(BaseModel):
    """One offer of one piece of work to one reviewer."""

    model_config = _READ

    offer_id: UUID
    work_id: UUID
    candidate_id: str
    status: str
    offered_at: datetime
    expires_at: datetime


class WaitingReviewer(BaseModel):
    model_config = _READ

    candidate_id: str
    specialty_slug: str
    matched_at: datetime | None
    within_sla: bool | None


class SlaReport(BaseModel):
    """Matching's admin report of the seven-day promise."""

    model_config = _READ

    reviewers: list[WaitingReviewer]
    matched_within_sla: int
    share_matched_within_sla: float | None
