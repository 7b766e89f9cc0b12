"""The candidate's use cases on in-memory repositories: start, answer, submit, read, list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.events import (
    ItemResponsesRecordedV2,
    PracticeTestCompleted,
    TestPassed,
    TestStarted,
)
from jobpeak_testing.application.attempts import (
    Started,
    answer_item,
    list_attempts,
    read_attempt,
    start_attempt,
    submit_attempt,
)
from jobpeak_testing.application.entitlements import grant_entitlement
from jobpeak_testing.application.errors import PaymentRequired, StartKeyReused
from jobpeak_testing.domain.assembly import DrawnItem
from jobpeak_testing.domain.attempt import Attempt, AttemptStatus
from jobpeak_testing.domain.grading import Score

from services.testing.tests.samples import NOW, correct_response, practice_blueprint
from services.testing.tests.unit.catalog import published
from services.testing.tests.unit.fakes import FakeTestingUnitOfWork

pytestmark = pytest.mark.unit

CANDIDATE = "cand-3e7a9c1d"


async def _start(
    uow: FakeTestingUnitOfWork,
    kind: BlueprintKind,
    *,
    start_key: str | None = None,
    minutes_later: int = 0,
) -> Started:
    async with uow:
        started = await start_attempt(
            uow=uow,
            candidate_id=CANDIDATE,
            specialty_slug="coding",
            kind=kind,
            start_key=start_key,
            seed=11,
            now=NOW + timedelta(minutes=minutes_later),
        )
        await uow.commit()
    return started


async def _paid(uow: FakeTestingUnitOfWork) -> UUID:
    order_id = uuid4()
    async with uow:
        await grant_entitlement(
            uow=uow, order_id=order_id, candidate_id=CANDIDATE, specialty_slug="coding", now=NOW
        )
        await uow.commit()
    return order_id


async def test_candidate_with_a_payment_can_start_a_certification() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    order_id = await _paid(uow)

    started = await _start(uow, BlueprintKind.CERTIFICATION)

    assert started.created
    assert started.attempt.order_id == order_id
    assert len(started.attempt.draw.items) == 60
    [entitlement] = uow.entitlements.by_order.values()
    assert (entitlement.status, entitlement.consumed_by) == ("used", started.attempt.id)
    [event] = uow.emitted_of(TestStarted)
    assert isinstance(event, TestStarted)
    assert (event.attempt_id, event.order_id, event.question_count) == (
        started.attempt.id,
        order_id,
        60,
    )


async def test_candidate_without_a_payment_is_sent_to_checkout() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)

    with pytest.raises(PaymentRequired, match="needs a payment"):
        await _start(uow, BlueprintKind.CERTIFICATION)
    assert uow.attempts.stored == {}
    assert uow.emitted == []


async def test_a_retried_start_with_the_same_key_returns_the_first_attempt() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)

    first = await _start(uow, BlueprintKind.PRACTICE, start_key="k1")
    again = await _start(uow, BlueprintKind.PRACTICE, start_key="k1")

    assert (first.created, again.created) == (True, False)
    assert again.attempt.id == first.attempt.id
    assert len(uow.emitted_of(TestStarted)) == 1
    with pytest.raises(StartKeyReused):
        await _start(uow, BlueprintKind.CERTIFICATION, start_key="k1")


async def _answer_correctly(
    uow: FakeTestingUnitOfWork, attempt: Attempt, items: Sequence[DrawnItem]
) -> None:
    async with uow:
        for item in items:
            await answer_item(
                uow=uow,
                candidate_id=CANDIDATE,
                attempt_id=attempt.id,
                question_id=item.question_id,
                response=correct_response(item),
                now=NOW,
            )
        await uow.commit()


async def test_candidate_answers_an_item_and_finds_it_on_resuming() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    attempt = (await _start(uow, BlueprintKind.PRACTICE)).attempt
    item = attempt.draw.items[0]

    await _answer_correctly(uow, attempt, [item])
    async with uow:
        resumed = await read_attempt(uow=uow, candidate_id=CANDIDATE, attempt_id=attempt.id)

    assert list(resumed.answers) == [item.question_id]
    assert resumed.status is AttemptStatus.IN_PROGRESS


async def _answer_all_and_submit(uow: FakeTestingUnitOfWork, started: Started) -> None:
    attempt = started.attempt
    await _answer_correctly(uow, attempt, attempt.draw.items)
    async with uow:
        await submit_attempt(uow=uow, candidate_id=CANDIDATE, attempt_id=attempt.id, now=NOW)
        await uow.commit()


async def test_candidate_submits_a_certification_and_is_graded_once() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    await _paid(uow)
    started = await _start(uow, BlueprintKind.CERTIFICATION)

    await _answer_all_and_submit(uow, started)
    async with uow:
        again = await submit_attempt(
            uow=uow, candidate_id=CANDIDATE, attempt_id=started.attempt.id, now=NOW
        )
        await uow.commit()

    [passed] = uow.emitted_of(TestPassed)
    assert isinstance(passed, TestPassed)
    assert (passed.total_score, passed.pass_mark) == (1.0, 0.78)
    [responses] = uow.emitted_of(ItemResponsesRecordedV2)
    assert isinstance(responses, ItemResponsesRecordedV2)
    assert all(response.correct for response in responses.responses)
    served = [entry.question for entry in started.attempt.draw.questions]
    labels = [(r.question_id, r.question_version, r.section, r.difficulty, r.topic, r.language)
              for r in responses.responses]  # fmt: skip
    assert labels == [(q.id, q.version, q.section, q.difficulty, q.topic, q.language)
                      for q in served]  # fmt: skip
    assert any(r.language is None for r in responses.responses)  # behavioural items
    assert again.score == Score(1.0, 1.0, 1.0, 0.78, True)


async def test_result_and_history_show_the_stored_score_never_a_regrade() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    started = await _start(uow, BlueprintKind.PRACTICE)
    await _answer_all_and_submit(uow, started)
    stored = Score(0.25, 0.5, 0.0, 0.78, False)  # no grading of all-correct answers gives this
    uow.attempts.stored[started.attempt.id].attempt.score = stored

    async with uow:
        result = await read_attempt(uow=uow, candidate_id=CANDIDATE, attempt_id=started.attempt.id)
        resubmitted = await submit_attempt(
            uow=uow, candidate_id=CANDIDATE, attempt_id=started.attempt.id, now=NOW
        )
        [summary] = await list_attempts(
            uow=uow, candidate_id=CANDIDATE, specialty_slug="coding", limit=10
        )

    assert result.score == resubmitted.score == stored
    assert (summary.total_score, summary.passed) == (0.25, False)


async def test_an_expired_attempt_is_graded_when_the_next_one_starts() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow, practice=practice_blueprint(time_limit_minutes=30))
    first = await _start(uow, BlueprintKind.PRACTICE)

    second = await _start(uow, BlueprintKind.PRACTICE, minutes_later=31)

    assert second.created
    assert second.attempt.attempt_number == 2
    [completed] = uow.emitted_of(PracticeTestCompleted)
    assert isinstance(completed, PracticeTestCompleted)
    assert (completed.attempt_id, completed.total_score) == (first.attempt.id, 0.0)
