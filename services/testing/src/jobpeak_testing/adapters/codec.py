"""JSON forms of what the tables store: questions, blueprints, answers and option orders."""

from __future__ import annotations

from typing import Any

from jobpeak_contracts.blueprints import Blueprint
from jobpeak_contracts.questions import (
    FaultyLinesQuestion,
    MultipleSelectQuestion,
    Question,
    SingleChoiceQuestion,
)
from pydantic import TypeAdapter

from jobpeak_testing.domain.answers import Answer

_QUESTION: TypeAdapter[Question] = TypeAdapter(Question)


def question_json(question: Question) -> dict[str, Any]:
    return question.model_dump(mode="json")


def question_from_json(value: Any) -> Question:
    return _QUESTION.validate_python(value)


def blueprint_json(blueprint: Blueprint) -> dict[str, Any]:
    return blueprint.model_dump(mode="json")


def blueprint_from_json(value: Any) -> Blueprint:
    return Blueprint.model_validate(value)


def answer_json(answer: Answer) -> str | bool | list[str] | list[int]:
    if isinstance(answer, frozenset):
        return sorted(answer)  # type: ignore[return-value]
    return answer


def answer_from_json(question: Question, value: Any) -> Answer:
    """A stored answer in the shape of ``question``'s format."""
    if isinstance(question, MultipleSelectQuestion):
        return frozenset(str(option) for option in value)
    if isinstance(question, FaultyLinesQuestion):
        return frozenset(int(line) for line in value)
    if isinstance(question, SingleChoiceQuestion):
        return str(value)
    return bool(value)
