"""Request and response bodies of the HTTP API."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from jobpeak_contracts.identifiers import LanguageName, SpecialtySlug
from jobpeak_contracts.money import Money
from jobpeak_contracts.timestamps import UtcDatetime
from jobpeak_runtime.attributes import ResponseView
from pydantic import BaseModel, ConfigDict, Field

from jobpeak_matching.application.events import wire_money
from jobpeak_matching.application.pool import PoolEntry
from jobpeak_matching.domain.offers import Offer, OfferStatus
from jobpeak_matching.domain.sla import SlaReport
from jobpeak_matching.domain.work import WorkCloseReason, WorkItem, WorkStatus


def _without_examples(schema: dict[str, Any]) -> None:
    schema.pop("examples", None)


class PostWork(BaseModel):
    """Review work a client wants done; the rate may not exceed the specialty's ceiling."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    specialty_slug: SpecialtySlug
    required_languages: tuple[LanguageName, ...] = Field(
        default=(),
        max_length=40,
        description="Languages a reviewer must cover; empty means any of the specialty's.",
        examples=[["Python", "SQL"]],
    )
    hourly_rate: Money = Field(
        description="Hourly rate in integer minor units, e.g. 8500 USD = $85.00/hr.",
        examples=[{"amount_minor": 8500, "currency": "USD"}],
    )
    seats: int = Field(ge=1, le=10_000, description="Reviewers wanted.", examples=[3])
    starts_at: UtcDatetime = Field(
        description=(
            "When the work starts: not in the past (a few minutes of clock skew allowed) and at "
            "most 90 days ahead by default; otherwise 422 naming `starts_at`. No example is "
            "shown: any fixed date would fall outside that window sooner or later."
        ),
        json_schema_extra=_without_examples,
    )


class WorkView(ResponseView):
    model_config = ConfigDict(frozen=True)

    work_id: uuid.UUID
    client_id: str
    specialty_slug: str
    required_languages: tuple[str, ...]
    hourly_rate: Money
    seats: int
    starts_at: datetime
    posted_at: datetime
    status: WorkStatus
    close_reason: WorkCloseReason | None
    closed_at: datetime | None

    @classmethod
    def of(cls, item: WorkItem) -> WorkView:
        return cls.read(
            item,
            required_languages=tuple(sorted(item.required_languages)),
            hourly_rate=wire_money(item.hourly_rate),
        )


class OfferView(ResponseView):
    model_config = ConfigDict(frozen=True)

    offer_id: uuid.UUID
    work_id: uuid.UUID
    candidate_id: str
    status: OfferStatus = Field(
        description="offered, accepted, declined, expired or withdrawn; an offer past "
        "expires_at is reported expired even before the scheduler marked it."
    )
    offered_at: datetime
    expires_at: datetime
    resolved_at: datetime | None

    @classmethod
    def of(cls, offer: Offer, *, now: datetime) -> OfferView:
        lapsed = offer.is_past_expiry(now)
        return cls.read(
            offer,
            status=OfferStatus.EXPIRED if lapsed else offer.status,
            resolved_at=offer.expires_at if lapsed else offer.resolved_at,
        )


class ReviewerWaitView(ResponseView):
    candidate_id: str
    specialty_slug: str
    qualified_at: datetime
    due_by: datetime
    matched_at: datetime | None
    waited_seconds: float
    within_sla: bool | None = Field(
        description="Matched before due_by; null while the reviewer's window is still open."
    )


class SlaReportView(ResponseView):
    generated_at: datetime
    reviewers: list[ReviewerWaitView] = Field(description="Longest waiting first.")
    decided: int = Field(description="Reviewers matched, or past their due date.")
    matched_within_sla: int
    share_matched_within_sla: float | None = Field(
        description="matched_within_sla / decided; null until someone is decided."
    )

    @classmethod
    def of(cls, report: SlaReport) -> SlaReportView:
        return cls.read(
            report,
            reviewers=[
                ReviewerWaitView.read(line, waited_seconds=line.waited / timedelta(seconds=1))
                for line in report.reviewers
            ],
        )


class StateLanguages(BaseModel):
    """The languages a reviewer wants work in, matched case-insensitively to the specialty's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    languages: tuple[LanguageName, ...] | None = Field(
        max_length=40,
        description="A non-empty subset of the specialty's languages, or null for all of them "
        "(including any the catalog adds later).",
        examples=[["Python", "go"], None],
    )


class PoolEntryView(ResponseView):
    model_config = ConfigDict(frozen=True)

    candidate_id: str
    specialty_slug: str
    qualified_at: datetime
    due_by: datetime
    matched_at: datetime | None
    language_preferences: tuple[str, ...] | None = Field(
        description="The languages stated, in the catalog's spelling; null means all."
    )
    effective_languages: tuple[str, ...] = Field(
        description="The languages work is offered in: those stated that the specialty still "
        "lists, or all the specialty's languages."
    )

    @classmethod
    def of(cls, entry: PoolEntry) -> PoolEntryView:
        reviewer = entry.reviewer
        preferences = reviewer.language_preferences
        return cls.read(
            reviewer,
            language_preferences=None if preferences is None else tuple(sorted(preferences)),
            effective_languages=tuple(sorted(entry.languages)),
        )
