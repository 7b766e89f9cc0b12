"""Events the item-statistics job publishes on the public ``analytics.item-statistics.v1``.

Classical test theory figures of certification items and forms, computed from the restricted
per-item results (``ItemResponsesRecordedV2``). Public, so these carry ids, the bank's labels and
numbers only: never a stem, an option, a key, or anything about one candidate. The topic is
compacted and keyed by ``statistics_id`` (one item version of one form, or one form), so a
reader that keeps the last record per key holds the current statistics.

A *form* is what certification attempts were drawn from: a specialty's bank version.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self

from pydantic import Field, model_validator

from jobpeak_contracts.event import Event
from jobpeak_contracts.identifiers import BankVersion, QuestionId, SpecialtySlug
from jobpeak_contracts.questions import Difficulty, Section
from jobpeak_contracts.scores import Fraction
from jobpeak_contracts.timestamps import UtcDatetime
from jobpeak_contracts.topics import ANALYTICS_ITEM_STATISTICS, Topic


class ItemFlag(StrEnum):
    """Why an item is brought to an admin's attention."""

    NEGATIVE_DISCRIMINATION = "negative_discrimination"
    """Stronger candidates get it wrong more often than weaker ones (point-biserial below 0)."""
    P_VALUE_OUTSIDE_BAND = "p_value_outside_band"
    """Answered correctly too rarely or too often to tell candidates apart."""


def item_statistics_id(*, specialty_slug: str, bank_version: int, question_id: str) -> str:
    """The record key of one item's statistics on one form."""
    return f"item:{specialty_slug}:{bank_version}:{question_id}"


def form_statistics_id(*, specialty_slug: str, bank_version: int) -> str:
    """The record key of one form's statistics."""
    return f"form:{specialty_slug}:{bank_version}"


StatisticsId = Annotated[
    str,
    Field(
        pattern=r"^(item|form):[a-z0-9][a-z0-9-]{1,62}:[1-9][0-9]*(:[a-z0-9][a-z0-9-]{2,63})?$",
        description=(
            "Record key: item:<specialty>:<bank version>:<question id> for an item, "
            "form:<specialty>:<bank version> for a form. Compaction keeps the latest per key."
        ),
        examples=["item:coding:3:cod-py-bug-001", "form:coding:3"],
    ),
]
Pool = Literal["certification"]
MinN = Annotated[
    int,
    Field(
        ge=1,
        description="Fewest attempts an item needs before its figures are published.",
        examples=[30],
    ),
]
ComputedAt = Annotated[
    UtcDatetime,
    Field(
        description="When the job computed these figures (UTC).",
        examples=["2025-06-01T09:30:00.123456Z"],
    ),
]


class _StatisticsEvent(Event):
    source_service: ClassVar[str] = "analytics"
    topic: ClassVar[Topic] = ANALYTICS_ITEM_STATISTICS

    statistics_id: StatisticsId
    specialty_slug: SpecialtySlug
    bank_version: BankVersion
    pool: Pool = Field(
        description="The question pool the figures are about: certification items only.",
        examples=["certification"],
    )
    min_n: MinN
    computed_at: ComputedAt


class ItemStatisticsPublished(_StatisticsEvent):
    """The current statistics of one certification item on one form.

    Below ``min_n`` attempts only ``n`` is given (``suppressed``): a handful of attempts is no
    verdict on an item. Labels come from the item responses, never from the bank's content.
    """

    event_name: ClassVar[str] = "ItemStatisticsPublished"
    schema_version: ClassVar[int] = 1

    question_id: QuestionId
    question_version: int | None = Field(
        ge=1,
        description="Content version of the item; null when the responses did not carry it.",
        examples=[1, None],
    )
    section: Section | None = Field(
        description="Domain or behavioural; null when the responses did not carry it.",
        examples=["domain", None],
    )
    difficulty: Difficulty | None = Field(
        description="The bank's difficulty label; null for behavioural items or when unknown.",
        examples=["medium", None],
    )
    question_topic: str | None = Field(
        description="The item's topic (subject area) within the specialty; null when unknown.",
        examples=["debugging", None],
    )
    language: str | None = Field(
        description="Programming language of the item; null when it is about none or unknown.",
        examples=["Python", None],
    )
    n: int = Field(
        ge=0, description="Certification attempts on this form that drew the item.", examples=[42]
    )
    suppressed: bool = Field(
        description="True when n is below min_n: the figures below are null.", examples=[False]
    )
    p_value: Fraction | None = Field(
        description="Proportion of those attempts answering it correctly (high is easy).",
        examples=[0.64, None],
    )
    point_biserial: float | None = Field(
        ge=-1.0,
        le=1.0,
        description=(
            "Pearson correlation of the item (0/1) with the rest score (the attempt's other "
            "items correct); null when suppressed or when either does not vary."
        ),
        examples=[0.31, None],
    )
    exposure_count: int | None = Field(
        ge=0,
        description="Certification attempts, on any form, that served the item; null if hidden.",
        examples=[57, None],
    )
    flags: tuple[ItemFlag, ...] = Field(
        description=(
            "Why admins should review the item: negative discrimination, or a p-value outside "
            "0.20 to 0.95. Empty when suppressed."
        ),
        examples=[["negative_discrimination"], []],
    )

    @model_validator(mode="after")
    def _suppressed_means_no_figures(self) -> Self:
        if self.n < self.min_n and not self.suppressed:
            raise ValueError(f"suppressed: n={self.n} is below min_n={self.min_n}")
        figures = (self.p_value, self.point_biserial, self.exposure_count)
        if self.suppressed and (any(f is not None for f in figures) or self.flags):
            raise ValueError("suppressed: a suppressed item publishes n only")
        return self


class FormStatisticsPublished(_StatisticsEvent):
    """Reliability of one certification form (a specialty's bank version).

    KR-20 is taken with each attempt's own items, since attempts draw different items from the
    bank; the standard error of measurement (SEM) is ``sd * sqrt(1 - KR20)``. At the cut, the
    conditional SEM of Lord's binomial error model, ``sqrt(c * (k - c) / (k - 1))`` with ``c``
    the pass mark times ``k`` items, says how far a score near the pass mark may be from the
    candidate's true score. Scores here are items correct (unweighted), not the graded score.
    """

    event_name: ClassVar[str] = "FormStatisticsPublished"
    schema_version: ClassVar[int] = 1

    attempts: int = Field(ge=1, description="Certification attempts on this form.", examples=[64])
    items_per_attempt: float = Field(
        ge=0.0, description="Mean number of items an attempt drew (k).", examples=[60.0]
    )
    mean_score: float = Field(
        ge=0.0, description="Mean number of items answered correctly.", examples=[44.2]
    )
    sd_score: float = Field(
        ge=0.0,
        description="Population standard deviation of the items answered correctly.",
        examples=[6.1],
    )
    kr20: float | None = Field(
        le=1.0,
        description="KR-20 reliability; null when scores or items do not vary.",
        examples=[0.82, None],
    )
    sem_items: float | None = Field(
        ge=0.0, description="Standard error of measurement, in items.", examples=[2.6, None]
    )
    sem_share: Fraction | None = Field(
        description="SEM as a share of the items per attempt, comparable with the pass mark.",
        examples=[0.043, None],
    )
    pass_mark: Fraction = Field(description="The cut the SEM is read at.", examples=[0.78])
    sem_at_cut_items: float | None = Field(
        ge=0.0,
        description="Conditional SEM at the pass mark (Lord's binomial model), in items.",
        examples=[3.2, None],
    )
    sem_at_cut_share: Fraction | None = Field(
        description="Conditional SEM at the pass mark as a share of the items per attempt.",
        examples=[0.053, None],
    )
