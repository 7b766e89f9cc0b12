"""B2's set-up, untimed: open work to be offered, and candidates each holding a paid, fully
answered certification attempt, so that the timed phase is only submission → events.

Every step is the journey's own (``buy_attempt`` and ``jobpeak_journey.steps``): checkout,
Stripe's signed webhook, the entitlement testing grants on ``PaymentCaptured``, the
certification start, every item answered with its key so the attempt passes.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_journey import steps
from jobpeak_journey.answer_keys import AnswerKeys
from jobpeak_journey.client import Caller, PlatformClient
from jobpeak_journey.journey import buy_attempt, post_work_under_ceiling
from jobpeak_journey.plan import JourneySettings, quiet
from jobpeak_runtime.auth import Role

SETTINGS = JourneySettings()


@dataclass(frozen=True)
class ReadyJourney:
    """A candidate whose certification attempt only waits for its submission."""

    candidate: Caller
    attempt_id: uuid.UUID


async def open_work(platform: PlatformClient, *, seats: int) -> None:
    """One piece of work with a seat for every candidate, posted once matching knows Coding."""
    page = await steps.retry_while_catching_up(
        lambda: steps.browse_specialty(platform, slug=SETTINGS.slug),
        within=SETTINGS.catching_up_seconds,
    )
    await post_work_under_ceiling(
        platform, client=platform.caller(Role.CLIENT), page=page, settings=SETTINGS, seats=seats
    )


async def ready_journey(platform: PlatformClient, *, keys: AnswerKeys) -> ReadyJourney:
    candidate = platform.caller(Role.CANDIDATE)
    await buy_attempt(platform, candidate=candidate, settings=SETTINGS, narrate=quiet)
    attempt = await steps.start_attempt(
        platform, candidate=candidate, slug=SETTINGS.slug, kind=BlueprintKind.CERTIFICATION
    )
    for item in attempt.items:
        await steps.answer(
            platform,
            candidate=candidate,
            attempt_id=attempt.attempt_id,
            item=item,
            response=keys.correct(item),
        )
    return ReadyJourney(candidate=candidate, attempt_id=attempt.attempt_id)


async def ready_journeys(
    platform: PlatformClient, *, count: int, concurrency: int
) -> list[ReadyJourney]:
    """``count`` candidates prepared ``concurrency`` at a time, printing progress."""
    keys = AnswerKeys.from_seed()
    gate = asyncio.Semaphore(concurrency)
    done: list[ReadyJourney] = []

    async def one() -> ReadyJourney:
        async with gate:
            journey = await ready_journey(platform, keys=keys)
            done.append(journey)
            if len(done) % 50 == 0:
                print(f"  prepared {len(done)}/{count} candidates", flush=True)
            return journey

    return list(await asyncio.gather(*(one() for _ in range(count))))
