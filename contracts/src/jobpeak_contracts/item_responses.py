"""The per-item entries of the item-responses events: question ids and correctness, and for
certification attempts the bank's labels of the item served. Never content or keys."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from jobpeak_contracts.identifiers import QuestionId
from jobpeak_contracts.questions import Difficulty, Section


class ItemResponse(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    question_id: QuestionId
    correct: bool = Field(
        description="Whether the candidate's response was graded correct.", examples=[True]
    )


class CertificationItemResponse(ItemResponse):
    """One item of a certification attempt, with the bank's labels of the item version served.

    The labels come from testing's replica of the bank, so the item-statistics job can group its
    figures without reading the restricted bank. Optional: records written before they were
    added lack them. Labels only; never the stem, the options or the key.
    """

    question_version: int | None = Field(
        default=None, ge=1, description="Content version of the item served.", examples=[1, None]
    )
    section: Section | None = Field(
        default=None, description="Domain or behavioural section.", examples=["domain", None]
    )
    difficulty: Difficulty | None = Field(
        default=None,
        description="The bank's difficulty label; null for behavioural items (unweighted).",
        examples=["medium", None],
    )
    topic: str | None = Field(
        default=None,
        min_length=1,
        description="Subject area of the item within the specialty.",
        examples=["debugging", None],
    )
    language: str | None = Field(
        default=None,
        min_length=1,
        description="Programming language the item is about; null when it is about none.",
        examples=["Python", None],
    )


ItemResponses = Annotated[
    tuple[ItemResponse, ...],
    Field(
        min_length=1,
        description="One entry per drawn question, in the order they were served.",
        examples=[[{"question_id": "cod-py-bug-001", "correct": True}]],
    ),
]


CertificationItemResponses = Annotated[
    tuple[CertificationItemResponse, ...],
    Field(
        min_length=1,
        description=(
            "One entry per drawn question, in the order they were served, with the item's labels."
        ),
        examples=[
            [
                {
                    "question_id": "cod-py-bug-001",
                    "correct": True,
                    "question_version": 1,
                    "section": "domain",
                    "difficulty": "easy",
                    "topic": "debugging",
                    "language": "Python",
                }
            ]
        ],
    ),
]
