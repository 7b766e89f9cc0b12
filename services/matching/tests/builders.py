"""Small builders for the matching domain's unit tests: one specialty, fixed instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid5

from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.offers import Offer, OfferStatus
from jobpeak_matching.domain.pool import Reviewer, qualify_reviewer
from jobpeak_matching.domain.specialty import SpecialtyTerms
from jobpeak_matching.domain.work import WorkItem

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)
CODING_LANGUAGES = frozenset(
    {"Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C++", "SQL"}
)
CODING = SpecialtyTerms(
    slug="coding",
    live=True,
    hourly_rate_ceiling=Money(10_000, "USD"),
    languages=CODING_LANGUAGES,
    match_sla_days=7,
)
SPECIALTIES = {CODING.slug: CODING}
_IDS = UUID("6f1c2a8e-0b4d-4e3f-9a7c-1d2e3f4a5b6c")


def work_id(name: str) -> UUID:
    return uuid5(_IDS, f"work:{name}")


def offer_id(name: str) -> UUID:
    return uuid5(_IDS, f"offer:{name}")


def reviewer(
    name: str,
    *,
    qualified_at: datetime = T0,
    languages: frozenset[str] | None = None,
    specialty: SpecialtyTerms = CODING,
) -> Reviewer:
    pooled = qualify_reviewer(candidate_id=name, specialty=specialty, qualified_at=qualified_at)
    if languages is None:
        return pooled
    return Reviewer(
        candidate_id=pooled.candidate_id,
        specialty_slug=pooled.specialty_slug,
        qualified_at=pooled.qualified_at,
        due_by=pooled.due_by,
        language_preferences=languages,
    )


def work(
    name: str,
    *,
    seats: int = 1,
    languages: frozenset[str] = frozenset(),
    rate_minor: int = 8_500,
    specialty: SpecialtyTerms = CODING,
) -> WorkItem:
    return WorkItem(
        work_id=work_id(name),
        client_id="client-0001",
        specialty_slug=specialty.slug,
        required_languages=languages,
        hourly_rate=Money(rate_minor, "USD"),
        seats=seats,
        starts_at=T0 + DAY,
        posted_at=T0,
    )


def offer(
    name: str,
    *,
    work_name: str,
    candidate: str,
    status: OfferStatus = OfferStatus.OFFERED,
    offered_at: datetime = T0,
    ttl: timedelta = 2 * DAY,
) -> Offer:
    return Offer(
        offer_id=offer_id(name),
        work_id=work_id(work_name),
        candidate_id=candidate,
        offered_at=offered_at,
        expires_at=offered_at + ttl,
        status=status,
        resolved_at=None if status is OfferStatus.OFFERED else offered_at + HOUR,
    )
