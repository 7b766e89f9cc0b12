"""A candidate's whole journey, composed from the steps, narrated as it goes.

:class:`CandidatePlan` says what one candidate does (practise or not, how each paid attempt goes,
whether they take work); :func:`play_candidate` plays it against a running platform and returns
a :class:`CandidateStory` of what happened, from which a test derives the events it expects.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.money import Money, format_money
from jobpeak_runtime.auth import Role

from jobpeak_journey import steps
from jobpeak_journey.answer_keys import AnswerKeys
from jobpeak_journey.client import Caller, PlatformClient
from jobpeak_journey.feedback import Narrate, narrate_feedback
from jobpeak_journey.models import Attempt, Order, SpecialtyPage, Work
from jobpeak_journey.plan import (
    AnsweredAttempt,
    AnswerPolicy,
    CandidatePlan,
    CandidateStory,
    JourneySettings,
    failing,
    passing,
    quiet,
)


async def sit_attempt(
    platform: PlatformClient,
    *,
    keys: AnswerKeys,
    candidate: Caller,
    attempt: Attempt,
    correct: AnswerPolicy,
    narrate: Narrate = quiet,
) -> AnsweredAttempt:
    """Answer every served item (right or wrong as ``correct`` says), submit, read the result."""
    served = await steps.fetch_attempt(platform, candidate=candidate, attempt_id=attempt.attempt_id)
    narrate(f"fetches {len(served.items)} items: options shuffled and relabelled, no keys")
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
    wrong = sum(not right for right in correct_items.values())
    narrate(f"answers all {len(correct_items)} ({wrong} wrong on purpose)")
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
    key = str(uuid.uuid4())  # one logical request, however often it is sent
    attempt = await steps.retry_while_catching_up(
        lambda: steps.start_attempt(
            platform,
            candidate=candidate,
            slug=settings.slug,
            kind=BlueprintKind.PRACTICE,
            idempotency_key=key,
        ),
        within=settings.catching_up_seconds,
    )
    narrate(f"starts the free {attempt.title.lower()}: {attempt.question_count} questions")
    sat = await sit_attempt(
        platform, keys=keys, candidate=candidate, attempt=attempt, correct=passing, narrate=narrate
    )
    narrate(f"submits the practice test: {sat.result.total_score:.0%}")
    narrate_feedback(sat.result, narrate=narrate)
    return sat


async def buy_attempt(
    platform: PlatformClient, *, candidate: Caller, settings: JourneySettings, narrate: Narrate
) -> Order:
    """Checkout, Stripe's signed webhook, and the entitlement it grants in testing."""
    key = str(uuid.uuid4())
    order = await steps.retry_while_catching_up(
        lambda: steps.checkout(
            platform, candidate=candidate, slug=settings.slug, idempotency_key=key
        ),
        within=settings.catching_up_seconds,
        is_catching_up=lambda refused: refused.status_code == 404,
    )
    fee = format_money(order.amount.amount_minor, order.amount.currency)
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
        narrate=narrate,
    )
    verdict = "passes" if sat.result.passed else "fails"
    narrate(
        f"submits and {verdict}: {sat.result.total_score:.0%} "
        f"(domain {sat.result.domain_score:.0%}, behavioural {sat.result.behavioural_score:.0%},"
        f" pass mark {sat.result.pass_mark:.0%}); a certification result names no item"
    )
    return sat


async def hire(
    platform: PlatformClient,
    *,
    page: SpecialtyPage,
    candidate: Caller,
    settings: JourneySettings,
    narrate: Narrate,
) -> Work:
    """A client posts review work in the specialty, under its rate ceiling."""
    client = platform.caller(Role.CLIENT)
    seats = 1
    if settings.seats_for_everyone_waiting:
        report = await steps.sla_report(platform, admin=platform.caller(Role.ADMIN, "ops-demo"))
        seats += sum(
            1
            for reviewer in report.reviewers
            if reviewer.matched_at is None
            and reviewer.within_sla is None
            and reviewer.candidate_id != candidate.subject
            and reviewer.specialty_slug == page.slug
        )
    work = await post_work_under_ceiling(
        platform, client=client, page=page, settings=settings, seats=seats
    )
    rate, ceiling = work.hourly_rate, page.hourly_rate_ceiling
    narrate(
        f"a client ({client.subject[:8]}) posts {page.name} review work: {work.seats} seat(s),"
        f" {', '.join(work.required_languages)},"
        f" {format_money(rate.amount_minor, rate.currency)}/hr"
        f" (ceiling {format_money(ceiling.amount_minor, ceiling.currency)}/hr)"
    )
    return work


async def post_work_under_ceiling(
    platform: PlatformClient,
    *,
    client: Caller,
    page: SpecialtyPage,
    settings: JourneySettings,
    seats: int,
) -> Work:
    """Work starting tomorrow at the settings' rate capped by the specialty's ceiling, posted as
    soon as matching knows the specialty."""
    ceiling = page.hourly_rate_ceiling
    rate = Money(
        amount_minor=min(settings.work_rate_minor, ceiling.amount_minor), currency=ceiling.currency
    )
    key, starts_at = str(uuid.uuid4()), datetime.now(UTC) + timedelta(days=1)
    return await steps.retry_while_catching_up(
        lambda: steps.post_work(
            platform,
            client=client,
            slug=page.slug,
            languages=settings.work_languages,
            hourly_rate=rate,
            seats=seats,
            starts_at=starts_at,
            idempotency_key=key,
        ),
        within=settings.catching_up_seconds,
        is_catching_up=steps.specialty_not_known_yet,
    )


async def take_work(
    platform: PlatformClient,
    *,
    page: SpecialtyPage,
    story: CandidateStory,
    settings: JourneySettings,
    narrate: Narrate,
) -> None:
    """Once qualified: work is posted, offered to the candidate, and accepted."""
    story.work = await hire(
        platform, page=page, candidate=story.candidate, settings=settings, narrate=narrate
    )
    offer = await steps.wait_for_offer(
        platform, candidate=story.candidate, within=settings.event_seconds
    )
    narrate(
        f"{story.plan.name} sees an offer: work {str(offer.work_id)[:8]},"
        f" open until {offer.expires_at:%Y-%m-%d %H:%M} UTC"
    )
    story.accepted = await steps.accept_offer(platform, candidate=story.candidate, offer=offer)
    narrate(f"{story.plan.name} accepts it: {story.accepted.status}")


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
    say(
        f"reads the {page.name} page:" + "".join(f"\n{' ' * 14}· {fact}" for fact in page.key_facts)
    )
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
    if story.passed and plan.take_work:
        await take_work(platform, page=page, story=story, settings=settings, narrate=narrate)
    return story
