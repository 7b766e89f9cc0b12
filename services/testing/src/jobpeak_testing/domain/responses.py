"""What a candidate answers, per question format, and the check that it fits the item.

Choice responses name options by their display label (``a``, ``b``, … in the order the attempt
shows them), never by the question's own option ids; :func:`to_answer` translates a response into
the question's terms before it is stored and graded, :func:`to_response` translates it back. A
response of the wrong shape or naming something the item does not show is refused with
:class:`InvalidResponse`, whose message names the question and the problem but no key.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobpeak_contracts.questions import (
    FaultyLinesQuestion,
    MultipleSelectQuestion,
    QuestionFormat,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

from jobpeak_testing.domain.answers import Answer
from jobpeak_testing.domain.assembly import DISPLAY_LABELS, DrawnItem
from jobpeak_testing.domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class SingleChoice:
    choice: str


@dataclass(frozen=True, slots=True)
class MultipleChoice:
    choices: frozenset[str]


@dataclass(frozen=True, slots=True)
class FaultyLines:
    lines: frozenset[int]


@dataclass(frozen=True, slots=True)
class TrueOrFalse:
    value: bool


Response = SingleChoice | MultipleChoice | FaultyLines | TrueOrFalse

_SHAPE_OF_FORMAT: dict[QuestionFormat, type[Response]] = {
    QuestionFormat.SINGLE_CHOICE: SingleChoice,
    QuestionFormat.MULTIPLE_SELECT: MultipleChoice,
    QuestionFormat.FAULTY_LINES: FaultyLines,
    QuestionFormat.TRUE_FALSE: TrueOrFalse,
}
_SHAPE_NAMES: dict[type[Response], str] = {
    SingleChoice: "'choice' (one option label)",
    MultipleChoice: "'choices' (a list of option labels)",
    FaultyLines: "'lines' (a list of line numbers)",
    TrueOrFalse: "'value' (true or false)",
}


class InvalidResponse(DomainError):
    """The response does not fit the item it answers."""


def display_labels(item: DrawnItem) -> str:
    """The labels the item's options are shown under, in display order."""
    return DISPLAY_LABELS[: len(item.option_order)]


def check_response(item: DrawnItem, response: Response) -> None:
    """Refuse ``response`` unless it has the item's shape and names only what the item shows."""
    question = item.question
    expected = _SHAPE_OF_FORMAT[question.format]
    if not isinstance(response, expected):
        raise InvalidResponse(
            f"question {question.id} is {question.format.value}: answer with "
            f"{_SHAPE_NAMES[expected]}"
        )
    labels = display_labels(item)
    if isinstance(response, SingleChoice) and response.choice not in labels:
        raise InvalidResponse(f"question {question.id}: choice must be one of {list(labels)}")
    if isinstance(response, MultipleChoice):
        if not response.choices:
            raise InvalidResponse(f"question {question.id}: choose at least one option")
        unknown = sorted(response.choices - set(labels))
        if unknown:
            raise InvalidResponse(
                f"question {question.id}: {unknown} are not options; choose from {list(labels)}"
            )
    if isinstance(response, FaultyLines) and isinstance(question, FaultyLinesQuestion):
        line_count = len(question.code.splitlines())
        outside = sorted(line for line in response.lines if not 1 <= line <= line_count)
        if outside:
            raise InvalidResponse(
                f"question {question.id}: line(s) {outside} are outside the snippet "
                f"(1-{line_count})"
            )


def to_answer(item: DrawnItem, response: Response) -> Answer:
    """``response`` (already checked) in the question's own terms: labels become option ids."""
    if isinstance(response, SingleChoice):
        return item.option_order[DISPLAY_LABELS.index(response.choice)]
    if isinstance(response, MultipleChoice):
        order = item.option_order
        return frozenset(order[DISPLAY_LABELS.index(label)] for label in response.choices)
    if isinstance(response, FaultyLines):
        return response.lines
    return response.value


def to_response(item: DrawnItem, answer: Answer) -> Response:
    """A stored ``answer`` as the candidate gave it, in the item's display labels."""
    question = item.question
    if isinstance(question, SingleChoiceQuestion) and isinstance(answer, str):
        return SingleChoice(_label(item, answer))
    if isinstance(question, MultipleSelectQuestion) and isinstance(answer, frozenset):
        return MultipleChoice(frozenset(_label(item, str(option)) for option in answer))
    if isinstance(question, FaultyLinesQuestion) and isinstance(answer, frozenset):
        return FaultyLines(frozenset(int(line) for line in answer))
    if isinstance(question, TrueFalseQuestion) and isinstance(answer, bool):
        return TrueOrFalse(answer)
    raise ValueError(f"a stored answer to question {question.id} does not fit its format")


def _label(item: DrawnItem, option_id: str) -> str:
    return DISPLAY_LABELS[item.option_order.index(option_id)]
