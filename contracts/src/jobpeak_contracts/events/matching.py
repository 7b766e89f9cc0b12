"""Events the matching service publishes."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Self

from pydantic import Field, model_validator

from jobpeak_contracts.event import Event
from jobpeak_contracts.identifiers import (
    AttemptId,
    CandidateId,
    ClientId,
    LanguageName,
    OfferId,
    SpecialtySlug,
    WorkId,
)
from jobpeak_contracts.money import Money
from jobpeak_contracts.scores import Fraction
from jobpeak_contracts.timestamps import UtcDatetime
from jobpeak_contracts.topics import MATCHING_MATCHES, MATCHING_WORK, Topic

_RATE_EXAMPLES = [{"amount_minor": 8500, "currency": "USD"}]


class WorkCloseReason(StrEnum):
    FILLED = "filled"
    """Every seat was taken."""
    CANCELLED = "cancelled"
    """The client withdrew the work."""
    SPECIALTY_RETIRED = "specialty_retired"
    """The specialty was retired while the work was open."""


class _WorkEvent(Event):
    source_service: ClassVar[str] = "matching"
    topic: ClassVar[Topic] = MATCHING_WORK

    work_id: WorkId
    client_id: ClientId
    specialty_slug: SpecialtySlug


class WorkPosted(_WorkEvent):
    """A client posted review work; its rate is within the specialty's ceiling."""

    event_name: ClassVar[str] = "WorkPosted"
    schema_version: ClassVar[int] = 1

    required_languages: tuple[LanguageName, ...] = Field(
        description="Languages a reviewer must cover to be offered the work; empty means any.",
        examples=[["Python", "SQL"]],
    )
    hourly_rate: Money = Field(
        description="Hourly rate the work pays; never above the specialty's ceiling.",
        examples=_RATE_EXAMPLES,
    )
    seats: int = Field(ge=1, description="How many reviewers the work needs.", examples=[3])
    starts_at: UtcDatetime
    posted_at: UtcDatetime


class WorkClosed(_WorkEvent):
    """Work stopped taking reviewers: filled, cancelled, or its specialty retired."""

    event_name: ClassVar[str] = "WorkClosed"
    schema_version: ClassVar[int] = 1

    reason: WorkCloseReason = Field(description="Why the work closed.", examples=["filled"])
    seats_filled: int = Field(
        ge=0, description="Reviewers who had accepted when it closed.", examples=[3]
    )
    closed_at: UtcDatetime


class _MatchEvent(Event):
    source_service: ClassVar[str] = "matching"
    topic: ClassVar[Topic] = MATCHING_MATCHES

    candidate_id: CandidateId
    specialty_slug: SpecialtySlug


class ReviewerQualified(_MatchEvent):
    """A reviewer who passed the certification joined the pool; the match SLA clock starts."""

    event_name: ClassVar[str] = "ReviewerQualified"
    schema_version: ClassVar[int] = 1

    attempt_id: AttemptId
    score: Fraction = Field(
        description="Total score of the passing certification attempt.", examples=[0.8125]
    )
    qualified_at: UtcDatetime
    due_by: UtcDatetime

    @model_validator(mode="after")
    def _due_after_qualified(self) -> Self:
        if self.due_by < self.qualified_at:
            raise ValueError("due_by: must not be earlier than qualified_at")
        return self


class _OfferEvent(_MatchEvent):
    offer_id: OfferId
    work_id: WorkId


class MatchOffered(_OfferEvent):
    """Work was offered to a qualified reviewer, who may accept until ``expires_at``."""

    event_name: ClassVar[str] = "MatchOffered"
    schema_version: ClassVar[int] = 1

    hourly_rate: Money = Field(
        description="Hourly rate of the offered work.", examples=_RATE_EXAMPLES
    )
    offered_at: UtcDatetime
    expires_at: UtcDatetime

    @model_validator(mode="after")
    def _expires_after_offered(self) -> Self:
        if self.expires_at <= self.offered_at:
            raise ValueError("expires_at: must be later than offered_at")
        return self


class MatchAccepted(_OfferEvent):
    """The reviewer accepted the offer and holds one seat of the work."""

    event_name: ClassVar[str] = "MatchAccepted"
    schema_version: ClassVar[int] = 1

    accepted_at: UtcDatetime


class MatchDeclined(_OfferEvent):
    """The reviewer declined the offer; the seat is offered to someone else."""

    event_name: ClassVar[str] = "MatchDeclined"
    schema_version: ClassVar[int] = 1

    declined_at: UtcDatetime


class OfferExpired(_OfferEvent):
    """The offer lapsed unanswered at ``expires_at``; the seat is offered to someone else."""

    event_name: ClassVar[str] = "OfferExpired"
    schema_version: ClassVar[int] = 1

    expires_at: UtcDatetime


class MatchSlaBreached(_MatchEvent):
    """A qualified reviewer was still unmatched at the due date (the seven-day promise)."""

    event_name: ClassVar[str] = "MatchSlaBreached"
    schema_version: ClassVar[int] = 1

    qualified_at: UtcDatetime
    due_by: UtcDatetime
    detected_at: UtcDatetime
