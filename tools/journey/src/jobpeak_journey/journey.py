"""A candidate's whole journey, composed from the steps, narrated as it goes.

:class:`CandidatePlan` says what one candidate does (practise or not, how each paid attempt goes,
whether they take work); :func:`play_candidate` plays it against a running platform and returns
a :class:`CandidateStory` of what happened, from which a test derives the events it expects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_runtime.auth import Role

from jobpeak_journey import steps
from jobpeak_journey.answer_keys import AnswerKeys
from jobpeak_journey.client import Caller, PlatformClient
from jobpeak_journey.models import Attempt, Order, Result

Narrate = Callable[[str], None]
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

    @property
    def passed(self) -> bool:
        return any(attempt.result.passed for attempt in self.certifications)

    def last_event_name(self) -> str:
        """The name of the last public event this journey causes (the demo waits for it)."""
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


async def sit_attempt(
    platform: PlatformClient,
    *,
    keys: AnswerKeys,
    candidate: Caller,
    attempt: Attempt,
    correct: AnswerPolicy,
) -> AnsweredAttempt:
    """Answer every served item (right or wrong as ``correct`` says), submit, read the result."""
    served = await steps.fetch_attempt(platform, candidate=candidate, attempt_id=attempt.attempt_id)
    correct_items: dict[str, bool] = {}
    for item in served.items:
        right = correct(item.position)
        response = keys.correct(item) if right else keys.wrong(item)
        await steps.answer(
            platform,
            candidate=candidate,
            attempt_id=attempt.attempt_id,
            item=item,
            response=response,
        )
        correct_items[item.question_id] = right
    await steps.submit(platform, candidate=candidate, attempt_id=attempt.attempt_id)
    graded = await steps.result(platform, candidate=candidate, attempt_id=attempt.attempt_id)
    return AnsweredAttempt(attempt=served, result=graded, correct_items=correct_items)


async def practise(
    platform: PlatformClient,
    *,
    keys: AnswerKeys,
    candidate: Caller,
    settings: JourneySettings,
    narrate: Narrate,
) -> AnsweredAttempt:
    attempt = await steps.retry_while_catching_up(
        lambda: steps.start_attempt(
            platform, candidate=candidate, slug=settings.slug, kind=BlueprintKind.PRACTICE
        ),
        within=settings.catching_up_seconds,
    )
    narrate(f"starts the free {attempt.title.lower()}: {attempt.question_count} questions")
    sat = await sit_attempt(
        platform, keys=keys, candidate=candidate, attempt=attempt, correct=passing
    )
    narrate(f"submits the practice test: {sat.result.total_score:.0%}")
    return sat


async def buy_attempt(
    platform: PlatformClient, *, candidate: Caller, settings: JourneySettings, narrate: Narrate
) -> Order:
    """Checkout, Stripe's signed webhook, and the entitlement it grants in testing."""
    order = await steps.retry_while_catching_up(
        lambda: steps.checkout(platform, candidate=candidate, slug=settings.slug),
        within=settings.catching_up_seconds,
        statuses={404},
    )
    fee = f"{order.amount.amount_minor / 100:.2f} {order.amount.currency}"
    narrate(f"checks out: {fee}, Stripe session {order.checkout_session_id[:20]}…")
    receipt = await steps.pay(platform, order=order)
    narrate(f"pays: Stripe's signed checkout.session.completed → billing says {receipt.outcome}")
    await steps.wait_for_entitlement(
        platform, candidate=candidate, order=order, within=settings.event_seconds
    )
    narrate("is entitled to one certification attempt (testing heard PaymentCaptured)")
    return order


async def certify(
    platform: PlatformClient,
    *,
    keys: AnswerKeys,
    candidate: Caller,
    to_pass: bool,
    settings: JourneySettings,
    narrate: Narrate,
) -> AnsweredAttempt:
    attempt = await steps.start_attempt(
        platform, candidate=candidate, slug=settings.slug, kind=BlueprintKind.CERTIFICATION
    )
    narrate(
        f"starts the {attempt.title} (attempt {attempt.attempt_number}):"
        f" {attempt.question_count} questions, no time limit"
    )
    sat = await sit_attempt(
        platform,
        keys=keys,
        candidate=candidate,
        attempt=attempt,
        correct=passing if to_pass else failing,
    )
    verdict = "passes" if sat.result.passed else "fails"
    narrate(
        f"submits and {verdict}: {sat.result.total_score:.0%} "
        f"(domain {sat.result.domain_score:.0%}, behavioural {sat.result.behavioural_score:.0%},"
        f" pass mark {sat.result.pass_mark:.0%})"
    )
    return sat


async def play_candidate(
    platform: PlatformClient,
    *,
    keys: AnswerKeys,
    plan: CandidatePlan,
    settings: JourneySettings | None = None,
    narrate: Narrate = quiet,
    candidate: Caller | None = None,
) -> CandidateStory:
    """Play ``plan`` from browsing to (if it says so) accepted work, as ``candidate`` or as a
    new candidate."""
    settings = settings or JourneySettings()
    story = CandidateStory(plan=plan, candidate=candidate or platform.caller(Role.CANDIDATE))

    def say(line: str) -> None:
        narrate(f"{plan.name} {line}")

    page = await steps.browse_specialty(platform, slug=settings.slug)
    say(f"reads the {page.name} page: " + " | ".join(page.key_facts))
    if plan.practise:
        story.practice = await practise(
            platform, keys=keys, candidate=story.candidate, settings=settings, narrate=say
        )
    for to_pass in plan.certifications:
        story.orders.append(
            await buy_attempt(platform, candidate=story.candidate, settings=settings, narrate=say)
        )
        story.certifications.append(
            await certify(
                platform,
                keys=keys,
                candidate=story.candidate,
                to_pass=to_pass,
                settings=settings,
                narrate=say,
            )
        )
    return story
