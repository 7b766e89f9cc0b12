"""What the HTTP API takes and returns.

Items are served without keys, explanations or difficulty; options under their display labels in
the attempt's own order. Only a submitted practice attempt's result carries feedback (each item's
key and explanation): practice items are never certification items. A certification result is
the total, the two section scores, the pass mark and the verdict, never anything per item.
Request bodies ignore fields they do not define at the top level (see
:mod:`~jobpeak_testing.api.answer_shapes`).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.identifiers import SpecialtySlug
from jobpeak_contracts.questions import FaultyLinesQuestion, QuestionFormat, Section
from jobpeak_runtime.attributes import ResponseView
from pydantic import BaseModel, ConfigDict, Field

from jobpeak_testing.api.answer_shapes import AnswerShape, answer_shape
from jobpeak_testing.application.ports import AttemptSummary
from jobpeak_testing.domain.assembly import DISPLAY_LABELS, DrawnItem
from jobpeak_testing.domain.attempt import Attempt, AttemptStatus
from jobpeak_testing.domain.entitlement import Entitlement
from jobpeak_testing.domain.feedback import ItemFeedback, practice_feedback
from jobpeak_testing.domain.responses import to_response

_LENIENT = ConfigDict(extra="ignore", frozen=True)


class StartAttempt(BaseModel):
    model_config = _LENIENT

    specialty_slug: SpecialtySlug
    kind: BlueprintKind = Field(
        description=(
            "practice (free, a daily allowance) or certification (needs a paid entitlement)."
        )
    )


class OptionView(BaseModel):
    label: str = Field(examples=["a"])
    text: str


class ItemView(ResponseView):
    position: int = Field(description="0-based place in the attempt.")
    question_id: str
    section: Section
    format: QuestionFormat
    topic: str
    language: str | None
    stem: str
    code: str | None
    options: list[OptionView] | None = Field(
        description="Choice formats: the options in this attempt's order, by label."
    )
    line_count: int | None = Field(description="Faulty lines: how many lines the code has.")
    response: AnswerShape | None = Field(description="The candidate's current answer, if any.")

    @classmethod
    def of(cls, position: int, item: DrawnItem, attempt: Attempt) -> ItemView:
        question = item.question
        # Only choice formats have an option order; asking another format for its ``options``
        # goes through pydantic's failing ``__getattr__``, dear at fifteen items a start.
        options = getattr(question, "options", ()) if item.option_order else ()
        by_id = {option.id: option.text for option in options}
        answer = attempt.answers.get(item.question_id)
        return cls.read(
            question,
            position=position,
            question_id=question.id,
            options=[
                OptionView(label=DISPLAY_LABELS[index], text=by_id[option_id])
                for index, option_id in enumerate(item.option_order)
            ]
            if item.option_order
            else None,
            line_count=len(question.code.splitlines())
            if isinstance(question, FaultyLinesQuestion)
            else None,
            response=None if answer is None else answer_shape(to_response(item, answer)),
        )


class ItemFeedbackView(ResponseView):
    """One practice item after submission: what was answered, the key, and why."""

    position: int
    question_id: str
    response: AnswerShape | None = Field(description="Your answer; null if left blank.")
    correct_response: AnswerShape = Field(description="The keyed answer, in this attempt's labels.")
    correct: bool
    explanation: str

    @classmethod
    def of(cls, feedback: ItemFeedback) -> ItemFeedbackView:
        return cls.read(
            feedback,
            response=None if feedback.response is None else answer_shape(feedback.response),
            correct_response=answer_shape(feedback.correct_response),
        )


class ResultView(ResponseView):
    attempt_id: UUID
    kind: BlueprintKind
    total_score: float
    domain_score: float
    behavioural_score: float
    pass_mark: float
    passed: bool
    graded_at: datetime
    attempt_number: int
    blueprint_version: int
    bank_version: int
    feedback: list[ItemFeedbackView] | None = Field(
        default=None,
        description=(
            "Practice only: per item, your answer, the keyed answer and the explanation. "
            "Never given for a certification attempt."
        ),
    )

    @classmethod
    def of(cls, attempt: Attempt) -> ResultView | None:
        score = attempt.score
        if score is None or attempt.ended_at is None:
            return None
        feedback = practice_feedback(attempt)
        return cls.read(
            score,
            attempt,
            attempt_id=attempt.id,
            graded_at=attempt.ended_at,
            blueprint_version=attempt.blueprint.blueprint_version,
            feedback=None if feedback is None else [ItemFeedbackView.of(f) for f in feedback],
        )


class AttemptView(ResponseView):
    attempt_id: UUID
    specialty_slug: str
    kind: BlueprintKind
    title: str
    status: AttemptStatus
    attempt_number: int
    order_id: UUID | None
    started_at: datetime
    deadline: datetime | None = Field(description="Null: no time limit.")
    ended_at: datetime | None
    question_count: int
    answered_count: int
    items: list[ItemView]
    result: ResultView | None

    @classmethod
    def of(cls, attempt: Attempt) -> AttemptView:
        return cls.read(
            attempt,
            attempt_id=attempt.id,
            title=attempt.blueprint.title,
            question_count=len(attempt.draw.questions),
            answered_count=len(attempt.answers),
            items=[
                ItemView.of(position, item, attempt)
                for position, item in enumerate(attempt.draw.items)
            ],
            result=ResultView.of(attempt),
        )


class AnswerView(BaseModel):
    attempt_id: UUID
    question_id: str
    response: AnswerShape
    answered_count: int
    question_count: int


class AttemptSummaryView(BaseModel):
    attempt_id: UUID
    specialty_slug: str
    kind: BlueprintKind
    status: AttemptStatus
    attempt_number: int
    started_at: datetime
    ended_at: datetime | None
    total_score: float | None
    passed: bool | None

    @classmethod
    def of(cls, summary: AttemptSummary) -> AttemptSummaryView:
        return cls(**summary.__dict__)


class EntitlementView(ResponseView):
    order_id: UUID
    specialty_slug: str
    status: str = Field(examples=["available", "used", "refunded", "voided"])
    granted_at: datetime | None

    @classmethod
    def of(cls, entitlement: Entitlement) -> EntitlementView:
        return cls.read(entitlement)
