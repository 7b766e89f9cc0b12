"""The event-driven use cases on in-memory repositories: replicas, entitlements, voiding."""

from __future__ import annotations

from uuid import uuid4

import pytest
from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.events import AttemptVoided, QuestionRetired, SpecialtyRetired, VoidReason
from jobpeak_contracts.questions import QuestionPool as Pool
from jobpeak_contracts.topics import CATALOG_QUESTION_BANK, CATALOG_SPECIALTIES, Topic
from jobpeak_testing.application.attempts import start_attempt
from jobpeak_testing.application.catalog_replicas import retire_question, retire_specialty
from jobpeak_testing.application.entitlements import (
    grant_entitlement,
    list_entitlements,
    revoke_entitlement,
)
from jobpeak_testing.application.replica_rebuild import rebuild_replicas
from jobpeak_testing.domain.attempt import AttemptStatus

from services.testing.tests.samples import NOW, bank
from services.testing.tests.unit.catalog import published
from services.testing.tests.unit.fakes import FakeTestingUnitOfWork

pytestmark = pytest.mark.unit

CANDIDATE = "cand-8f2b4d6a"


def _retired(revision: int = 2) -> SpecialtyRetired:
    return SpecialtyRetired(specialty_slug="coding", revision=revision, retired_at=NOW)


async def test_published_questions_make_the_live_bank_and_a_retired_one_leaves_it() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow, bank_version=1)
    gone = bank()[0]

    async with uow:
        await retire_question(
            uow=uow,
            event=QuestionRetired(
                question_id=gone.id, specialty_slug="coding", bank_version=2, retired_at=NOW
            ),
            now=NOW,
        )
        await uow.commit()
        live = await uow.questions.live_bank("coding", pool=Pool.CERTIFICATION)

    assert len(live.questions) == len(bank()) - 1
    assert gone.id not in {question.id for question in live.questions}
    assert live.bank_version == 2


async def test_a_captured_payment_grants_one_attempt_however_often_it_arrives() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    order_id = uuid4()

    async with uow:
        granted = [
            await grant_entitlement(
                uow=uow,
                order_id=order_id,
                candidate_id=CANDIDATE,
                specialty_slug="coding",
                now=NOW,
            )
            for _ in range(2)
        ]
        await uow.commit()
        owned = await list_entitlements(uow=uow, candidate_id=CANDIDATE, specialty_slug=None)

    assert granted == [True, False]
    assert [(e.order_id, e.status) for e in owned] == [(order_id, "available")]
    assert uow.emitted == []


async def test_a_refund_before_the_attempt_takes_the_attempt_back() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    order_id = uuid4()

    async with uow:
        for use_case in (grant_entitlement, revoke_entitlement):
            await use_case(
                uow=uow, order_id=order_id, candidate_id=CANDIDATE, specialty_slug="coding", now=NOW
            )
        await uow.commit()
        owned = await list_entitlements(uow=uow, candidate_id=CANDIDATE, specialty_slug="coding")

    assert [e.status for e in owned] == ["refunded"]


async def test_a_payment_for_a_retired_specialty_is_voided_so_billing_refunds_it() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    order_id = uuid4()

    async with uow:
        await retire_specialty(uow=uow, event=_retired(), now=NOW)
        await grant_entitlement(
            uow=uow, order_id=order_id, candidate_id=CANDIDATE, specialty_slug="coding", now=NOW
        )
        await uow.commit()

    [voided] = uow.emitted_of(AttemptVoided)
    assert isinstance(voided, AttemptVoided)
    assert (voided.order_id, voided.attempt_id, voided.reason) == (
        order_id,
        None,
        VoidReason.SPECIALTY_RETIRED,
    )
    assert uow.entitlements.by_order[order_id].status == "voided"


async def test_retiring_a_specialty_voids_open_attempts_and_unused_payments() -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    unused = uuid4()
    async with uow:
        await grant_entitlement(
            uow=uow, order_id=unused, candidate_id=CANDIDATE, specialty_slug="coding", now=NOW
        )
        started = await start_attempt(
            uow=uow,
            candidate_id=CANDIDATE,
            specialty_slug="coding",
            kind=BlueprintKind.PRACTICE,
            start_key=None,
            seed=3,
            now=NOW,
        )
        await uow.commit()

    async with uow:
        await retire_specialty(uow=uow, event=_retired(), now=NOW)
        await retire_specialty(uow=uow, event=_retired(), now=NOW)  # a redelivery: nothing new
        await uow.commit()

    voided = [event for event in uow.emitted if isinstance(event, AttemptVoided)]
    assert {(event.attempt_id, event.order_id) for event in voided} == {
        (started.attempt.id, None),
        (None, unused),
    }
    assert uow.attempts.stored[started.attempt.id].attempt.status is AttemptStatus.VOIDED


class _RecordingReplay:
    def __init__(self) -> None:
        self.replayed: list[Topic] = []

    async def replay(self, topic: Topic) -> int:
        self.replayed.append(topic)
        return 2


async def test_a_fresh_database_rebuilds_both_catalog_replicas_from_their_topics() -> None:
    replay = _RecordingReplay()

    assert await rebuild_replicas(replay=replay) == 4
    assert replay.replayed == [CATALOG_SPECIALTIES, CATALOG_QUESTION_BANK]
