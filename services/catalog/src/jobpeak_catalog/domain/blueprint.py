"""Test blueprints as an admin writes them: what one attempt draws and how it is judged.

A specialty has exactly two blueprints, one per :class:`BlueprintKind`. The domain section
draws a fixed number of questions per difficulty and weighs them per difficulty; the
behavioural section is drawn without regard to difficulty and every item weighs the same.
The pieces shared with consumers (mix, weights, retake policy, money) are the contract's own
models; this shape adds the checks an author needs (totals that add up, fees that fit the kind).
"""

from __future__ import annotations

from typing import Self

from jobpeak_contracts.blueprints import (
    BlueprintKind,
    DifficultyMix,
    DifficultyWeights,
    RetakePolicy,
)
from jobpeak_contracts.money import Money
from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "BehaviouralSection",
    "Blueprint",
    "BlueprintKind",
    "DifficultyMix",
    "DifficultyWeights",
    "DomainSection",
    "RetakePolicy",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DomainSection(_Frozen):
    count: int = Field(ge=1, description="Domain questions per attempt.", examples=[40])
    mix: DifficultyMix = Field(description="Domain questions per difficulty; sums to count.")
    weights: DifficultyWeights = Field(description="Points per correct item, by difficulty.")
    minimum_per_language: int = Field(
        default=0,
        ge=0,
        description="Least domain questions per attempt in each of the specialty's languages "
        "(balanced forms); 0 means no minimum.",
        examples=[3],
    )
    minimum_per_topic: int = Field(
        default=0,
        ge=0,
        description="Least domain questions per attempt in each of the specialty's domain "
        "topics (balanced forms); 0 means no minimum.",
        examples=[6],
    )

    @model_validator(mode="after")
    def _mix_matches_count(self) -> Self:
        if self.mix.total != self.count:
            raise ValueError(
                f"mix: easy + medium + hard = {self.mix.total}, "
                f"but the domain section has {self.count} questions"
            )
        return self


class BehaviouralSection(_Frozen):
    """Unweighted by difficulty: each correct behavioural answer scores one point."""

    count: int = Field(ge=0, description="Behavioural questions per attempt.", examples=[20])


class Blueprint(_Frozen):
    kind: BlueprintKind = Field(examples=[BlueprintKind.CERTIFICATION])
    title: str = Field(
        min_length=1,
        max_length=120,
        description="Name shown to candidates.",
        examples=["Cognition Test"],
    )
    question_count: int = Field(
        ge=1, description="Questions per attempt, all sections together.", examples=[60]
    )
    domain: DomainSection
    behavioural: BehaviouralSection
    pass_mark: float = Field(
        ge=0, le=1, description="Share of the score needed to pass (0.78 = 78 %).", examples=[0.78]
    )
    time_limit_minutes: int | None = Field(
        default=None, ge=1, description="None: no time limit.", examples=[None]
    )
    retake_policy: RetakePolicy
    fee: Money | None = Field(
        default=None, description="None for practice; the price of one certification attempt."
    )

    @model_validator(mode="after")
    def _sections_add_up(self) -> Self:
        sections = self.domain.count + self.behavioural.count
        if sections != self.question_count:
            raise ValueError(
                f"question_count: is {self.question_count}, but the domain ({self.domain.count})"
                f" and behavioural ({self.behavioural.count}) sections add up to {sections}"
            )
        return self

    @model_validator(mode="after")
    def _fee_fits_kind(self) -> Self:
        if self.kind is BlueprintKind.PRACTICE and self.fee is not None:
            raise ValueError("fee: practice tests are free; leave the fee empty")
        if self.kind is BlueprintKind.CERTIFICATION:
            if self.fee is None:
                raise ValueError("fee: a certification needs a fee")
            if self.fee.amount_minor == 0:
                raise ValueError("fee.amount_minor: a certification fee must be above zero")
        return self

    @model_validator(mode="after")
    def _retakes_consistent(self) -> Self:
        policy = self.retake_policy
        if not policy.allowed and (policy.max_attempts or 1) > 1:
            raise ValueError(
                "retake_policy.max_attempts: retakes are not allowed, so at most one attempt"
            )
        return self
