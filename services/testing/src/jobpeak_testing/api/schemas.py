"""What the HTTP API takes and returns. Nothing here ever carries an answer key.

Items are shown without keys, explanations or difficulty; options under their display labels in
the attempt's own order. Request bodies ignore fields they do not define at the top level, so a
client-sent score or "correct" flag has no effect; the answer object itself must have exactly one
of the four shapes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self
from uuid import UUID

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.identifiers import SpecialtySlug
from jobpeak_contracts.questions import FaultyLinesQuestion, QuestionFormat, Section
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from jobpeak_testing.application.ports import AttemptSummary
from jobpeak_testing.domain.assembly import DISPLAY_LABELS, DrawnItem
from jobpeak_testing.domain.attempt import Attempt, AttemptStatus
from jobpeak_testing.domain.entitlement import Entitlement
from jobpeak_testing.domain.responses import (
    FaultyLines,
    MultipleChoice,
    Response,
    SingleChoice,
    TrueOrFalse,
    to_response,
)

_STRICT = ConfigDict(extra="forbid", frozen=True)
_LENIENT = ConfigDict(extra="ignore", frozen=True)
Label = Annotated[str, Field(pattern=f"^[{DISPLAY_LABELS}]$", examples=["b"])]


class StartAttempt(BaseModel):
    model_config = _LENIENT

    specialty_slug: SpecialtySlug
    kind: BlueprintKind = Field(
        description="practice (free, unlimited) or certification (needs a paid entitlement)."
    )


class ChoiceAnswer(BaseModel):
    """Answer to a single-choice item: one option label."""

    model_config = _STRICT
    choice: Label


class ChoicesAnswer(BaseModel):
    """Answer to a multiple-select item: every option label chosen (all-or-nothing)."""

    model_config = _STRICT
    choices: list[Label] = Field(min_length=1, max_length=len(DISPLAY_LABELS))

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if len(set(self.choices)) != len(self.choices):
            raise ValueError("choices: an option label repeats")
        return self


class LinesAnswer(BaseModel):
    """Answer to a faulty-lines item: the 1-based numbers of the faulty lines."""

    model_config = _STRICT
    lines: list[Annotated[StrictInt, Field(ge=1)]] = Field(
        max_length=500, description="Empty when the candidate judges that no line is faulty."
    )

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if len(set(self.lines)) != len(self.lines):
            raise ValueError("lines: a line number repeats")
        return self


class TrueFalseAnswer(BaseModel):
    """Answer to a true/false item."""

    model_config = _STRICT
    value: StrictBool


AnswerShape = ChoiceAnswer | ChoicesAnswer | LinesAnswer | TrueFalseAnswer


class AnswerItem(BaseModel):
    model_config = _LENIENT

    response: AnswerShape = Field(
        description=(
            'One of {"choice": "b"}, {"choices": ["a", "c"]}, {"lines": [3, 7]}, '
            '{"value": true}, matching the item\'s format.'
        )
    )

    def to_domain(self) -> Response:
        shape = self.response
        if isinstance(shape, ChoiceAnswer):
            return SingleChoice(shape.choice)
        if isinstance(shape, ChoicesAnswer):
            return MultipleChoice(frozenset(shape.choices))
        if isinstance(shape, LinesAnswer):
            return FaultyLines(frozenset(shape.lines))
        return TrueOrFalse(shape.value)


def answer_shape(response: Response) -> AnswerShape:
    if isinstance(response, SingleChoice):
        return ChoiceAnswer(choice=response.choice)
    if isinstance(response, MultipleChoice):
        return ChoicesAnswer(choices=sorted(response.choices))
    if isinstance(response, FaultyLines):
        return LinesAnswer(lines=sorted(response.lines))
    return TrueFalseAnswer(value=response.value)


class OptionView(BaseModel):
    label: str = Field(examples=["a"])
    text: str


class ItemView(BaseModel):
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
        by_id = {option.id: option.text for option in getattr(question, "options", ())}
        answer = attempt.answers.get(item.question_id)
        return cls(
            position=position,
            question_id=question.id,
            section=question.section,
            format=question.format,
            topic=question.topic,
            language=question.language,
            stem=question.stem,
            code=question.code,
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


class ResultView(BaseModel):
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

    @classmethod
    def of(cls, attempt: Attempt) -> ResultView | None:
        score = attempt.score
        if score is None or attempt.ended_at is None:
            return None
        return cls(
            attempt_id=attempt.id,
            kind=attempt.kind,
            total_score=score.total_score,
            domain_score=score.domain_score,
            behavioural_score=score.behavioural_score,
            pass_mark=score.pass_mark,
            passed=score.passed,
            graded_at=attempt.ended_at,
            attempt_number=attempt.attempt_number,
            blueprint_version=attempt.blueprint.blueprint_version,
            bank_version=attempt.bank_version,
        )


class AttemptView(BaseModel):
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
        return cls(
            attempt_id=attempt.id,
            specialty_slug=attempt.specialty_slug,
            kind=attempt.kind,
            title=attempt.blueprint.title,
            status=attempt.status,
            attempt_number=attempt.attempt_number,
            order_id=attempt.order_id,
            started_at=attempt.started_at,
            deadline=attempt.deadline,
            ended_at=attempt.ended_at,
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


class EntitlementView(BaseModel):
    order_id: UUID
    specialty_slug: str
    status: str = Field(examples=["available", "used", "refunded", "voided"])
    granted_at: datetime | None

    @classmethod
    def of(cls, entitlement: Entitlement) -> EntitlementView:
        return cls(
            order_id=entitlement.order_id,
            specialty_slug=entitlement.specialty_slug,
            status=entitlement.status,
            granted_at=entitlement.granted_at,
        )
