"""Events the testing service publishes.

Scores are fractions between 0 and 1. Domain items are weighted by difficulty (the blueprint's
``difficulty_weights``); behavioural items are unweighted. No question content or answer key
ever appears here. Per-item correctness of certification attempts travels only on the restricted
``testing.item-responses.v1`` (:class:`ItemResponsesRecordedV2`, :class:`ItemExposureCapReached`);
the public ``testing.attempts.v1`` carries attempt-level results only.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Self

from pydantic import Field, model_validator

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.event import Event
from jobpeak_contracts.identifiers import (
    AttemptId,
    BankVersion,
    BlueprintVersion,
    CandidateId,
    OrderId,
    QuestionId,
    SpecialtySlug,
)
from jobpeak_contracts.item_responses import (
    CertificationItemResponse,
    CertificationItemResponses,
    ItemResponse,
    ItemResponses,
)
from jobpeak_contracts.scores import Fraction
from jobpeak_contracts.timestamps import UtcDatetime
from jobpeak_contracts.topics import TESTING_ATTEMPTS, TESTING_ITEM_RESPONSES, Topic


class VoidReason(StrEnum):
    SPECIALTY_RETIRED = "specialty_retired"
    """The specialty was retired before the attempt could be taken or finished."""
    BANK_CANNOT_FILL = "bank_cannot_fill"
    """The bank no longer holds enough questions to assemble the blueprint."""
    ADMIN = "admin"
    """An admin voided the attempt."""


class _TestingEvent(Event):
    source_service: ClassVar[str] = "testing"
    topic: ClassVar[Topic] = TESTING_ATTEMPTS


class _AttemptEvent(_TestingEvent):
    attempt_id: AttemptId
    candidate_id: CandidateId
    specialty_slug: SpecialtySlug


class TestStarted(_AttemptEvent):
    """A candidate started a practice or certification attempt (a certification consumes one
    paid entitlement)."""

    __test__ = False  # not a pytest test class despite its name

    event_name: ClassVar[str] = "TestStarted"
    schema_version: ClassVar[int] = 1

    kind: BlueprintKind = Field(
        description="Practice (free) or certification (paid).", examples=["certification"]
    )
    order_id: OrderId | None = Field(
        description="The paid order this certification attempt consumes; null for practice.",
        examples=["5b7d9f1a-3c5e-4a7c-9e1b-3d5f7a9c1e3b", None],
    )
    attempt_number: int = Field(
        ge=1,
        description="1 for the candidate's first attempt of this kind in this specialty, then 2, …",
        examples=[1],
    )
    blueprint_version: BlueprintVersion
    bank_version: BankVersion
    question_count: int = Field(
        ge=1, description="Number of questions drawn for this attempt.", examples=[60]
    )
    started_at: UtcDatetime

    @model_validator(mode="after")
    def _order_only_for_certification(self) -> Self:
        if self.kind is BlueprintKind.CERTIFICATION and self.order_id is None:
            raise ValueError("order_id: a certification attempt consumes a paid order")
        if self.kind is BlueprintKind.PRACTICE and self.order_id is not None:
            raise ValueError("order_id: a practice attempt is free; leave it null")
        return self


class _GradedAttempt(_AttemptEvent):
    attempt_number: int = Field(
        ge=1,
        description="1 for the candidate's first attempt of this kind in this specialty, then 2, …",
        examples=[1],
    )
    blueprint_version: BlueprintVersion
    bank_version: BankVersion
    total_score: Fraction = Field(
        description=(
            "Overall score: weighted domain points plus behavioural points, over the maximum."
        ),
        examples=[0.8125],
    )
    domain_score: Fraction = Field(
        description="Score on the domain section, weighted by difficulty.", examples=[0.8]
    )
    behavioural_score: Fraction = Field(
        description="Score on the behavioural section, unweighted.", examples=[0.85]
    )
    pass_mark: Fraction = Field(
        description="Pass mark of the blueprint the attempt was graded against.", examples=[0.78]
    )
    graded_at: UtcDatetime


class PracticeTestCompleted(_GradedAttempt):
    """A practice attempt was submitted and graded server-side. It qualifies for nothing."""

    event_name: ClassVar[str] = "PracticeTestCompleted"
    schema_version: ClassVar[int] = 1


class _CertificationGraded(_GradedAttempt):
    order_id: OrderId = Field(
        description="The paid order the attempt consumed.",
        examples=["5b7d9f1a-3c5e-4a7c-9e1b-3d5f7a9c1e3b"],
    )


class TestPassed(_CertificationGraded):
    """A certification attempt scored at or above the pass mark: the candidate is qualified."""

    __test__ = False

    event_name: ClassVar[str] = "TestPassed"
    schema_version: ClassVar[int] = 1

    @model_validator(mode="after")
    def _reached_pass_mark(self) -> Self:
        if self.total_score < self.pass_mark:
            raise ValueError(
                f"total_score: {self.total_score} is below the pass mark {self.pass_mark}"
            )
        return self


class TestFailed(_CertificationGraded):
    """A certification attempt scored below the pass mark; a retake needs a new payment."""

    __test__ = False

    event_name: ClassVar[str] = "TestFailed"
    schema_version: ClassVar[int] = 1

    @model_validator(mode="after")
    def _missed_pass_mark(self) -> Self:
        if self.total_score >= self.pass_mark:
            raise ValueError(
                f"total_score: {self.total_score} reaches the pass mark {self.pass_mark}"
            )
        return self


class ItemResponsesRecorded(_AttemptEvent):
    """Per-item correctness of a graded attempt, as once published on the public topic.

    No longer produced (each flag was one bit of a certification key on a public topic); it
    stays modelled so records written before the move decode. Its successor is
    :class:`ItemResponsesRecordedV2` on the restricted ``testing.item-responses.v1``.
    """

    event_name: ClassVar[str] = "ItemResponsesRecorded"
    schema_version: ClassVar[int] = 1
    superseded_by: ClassVar[str | None] = "jobpeak.testing.ItemResponsesRecorded.v2"

    kind: BlueprintKind = Field(
        description="Practice or certification attempt.", examples=["certification"]
    )
    bank_version: BankVersion
    responses: ItemResponses
    recorded_at: UtcDatetime


class _ItemStatisticsEvent(_TestingEvent):
    topic: ClassVar[Topic] = TESTING_ITEM_RESPONSES

    specialty_slug: SpecialtySlug


class ItemResponsesRecordedV2(_ItemStatisticsEvent):
    """Per-item correctness of a graded certification attempt, for the item-statistics job.

    Restricted topic: every flag is one bit of a certification answer key. Practice attempts are
    not recorded here (their items are their own pool and their keys are shown to the candidate).
    Ids only, no content.
    """

    event_name: ClassVar[str] = "ItemResponsesRecorded"
    schema_version: ClassVar[int] = 2

    attempt_id: AttemptId
    candidate_id: CandidateId
    blueprint_version: BlueprintVersion
    bank_version: BankVersion
    responses: CertificationItemResponses
    recorded_at: UtcDatetime


class ItemExposureCapReached(_ItemStatisticsEvent):
    """A certification item has been served in as many certification attempts as the exposure
    cap allows: it is flagged for retirement (an admin promotes a reserve item in its place)."""

    event_name: ClassVar[str] = "ItemExposureCapReached"
    schema_version: ClassVar[int] = 1

    question_id: QuestionId
    bank_version: BankVersion
    served_count: int = Field(
        ge=1,
        description="Certification attempts that have served the item so far.",
        examples=[400],
    )
    cap: int = Field(
        ge=1, description="The exposure cap in force when it was reached.", examples=[400]
    )
    reached_at: UtcDatetime

    @model_validator(mode="after")
    def _cap_is_reached(self) -> Self:
        if self.served_count < self.cap:
            raise ValueError(f"served_count: {self.served_count} is below the cap {self.cap}")
        return self


class AttemptVoided(_TestingEvent):
    """An attempt, or a paid entitlement not yet used, cannot be delivered.

    Billing refunds the order, if there is one.
    """

    event_name: ClassVar[str] = "AttemptVoided"
    schema_version: ClassVar[int] = 1

    attempt_id: AttemptId | None = Field(
        description="The voided attempt; null when a paid entitlement was voided before use.",
        examples=["0f8e2d4c-6b1a-4c3e-9f57-2a4b6c8d0e1f", None],
    )
    candidate_id: CandidateId
    specialty_slug: SpecialtySlug

    order_id: OrderId | None = Field(
        description="The paid order to refund; null for a practice attempt.",
        examples=["5b7d9f1a-3c5e-4a7c-9e1b-3d5f7a9c1e3b", None],
    )
    reason: VoidReason = Field(
        description="Why the attempt was voided.", examples=["specialty_retired"]
    )
    voided_at: UtcDatetime

    @model_validator(mode="after")
    def _names_what_is_voided(self) -> Self:
        if self.attempt_id is None and self.order_id is None:
            raise ValueError("attempt_id: name the voided attempt, the unused order, or both")
        return self


__all__ = [
    "AttemptVoided",
    "CertificationItemResponse",
    "ItemExposureCapReached",
    "ItemResponse",
    "ItemResponses",
    "ItemResponsesRecorded",
    "ItemResponsesRecordedV2",
    "PracticeTestCompleted",
    "TestFailed",
    "TestPassed",
    "TestStarted",
    "VoidReason",
]
