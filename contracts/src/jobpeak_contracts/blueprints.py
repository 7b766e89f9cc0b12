"""Test blueprints: how many questions of which kind a test draws, and how it is passed.

A specialty publishes two blueprints, one for the free practice test and one for the paid
certification. They are data in the catalog; the testing service assembles and grades attempts
from them and never hard-codes a count, a mix or a pass mark.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from jobpeak_contracts.money import Money
from jobpeak_contracts.questions import Difficulty, Section
from jobpeak_contracts.scores import Fraction

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class BlueprintKind(StrEnum):
    PRACTICE = "practice"
    CERTIFICATION = "certification"


class SectionSize(BaseModel):
    model_config = _FROZEN

    section: Section = Field(
        description="Which section of the test: domain knowledge or behavioural judgement.",
        examples=["domain"],
    )
    question_count: int = Field(
        ge=1, description="How many questions this section draws.", examples=[40]
    )


class DifficultyMix(BaseModel):
    """How many domain questions of each difficulty an attempt draws."""

    model_config = _FROZEN

    easy: int = Field(ge=0, description="Number of easy domain questions.", examples=[10])
    medium: int = Field(ge=0, description="Number of medium domain questions.", examples=[20])
    hard: int = Field(ge=0, description="Number of hard domain questions.", examples=[10])

    def count(self, difficulty: Difficulty) -> int:
        counts = {Difficulty.EASY: self.easy, Difficulty.MEDIUM: self.medium}
        return counts.get(difficulty, self.hard)

    @property
    def total(self) -> int:
        return self.easy + self.medium + self.hard


Minimum = Annotated[int, Field(ge=0)]


class DomainMinima(BaseModel):
    """Least number of an attempt's domain items per language and per topic (balanced forms).

    Keys are the values questions carry in ``language`` and ``topic``. The difficulty mix still
    fixes how many items of each difficulty are drawn; the minima only constrain which ones.
    """

    model_config = _FROZEN

    per_language: dict[str, Minimum] = Field(
        default_factory=dict,
        description="Least domain items per language, keyed by the questions' `language`.",
        examples=[{"python": 3, "sql": 3}],
    )
    per_topic: dict[str, Minimum] = Field(
        default_factory=dict,
        description="Least domain items per topic, keyed by the questions' `topic`.",
        examples=[{"debugging": 6, "code-review": 6}],
    )


class DifficultyWeights(BaseModel):
    """Points a correct domain answer earns, by difficulty (behavioural items are unweighted)."""

    model_config = _FROZEN

    easy: float = Field(gt=0, description="Points for a correct easy item.", examples=[1.0])
    medium: float = Field(gt=0, description="Points for a correct medium item.", examples=[2.0])
    hard: float = Field(gt=0, description="Points for a correct hard item.", examples=[3.0])


class RetakePolicy(BaseModel):
    model_config = _FROZEN

    allowed: bool = Field(
        description="Whether a candidate may sit the test again after an attempt.",
        examples=[True],
    )
    cooldown_hours: int = Field(
        ge=0,
        description="Minimum hours between the end of one attempt and the start of the next.",
        examples=[0],
    )
    lockout_after_failures: int | None = Field(
        ge=1,
        description=(
            "Consecutive failed attempts after which the candidate is locked out for "
            "`lockout_days`; null means never locked out."
        ),
        examples=[None],
    )
    lockout_days: int | None = Field(
        ge=1,
        description="Length of a lockout in days; null when there is no lockout.",
        examples=[None],
    )
    max_attempts: int | None = Field(
        ge=1,
        description="Maximum number of attempts overall; null means unlimited.",
        examples=[None],
    )
    payment_per_attempt: bool = Field(
        description="Whether every attempt needs its own payment (true for certifications).",
        examples=[True],
    )

    @model_validator(mode="after")
    def _lockout_is_complete(self) -> Self:
        if (self.lockout_after_failures is None) != (self.lockout_days is None):
            raise ValueError(
                "lockout_days: give both lockout_after_failures and lockout_days, or neither"
            )
        return self


_CERTIFICATION_EXAMPLE: JsonDict = {
    "kind": "certification",
    "blueprint_version": 1,
    "title": "Cognition Test",
    "sections": [
        {"section": "domain", "question_count": 40},
        {"section": "behavioural", "question_count": 20},
    ],
    "domain_difficulty_mix": {"easy": 10, "medium": 20, "hard": 10},
    "difficulty_weights": {"easy": 1.0, "medium": 2.0, "hard": 3.0},
    "behavioural_weighted": False,
    "pass_mark": 0.78,
    "time_limit_minutes": None,
    "retake_policy": {
        "allowed": True,
        "cooldown_hours": 0,
        "lockout_after_failures": None,
        "lockout_days": None,
        "max_attempts": None,
        "payment_per_attempt": True,
    },
    "fee": {"amount_minor": 4900, "currency": "USD"},
}


class Blueprint(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_extra={"examples": [_CERTIFICATION_EXAMPLE]}
    )

    kind: BlueprintKind = Field(
        description="Practice (free, unlimited) or certification (paid, qualifies for work).",
        examples=["certification"],
    )
    blueprint_version: int = Field(
        ge=1,
        description="Version of this blueprint; bumped whenever any of its rules change.",
        examples=[1],
    )
    title: str = Field(
        min_length=1,
        max_length=120,
        description="Name of the test shown to candidates.",
        examples=["Cognition Test"],
    )
    sections: tuple[SectionSize, ...] = Field(
        min_length=1,
        description="Question count per section; each section appears at most once.",
        examples=[
            [
                {"section": "domain", "question_count": 40},
                {"section": "behavioural", "question_count": 20},
            ]
        ],
    )
    domain_difficulty_mix: DifficultyMix = Field(
        description="Domain questions per difficulty; sums to the domain section's count.",
        examples=[{"easy": 10, "medium": 20, "hard": 10}],
    )
    domain_minima: DomainMinima | None = Field(
        default=None,
        description=(
            "Least domain items per language and per topic in one attempt; null or absent "
            "means the draw is constrained by the difficulty mix alone."
        ),
        examples=[{"per_language": {"python": 3}, "per_topic": {"debugging": 6}}, None],
    )
    difficulty_weights: DifficultyWeights = Field(
        description="Points per correct domain item by difficulty.",
        examples=[{"easy": 1.0, "medium": 2.0, "hard": 3.0}],
    )
    behavioural_weighted: bool = Field(
        description=(
            "Whether behavioural items are weighted by difficulty; false means each correct "
            "behavioural item scores one point."
        ),
        examples=[False],
    )
    pass_mark: Fraction = Field(
        description="Total score needed to pass, as a fraction (0.78 = 78 %).", examples=[0.78]
    )
    time_limit_minutes: int | None = Field(
        ge=1, description="Time allowed for an attempt; null means no time limit.", examples=[None]
    )
    retake_policy: RetakePolicy = Field(
        description="Whether and when a candidate may try again.",
        examples=[
            {
                "allowed": True,
                "cooldown_hours": 0,
                "lockout_after_failures": None,
                "lockout_days": None,
                "max_attempts": None,
                "payment_per_attempt": True,
            }
        ],
    )
    fee: Money | None = Field(
        description="Price of one attempt; null for the free practice test.",
        examples=[{"amount_minor": 4900, "currency": "USD"}, None],
    )

    def question_count(self, section: Section | None = None) -> int:
        """Questions drawn in ``section``, or in the whole test when ``section`` is None."""
        return sum(
            size.question_count
            for size in self.sections
            if section is None or size.section is section
        )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        named = [size.section for size in self.sections]
        if len(set(named)) != len(named):
            raise ValueError("sections: each section may appear only once")
        domain = self.question_count(Section.DOMAIN)
        if self.domain_difficulty_mix.total != domain:
            raise ValueError(
                f"domain_difficulty_mix: sums to {self.domain_difficulty_mix.total} but the "
                f"domain section draws {domain}"
            )
        minima = self.domain_minima
        for name, groups in (
            ("per_language", minima.per_language if minima else {}),
            ("per_topic", minima.per_topic if minima else {}),
        ):
            if sum(groups.values()) > domain:
                raise ValueError(
                    f"domain_minima.{name}: asks for {sum(groups.values())} items, but the "
                    f"domain section draws {domain}"
                )
        if self.kind is BlueprintKind.PRACTICE and self.fee is not None:
            raise ValueError("fee: the practice test is free; leave it null")
        if self.kind is BlueprintKind.CERTIFICATION and self.fee is None:
            raise ValueError("fee: a certification needs a published fee")
        return self
