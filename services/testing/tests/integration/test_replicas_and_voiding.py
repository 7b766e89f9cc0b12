"""Replicas, refunds and voiding on the real stack."""

from __future__ import annotations

import uuid
from uuid import UUID

import asyncpg
import pytest
from jobpeak_contracts.events import (
    AttemptVoided,
    PaymentRefunded,
    QuestionRetired,
    RefundReason,
    SpecialtyRetired,
    VoidReason,
)
from jobpeak_runtime.db import asyncpg_dsn
from jobpeak_runtime.pseudonyms import development_id_of
from jobpeak_runtime.testing import wait_until
from jobpeak_testing.settings import TestingSettings

from services.testing.tests.integration.harness import (
    Publisher,
    Service,
    TopicReader,
    make_settings,
    running,
)
from services.testing.tests.samples import NOW, whole_bank

pytestmark = pytest.mark.integration

PRACTICE = {"specialty_slug": "coding", "kind": "practice"}
CERTIFICATION = {"specialty_slug": "coding", "kind": "certification"}


async def _statuses(service: Service, candidate_id: str) -> list[str]:
    response = await service.candidate(candidate_id).get("/entitlements")
    return [entitlement["status"] for entitlement in response.json()]


async def _wait_statuses(service: Service, candidate_id: str, expected: list[str]) -> None:
    async def reached() -> bool:
        return await _statuses(service, candidate_id) == expected

    await wait_until(reached, within=60, message=f"{candidate_id} entitlements {expected}")


async def test_retiring_the_specialty_voids_what_can_no_longer_be_delivered(
    service: Service, publish: Publisher, attempts_topic: TopicReader
) -> None:
    questions = whole_bank()
    await publish.catalog(questions)
    await service.wait_for_bank("coding", len(questions))
    sitting, waiting, practising = "cand-sitting-1", "cand-waiting-1", "cand-practising-1"
    sitting_paid = await publish.payment(candidate_id=sitting)
    waiting_paid = await publish.payment(candidate_id=waiting)
    await _wait_statuses(service, sitting, ["available"])
    await _wait_statuses(service, waiting, ["available"])
    open_certification = (
        await service.candidate(sitting).post("/attempts", json=CERTIFICATION)
    ).json()
    open_practice = (await service.candidate(practising).post("/attempts", json=PRACTICE)).json()

    await publish.event(SpecialtyRetired(specialty_slug="coding", revision=2, retired_at=NOW))
    voided = await attempts_topic.wait_for(lambda r: isinstance(r.event, AttemptVoided), count=3)

    by_candidate = {
        subject: r.event
        for r in voided
        for subject in (sitting, waiting, practising)
        if isinstance(r.event, AttemptVoided) and r.key == development_id_of(subject)
    }
    assert set(by_candidate) == {sitting, waiting, practising}
    assert all(event.reason is VoidReason.SPECIALTY_RETIRED for event in by_candidate.values())
    assert by_candidate[sitting].attempt_id == UUID(open_certification["attempt_id"])
    assert by_candidate[sitting].order_id == sitting_paid.order_id
    assert by_candidate[waiting].attempt_id is None
    assert by_candidate[waiting].order_id == waiting_paid.order_id
    assert by_candidate[practising].attempt_id == UUID(open_practice["attempt_id"])
    assert by_candidate[practising].order_id is None

    sitter = service.candidate(sitting)
    voided_attempt = (await sitter.get(f"/attempts/{open_certification['attempt_id']}")).json()
    assert voided_attempt["status"] == "voided"
    item = voided_attempt["items"][0]
    late_answer = await sitter.put(
        f"/attempts/{open_certification['attempt_id']}/responses/{item['question_id']}",
        json={"response": {"value": True}},
    )
    assert late_answer.status_code == 409
    assert (
        await sitter.post(f"/attempts/{open_certification['attempt_id']}/submission")
    ).status_code == 409
    assert (await sitter.post("/attempts", json=PRACTICE)).status_code == 409
    assert await _statuses(service, waiting) == ["voided"]

    late_payment = await publish.payment(candidate_id="cand-late-1")
    [late] = await attempts_topic.wait_for(
        lambda r: isinstance(r.event, AttemptVoided) and r.key == development_id_of("cand-late-1")
    )
    assert isinstance(late.event, AttemptVoided)
    assert late.event.order_id == late_payment.order_id
    assert late.event.attempt_id is None


async def test_a_refund_revokes_an_unused_entitlement_but_not_a_used_one(
    service: Service, publish: Publisher
) -> None:
    questions = whole_bank()
    await publish.catalog(questions)
    await service.wait_for_bank("coding", len(questions))
    candidate = "cand-refunded-1"
    unused = await publish.payment(candidate_id=candidate)
    used = await publish.payment(candidate_id=candidate)
    await _wait_statuses(service, candidate, ["available", "available"])
    client = service.candidate(candidate)
    attempt = (await client.post("/attempts", json=CERTIFICATION)).json()
    consumed = UUID(attempt["order_id"])
    spare = unused if consumed == used.order_id else used

    for order in (spare, used if consumed == used.order_id else unused):
        await publish.event(
            PaymentRefunded(
                order_id=order.order_id,
                candidate_id=development_id_of(candidate),
                specialty_slug="coding",
                amount=order.amount,
                payment_intent_id=order.payment_intent_id,
                refund_id=f"re_{uuid.uuid4().hex}",
                reason=RefundReason.ADMIN,
                refunded_at=NOW,
            )
        )

    async def settled() -> bool:
        by_order = {e["order_id"]: e["status"] for e in (await client.get("/entitlements")).json()}
        return by_order == {str(spare.order_id): "refunded", str(consumed): "used"}

    await wait_until(settled, within=60, message="refund applied to the unused entitlement")
    await client.post(f"/attempts/{attempt['attempt_id']}/submission")
    assert (await client.post("/attempts", json=CERTIFICATION)).status_code == 402


async def test_the_replicas_are_rebuilt_from_the_compacted_topics_on_a_fresh_database(
    testing_settings: TestingSettings,
    publish: Publisher,
    postgres_admin_url: str,
) -> None:
    questions = whole_bank()
    async with running(testing_settings) as first:
        await publish.catalog(questions)
        await publish.event(
            QuestionRetired(
                question_id=questions[0].id,
                specialty_slug="coding",
                bank_version=2,
                retired_at=NOW,
            )
        )
        await first.wait_for_bank("coding", len(questions) - 1)

    fresh = f"test_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(asyncpg_dsn(postgres_admin_url))
    try:
        await admin.execute(f'CREATE DATABASE "{fresh}"')
        database_url = postgres_admin_url.rsplit("/", 1)[0] + f"/{fresh}"
        # Same prefix, so the same consumer group, whose offsets are already past the catalog.
        settings = make_settings(
            database_url=database_url,
            kafka_bootstrap=testing_settings.kafka_bootstrap,
            topic_prefix=testing_settings.topic_prefix,
        )
        async with running(settings) as rebuilt:
            assert await rebuilt.live_questions("coding") == len(questions) - 1
            attempt = await rebuilt.candidate("cand-fresh-1").post("/attempts", json=PRACTICE)
            assert attempt.status_code == 201, attempt.text
            served = {item["question_id"] for item in attempt.json()["items"]}
            assert questions[0].id not in served
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        await admin.close()
