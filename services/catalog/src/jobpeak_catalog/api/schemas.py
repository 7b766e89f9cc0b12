"""What the admin write routes answer: the outcome of a write, never a stored question's key."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jobpeak_catalog.domain.blueprint import BlueprintKind
from jobpeak_catalog.domain.specialty import SpecialtyStatus

_VIEW = ConfigDict(frozen=True)


class QuestionWritesView(BaseModel):
    model_config = _VIEW

    created: list[str]
    updated: list[str]
    unchanged: list[str]


class PublicationView(BaseModel):
    model_config = _VIEW

    slug: str
    revision: int
    bank_version: int
    specialty_published: bool = Field(
        description="False when nothing changed since the last publish: nothing was sent."
    )
    published_question_ids: list[str]
    retired_question_ids: list[str]


class RetirementView(BaseModel):
    model_config = _VIEW

    slug: str
    revision: int
    status: Literal[SpecialtyStatus.RETIRED] = SpecialtyStatus.RETIRED


class BlueprintWriteView(BaseModel):
    model_config = _VIEW

    slug: str
    kind: BlueprintKind
    version: int
