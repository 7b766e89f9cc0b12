"""The four shapes of an answer on the wire, and the request body that carries one.

Choice answers name options by display label (``a``, ``b``, …, in the attempt's own order). The
answer object must have exactly one of the four shapes; the body around it ignores fields it does
not define, so a client-sent score or "correct" flag has no effect.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from jobpeak_testing.domain.assembly import DISPLAY_LABELS
from jobpeak_testing.domain.responses import (
    FaultyLines,
    MultipleChoice,
    Response,
    SingleChoice,
    TrueOrFalse,
)

_STRICT = ConfigDict(extra="forbid", frozen=True)
_LENIENT = ConfigDict(extra="ignore", frozen=True)
Label = Annotated[str, Field(pattern=f"^[{DISPLAY_LABELS}]$", examples=["b"])]


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
