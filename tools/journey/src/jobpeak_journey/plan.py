"""What one candidate does in a journey (:class:`CandidatePlan`), how the journey is played
(:class:`JourneySettings`) and what happened (:class:`CandidateStory`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jobpeak_journey.client import Caller
from jobpeak_journey.models import Attempt, Offer, Order, Result, Work

AnswerPolicy = Callable[[int], bool]
"""Whether the candidate answers the item at this 0-based position correctly."""


def quiet(_: str) -> None:
    """A narrator that says nothing."""


def passing(position: int) -> bool:
    """Wrong on every tenth item: at most 6 of 60 wrong, at most 18 of 100 points lost (≥ 82%)."""
    return position % 10 != 0


def failing(position: int) -> bool:
    """Right on odd positions only: at most 30 items right, at most 70 of 100 points (< 78%)."""
    return position % 2 == 1


@dataclass(frozen=True)
class CandidatePlan:
    name: str
    """Only for narration; the platform knows the candidate by a pseudonymous id."""
    practise: bool = True
    certifications: tuple[bool, ...] = (True,)
    """One entry per paid certification attempt: whether the candidate answers to pass it."""
    take_work: bool = True
    """Once qualified, have a client post work and accept the offer that comes."""


@dataclass
class AnsweredAttempt:
    attempt: Attempt
    result: Result
    correct_items: dict[str, bool]
    """question id → whether the candidate's answer was the keyed one."""


@dataclass
class CandidateStory:
    plan: CandidatePlan
    candidate: Caller
    practice: AnsweredAttempt | None = None
    orders: list[Order] = field(default_factory=list)
    certifications: list[AnsweredAttempt] = field(default_factory=list)
    work: Work | None = None
    """The work a client posted once the candidate qualified."""
    accepted: Offer | None = None

    @property
    def passed(self) -> bool:
        return any(attempt.result.passed for attempt in self.certifications)

    def last_event_name(self) -> str:
        """The name of the last public event this journey causes (the demo waits for it)."""
        if self.accepted is not None:
            return "MatchAccepted"
        if self.certifications:
            return "TestPassed" if self.certifications[-1].result.passed else "TestFailed"
        return "PracticeTestCompleted" if self.practice else "SpecialtyPublished"


@dataclass(frozen=True)
class JourneySettings:
    slug: str = "coding"
    catching_up_seconds: float = 60.0
    """How long to retry a step the platform refuses because a replica is still filling."""
    event_seconds: float = 60.0
    """How long to wait for an effect that travels through Kafka (an entitlement, an offer)."""
    work_languages: tuple[str, ...] = ("Python", "SQL")
    work_rate_minor: int = 8500
    """The hourly rate the client offers (capped at the specialty's ceiling)."""
    seats_for_everyone_waiting: bool = False
    """Post a seat for every reviewer already waiting too, so this candidate is not passed over
    for someone who has waited longer (a long-running development platform may have some)."""
