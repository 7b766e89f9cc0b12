"""Review work posted by clients, and the intake rules that decide whether it is taken."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.specialty import SpecialtyTerms
from jobpeak_matching.domain.times import require_aware


class WorkStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class WorkCloseReason(StrEnum):
    FILLED = "filled"
    CANCELLED = "cancelled"
    SPECIALTY_RETIRED = "specialty_retired"


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkItem:
    """A piece of review work with ``seats`` reviewers wanted.

    ``required_languages`` must all be covered by a reviewer; an empty set means any language.
    """

    work_id: UUID
    client_id: str
    specialty_slug: str
    required_languages: frozenset[str]
    hourly_rate: Money
    seats: int
    starts_at: datetime
    posted_at: datetime
    status: WorkStatus = WorkStatus.OPEN
    close_reason: WorkCloseReason | None = None
    closed_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.seats < 1:
            raise ValueError(f"seats: must be at least 1, got {self.seats}")
        object.__setattr__(self, "starts_at", require_aware("starts_at", self.starts_at))
        object.__setattr__(self, "posted_at", require_aware("posted_at", self.posted_at))
        if (self.status is WorkStatus.CLOSED) != (self.close_reason is not None):
            raise ValueError("close_reason: given exactly when the work is closed")
        if (self.status is WorkStatus.CLOSED) != (self.closed_at is not None):
            raise ValueError("closed_at: given exactly when the work is closed")

    @property
    def is_open(self) -> bool:
        return self.status is WorkStatus.OPEN


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkRequest:
    """What a client asks to post, before the intake rules accepted it."""

    client_id: str
    specialty_slug: str
    required_languages: tuple[str, ...]
    hourly_rate: Money
    seats: int
    starts_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class StartHorizon:
    """When posted work may start, relative to the moment it is posted.

    ``past_skew`` forgives a client's clock running a little behind; ``ahead`` keeps offers
    about work that is really coming (an offer lapses in hours, a reviewer's promise in days).
    """

    past_skew: timedelta = timedelta(minutes=5)
    ahead: timedelta = timedelta(days=90)

    def problem(self, starts_at: datetime, *, now: datetime) -> IntakeProblem | None:
        if starts_at < now - self.past_skew:
            return IntakeProblem(
                "starts_at", f"{starts_at.isoformat()} is in the past (now {now.isoformat()})"
            )
        if starts_at > now + self.ahead:
            return IntakeProblem(
                "starts_at",
                f"{starts_at.isoformat()} is more than {self.ahead.days} days ahead "
                f"(latest {(now + self.ahead).isoformat()})",
            )
        return None


@dataclass(frozen=True, slots=True)
class IntakeProblem:
    """One reason a work request is refused: the field at fault and a message naming values."""

    field: str
    message: str


class WorkRefused(ValueError):
    """The work request breaks one or more intake rules; nothing was stored."""

    def __init__(self, problems: Iterable[IntakeProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))


def take_work(
    *,
    request: WorkRequest,
    specialties: Mapping[str, SpecialtyTerms],
    work_id: UUID,
    posted_at: datetime,
    horizon: StartHorizon,
) -> WorkItem:
    """Accept ``request`` as open work, or raise :class:`WorkRefused` listing every problem.

    Rules: the specialty is known and live; the hourly rate is positive, in the ceiling's
    currency and not above the specialty's ceiling; at least one seat; every required language
    belongs to the specialty (matched case-insensitively, stored in the catalog's spelling);
    the work starts within ``horizon`` of ``posted_at``.
    """
    problems: list[IntakeProblem] = []
    specialty = specialties.get(request.specialty_slug)
    if specialty is None:
        problems.append(IntakeProblem("specialty", f"unknown specialty {request.specialty_slug!r}"))
    elif not specialty.live:
        problems.append(
            IntakeProblem("specialty", f"specialty {specialty.slug!r} is retired, not live")
        )
    if request.seats < 1:
        problems.append(IntakeProblem("seats", f"must be at least 1, got {request.seats}"))
    if request.hourly_rate.amount_minor == 0:
        problems.append(IntakeProblem("hourly_rate", "must be more than zero"))
    languages: frozenset[str] = frozenset()
    if specialty is not None:
        problems.extend(_rate_problems(request.hourly_rate, specialty))
        languages, language_problem = _canonical_languages(request.required_languages, specialty)
        if language_problem is not None:
            problems.append(language_problem)
    start_problem = horizon.problem(require_aware("starts_at", request.starts_at), now=posted_at)
    if start_problem is not None:
        problems.append(start_problem)
    if problems:
        raise WorkRefused(problems)
    return WorkItem(
        work_id=work_id,
        client_id=request.client_id,
        specialty_slug=request.specialty_slug,
        required_languages=languages,
        hourly_rate=request.hourly_rate,
        seats=request.seats,
        starts_at=request.starts_at,
        posted_at=posted_at,
    )


def _rate_problems(rate: Money, specialty: SpecialtyTerms) -> list[IntakeProblem]:
    ceiling = specialty.hourly_rate_ceiling
    if rate.currency != ceiling.currency:
        return [
            IntakeProblem(
                "hourly_rate",
                f"currency {rate.currency} differs from the {specialty.slug} ceiling's "
                f"currency {ceiling.currency}",
            )
        ]
    if rate.amount_minor > ceiling.amount_minor:
        return [
            IntakeProblem(
                "hourly_rate",
                f"{rate}/hr exceeds the {specialty.slug} ceiling of {ceiling}/hr",
            )
        ]
    return []


def _canonical_languages(
    names: Iterable[str], specialty: SpecialtyTerms
) -> tuple[frozenset[str], IntakeProblem | None]:
    known: set[str] = set()
    unknown: set[str] = set()
    for name in names:
        canonical = specialty.canonical_language(name)
        if canonical is None:
            unknown.add(name)
        else:
            known.add(canonical)
    if unknown:
        return frozenset(), IntakeProblem(
            "required_languages",
            f"{', '.join(sorted(unknown))} not among the {specialty.slug} languages "
            f"({', '.join(sorted(specialty.languages))})",
        )
    return frozenset(known), None


def close_work(*, work: WorkItem, reason: WorkCloseReason, closed_at: datetime) -> WorkItem:
    """Stop the work taking reviewers; closing closed work again changes nothing."""
    if not work.is_open:
        return work
    return replace(
        work,
        status=WorkStatus.CLOSED,
        close_reason=reason,
        closed_at=require_aware("closed_at", closed_at),
    )
