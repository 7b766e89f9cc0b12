"""The delivery limits as use cases: the practice allowance and certification exposure."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.events import ItemExposureCapReached
from jobpeak_testing.application.attempts import (
    DeliveryRules,
    Started,
    start_attempt,
    submit_attempt,
)
from jobpeak_testing.application.entitlements import grant_entitlement
from jobpeak_testing.application.exposure import exposure_report
from jobpeak_testing.domain.allowance import PracticeAllowance, PracticeLimitReached
from jobpeak_testing.domain.attempt import AttemptStatus

from services.testing.tests.samples import NOW
from services.testing.tests.unit.catalog import published
from services.testing.tests.unit.fakes import FakeTestingUnitOfWork

pytestmark = pytest.mark.unit

CANDIDATE = "cand-5b2e8f1a"
RULES = DeliveryRules(practice_allowance=PracticeAllowance(attempts=2), exposure_cap=2)


async def _start(
    uow: FakeTestingUnitOfWork, kind: BlueprintKind, *, hours_later: float = 0, seed: int = 1
) -> Started:
    async with uow:
        started = await start_attempt(
            uow=uow,
            candidate_id=CANDIDATE,
            specialty_slug="coding",
            kind=kind,
            start_key=None,
            seed=seed,
            now=NOW + timedelta(hours=hours_later),
            rules=RULES,
        )
        await uow.commit()
    return started


async def _void(uow: FakeTestingUnitOfWork, started: Started) -> None:
    """End the attempt so the next may start (one attempt in progress per specialty)."""
    uow.attempts.stored[started.attempt.id].attempt.status = AttemptStatus.VOIDED


async def _pay(uow: FakeTestingUnitOfWork) -> None:
    async with uow:
        await grant_entitlement(
            uow=uow, order_id=uuid4(), candidate_id=CANDIDATE, specialty_slug="coding", now=NOW
        )
        await uow.commit()


async def test_practice_beyond_the_daily_allowance_is_refused_until_the_window_moves() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    for hours in (0, 1):
        await _void(uow, await _start(uow, BlueprintKind.PRACTICE, hours_later=hours))

    with pytest.raises(PracticeLimitReached) as refused:
        await _start(uow, BlueprintKind.PRACTICE, hours_later=2)

    assert refused.value.retry_after_seconds == 22 * 3600
    assert len(uow.attempts.stored) == 2
    assert (await _start(uow, BlueprintKind.PRACTICE, hours_later=24.5)).created


async def test_the_practice_allowance_never_touches_a_paid_certification() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    for hours in (0, 1):
        await _void(uow, await _start(uow, BlueprintKind.PRACTICE, hours_later=hours))
    await _pay(uow)

    started = await _start(uow, BlueprintKind.CERTIFICATION, hours_later=2)

    assert started.created


async def test_certification_servings_are_counted_and_practice_ones_are_not() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    await _void(uow, await _start(uow, BlueprintKind.PRACTICE))
    await _pay(uow)

    started = await _start(uow, BlueprintKind.CERTIFICATION)

    served = await uow.exposure.served_counts(specialty_slug="coding")
    assert served == {entry.question_id: 1 for entry in started.attempt.draw.questions}


async def test_the_exposure_report_shows_servings_caps_and_headroom() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    for seed in (1, 2):
        await _pay(uow)
        started = await _start(uow, BlueprintKind.CERTIFICATION, seed=seed)
        async with uow:
            await submit_attempt(
                uow=uow, candidate_id=CANDIDATE, attempt_id=started.attempt.id, now=NOW
            )
            await uow.commit()

    async with uow:
        report = await exposure_report(uow=uow, specialty_slug="coding", cap=RULES.exposure_cap)

    assert sum(report.served.values()) == 120
    assert len(report.served) == 150
    assert {s.per_form for s in report.strata} == {10, 20}
    strata = {str(s.stratum): s for s in report.strata}
    # the second attempt took the items the first had not served wherever there were enough
    assert [strata[name].most_served for name in ("domain/easy", "domain/medium")] == [1, 1]
    # 30 behavioural items, 20 a form: 10 were served twice, reached the cap of 2
    assert (strata["behavioural"].at_cap, strata["behavioural"].headroom) == (10, 1)
    assert report.headroom == 1
    capped = [e for e in uow.emitted if isinstance(e, ItemExposureCapReached)]
    assert len(capped) == 10
    assert {event.question_id for event in capped} == {
        question_id for question_id, served in report.served.items() if served == 2
    }
    assert all(event.cap == event.served_count == 2 for event in capped)
