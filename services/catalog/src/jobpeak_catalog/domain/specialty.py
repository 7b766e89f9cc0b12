"""Specialties: the facts a candidate reads before sitting a test, and their two blueprints."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Self

from jobpeak_contracts.identifiers import SpecialtySlug
from jobpeak_contracts.money import Money
from jobpeak_contracts.questions import Section
from pydantic import BaseModel, ConfigDict, Field, model_validator

from jobpeak_catalog.domain.blueprint import Blueprint, BlueprintKind

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"


class SpecialtyStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Language(_Frozen):
    id: str = Field(pattern=ID_PATTERN, examples=["cpp"])
    name: str = Field(min_length=1, max_length=40, examples=["C++"])


class Topic(_Frozen):
    id: str = Field(pattern=ID_PATTERN, examples=["debugging"])
    name: str = Field(min_length=1, examples=["Debugging"])


class SpecialtyTopics(_Frozen):
    """What each section of the test covers; every question's topic is one of these."""

    domain: list[Topic] = Field(min_length=1)
    behavioural: list[Topic] = Field(default_factory=list)

    def ids_for(self, section: Section) -> list[str]:
        topics = self.domain if section is Section.DOMAIN else self.behavioural
        return [topic.id for topic in topics]

    @model_validator(mode="after")
    def _ids_unique(self) -> Self:
        repeated = _repeated([topic.id for topic in (*self.domain, *self.behavioural)])
        if repeated:
            raise ValueError(f"topics: topic id(s) {repeated} appear more than once")
        return self


class SpecialtyProfile(_Frozen):
    """Everything about a specialty except its blueprints and its bank."""

    slug: SpecialtySlug
    name: str = Field(min_length=1, max_length=80, examples=["Coding"])
    tier: str = Field(min_length=1, max_length=40, examples=["Coding"])
    headline: str = Field(
        min_length=1,
        description="One-line pitch shown in listings.",
        examples=["Code review, debugging AI-generated code, and evaluating model outputs."],
    )
    description: str = Field(
        min_length=1,
        description="What the work is about.",
        examples=["Coding subcontractors review code that AI models generate."],
    )
    rate_ceiling: Money = Field(description="Highest hourly rate work in this specialty pays.")
    languages: list[Language] = Field(
        default_factory=list,
        description="Languages the work and the test span, if any.",
        examples=[[{"id": "python", "name": "Python"}, {"id": "sql", "name": "SQL"}]],
    )
    topics: SpecialtyTopics
    sample_question_kinds: list[str] = Field(
        default_factory=list, description="Kinds of questions a candidate can expect."
    )
    match_sla_days: int = Field(
        ge=1,
        le=365,
        description="Days within which a qualified reviewer is matched to work.",
        examples=[7],
    )

    @property
    def language_ids(self) -> list[str]:
        return [language.id for language in self.languages]

    @model_validator(mode="after")
    def _languages_unique(self) -> Self:
        repeated = _repeated(self.language_ids)
        if repeated:
            raise ValueError(f"languages: language id(s) {repeated} appear more than once")
        return self


class SpecialtyDefinition(SpecialtyProfile):
    """A specialty with both blueprints: the unit a seed file describes and a publish snapshots."""

    practice: Blueprint
    certification: Blueprint

    @property
    def profile(self) -> SpecialtyProfile:
        return SpecialtyProfile.model_validate(
            self.model_dump(exclude={"practice", "certification"})
        )

    @property
    def blueprints(self) -> tuple[Blueprint, Blueprint]:
        return (self.practice, self.certification)

    @model_validator(mode="after")
    def _blueprint_kinds(self) -> Self:
        if self.practice.kind is not BlueprintKind.PRACTICE:
            raise ValueError("practice.kind: must be practice")
        if self.certification.kind is not BlueprintKind.CERTIFICATION:
            raise ValueError("certification.kind: must be certification")
        return self


def _repeated(ids: list[str]) -> list[str]:
    return sorted(identifier for identifier, seen in Counter(ids).items() if seen > 1)
