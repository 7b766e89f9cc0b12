"""Question content as it travels on the restricted ``catalog.question-bank.v1`` topic.

The answer key is part of this model, which is why it never appears on a public topic.
Each format carries its own key shape and grading rule:

* ``single_choice``: ``answer`` is one option id; correct iff the response is that id.
* ``multiple_select``: ``answer`` is a non-empty set of option ids; correct iff the response
  is exactly that set (all-or-nothing, so guessing every option never scores).
* ``faulty_lines``: ``answer`` is the set of 1-based line numbers of ``code`` that are wrong;
  correct iff the response is exactly that set. An empty set is a valid key and a valid
  response: "no line is faulty" (the model's code is correct).
* ``true_false``: ``answer`` is a boolean; correct iff the response equals it.

Every question belongs to exactly one :class:`QuestionPool`: the certification bank or the
practice pool. The pools are disjoint so that nothing practice reveals (keys, explanations) is
ever a certification key.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Section(StrEnum):
    DOMAIN = "domain"
    BEHAVIOURAL = "behavioural"


class QuestionPool(StrEnum):
    """Which kind of attempt may draw a question; a question is in exactly one pool."""

    CERTIFICATION = "certification"
    """The paid Cognition Test's bank; never shown in practice, its keys are never revealed."""
    PRACTICE = "practice"
    """The free practice test's own items; a submitted practice attempt shows their keys."""


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class QuestionFormat(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_SELECT = "multiple_select"
    FAULTY_LINES = "faulty_lines"
    TRUE_FALSE = "true_false"


class Option(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(
        pattern=r"^[a-z]$", description="Option id, a single lower-case letter.", examples=["b"]
    )
    text: str = Field(
        min_length=1, description="What the candidate reads.", examples=["line 2 raises"]
    )


class _QuestionBase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]{2,63}$",
        description="Stable question id, unique within the catalog.",
        examples=["cod-py-bug-001"],
    )
    version: int = Field(ge=1, description="Content version; bumped on every edit.", examples=[1])
    specialty: str = Field(
        pattern=r"^[a-z0-9-]+$",
        description="Slug of the specialty whose bank holds the question.",
        examples=["coding"],
    )
    section: Section = Field(
        description="Domain knowledge or behavioural judgement.", examples=["domain"]
    )
    pool: QuestionPool = Field(
        default=QuestionPool.CERTIFICATION,
        description=(
            "The pool the question belongs to: certification (drawn only by paid attempts) or "
            "practice (drawn only by practice attempts). Records written before pools existed "
            "lack it and are certification items."
        ),
        examples=["certification", "practice"],
    )
    difficulty: Difficulty | None = Field(
        description="Required for domain questions; behavioural questions are unweighted (null).",
        examples=["medium", None],
    )
    topic: str = Field(
        min_length=1, description="Subject area within the specialty.", examples=["debugging"]
    )
    language: str | None = Field(
        default=None,
        description="Id of the programming language the item is about, as the specialty lists it.",
        examples=["python", None],
    )
    stem: str = Field(
        min_length=1,
        description="The question as the candidate reads it.",
        examples=["Which line raises on an empty list?"],
    )
    code: str | None = Field(
        default=None,
        description="Code snippet shown with the stem.",
        examples=["def first(xs):\n    return xs[0]\n", None],
    )
    explanation: str = Field(
        min_length=1,
        description="Why the key is right and the others are wrong.",
        examples=["Indexing an empty list raises IndexError."],
    )

    @model_validator(mode="after")
    def _difficulty_matches_section(self) -> Self:
        if self.section is Section.DOMAIN and self.difficulty is None:
            raise ValueError("difficulty: a domain question needs easy, medium or hard")
        if self.section is Section.BEHAVIOURAL and self.difficulty is not None:
            raise ValueError("difficulty: behavioural questions are unweighted; leave it null")
        return self


class _ChoiceQuestion(_QuestionBase):
    options: list[Option] = Field(
        min_length=2,
        max_length=8,
        description="The choices, in authoring order (testing shuffles them per attempt).",
        examples=[[{"id": "a", "text": "line 1"}, {"id": "b", "text": "line 2"}]],
    )

    def _check_options(self, keys: list[str]) -> None:
        ids = [option.id for option in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError("options: option ids must be unique")
        texts = [option.text.strip() for option in self.options]
        if len(set(texts)) != len(texts):
            raise ValueError("options: option texts must be distinct")
        missing = [key for key in keys if key not in ids]
        if missing:
            # Never echo key values: this message can reach logs and dead-letter records.
            raise ValueError(f"answer: names {len(missing)} option id(s) that do not exist")


class SingleChoiceQuestion(_ChoiceQuestion):
    format: Literal[QuestionFormat.SINGLE_CHOICE] = Field(
        default=QuestionFormat.SINGLE_CHOICE,
        description="Pick exactly one option.",
        examples=["single_choice"],
    )
    answer: str = Field(description="The id of the one correct option.", examples=["b"])

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> Self:
        self._check_options([self.answer])
        return self


class MultipleSelectQuestion(_ChoiceQuestion):
    format: Literal[QuestionFormat.MULTIPLE_SELECT] = Field(
        default=QuestionFormat.MULTIPLE_SELECT,
        description="Pick every correct option; graded all-or-nothing.",
        examples=["multiple_select"],
    )
    answer: list[str] = Field(
        min_length=1, description="Ids of every correct option.", examples=[["a", "c"]]
    )

    @model_validator(mode="after")
    def _answer_is_a_set_of_options(self) -> Self:
        if len(set(self.answer)) != len(self.answer):
            raise ValueError("answer: option ids repeat")
        self._check_options(self.answer)
        return self


class FaultyLinesQuestion(_QuestionBase):
    format: Literal[QuestionFormat.FAULTY_LINES] = Field(
        default=QuestionFormat.FAULTY_LINES,
        description="Name every faulty line of the snippet; graded all-or-nothing.",
        examples=["faulty_lines"],
    )
    code: str = Field(
        min_length=1,
        description="The snippet whose faulty lines are asked for.",
        examples=["def first(xs):\n    return xs[0]\n"],
    )
    answer: list[int] = Field(
        description="1-based numbers of the faulty lines; empty when no line is faulty.",
        examples=[[2], []],
    )

    @model_validator(mode="after")
    def _lines_exist(self) -> Self:
        line_count = len(self.code.splitlines())
        outside = [line for line in self.answer if not 1 <= line <= line_count]
        if outside:
            raise ValueError(
                f"answer: {len(outside)} line number(s) are outside the snippet (1-{line_count})"
            )
        if len(set(self.answer)) != len(self.answer):
            raise ValueError("answer: line numbers repeat")
        return self


class TrueFalseQuestion(_QuestionBase):
    format: Literal[QuestionFormat.TRUE_FALSE] = Field(
        default=QuestionFormat.TRUE_FALSE,
        description="Judge the statement in the stem true or false.",
        examples=["true_false"],
    )
    answer: bool = Field(description="Whether the statement is true.", examples=[False])


Question = Annotated[
    SingleChoiceQuestion | MultipleSelectQuestion | FaultyLinesQuestion | TrueFalseQuestion,
    Field(discriminator="format"),
]
"""Any question, discriminated by ``format``."""
