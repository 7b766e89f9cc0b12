"""Flow 4 on real Kafka and PostgreSQL: paid, drawn, answered, submitted, passed."""

from __future__ import annotations

from uuid import UUID

import pytest
from jobpeak_contracts.events import (
    ItemResponsesRecordedV2,
    TestFailed,
    TestPassed,
    TestStarted,
)
from jobpeak_contracts.topics import TESTING_ATTEMPTS
from jobpeak_runtime.pseudonyms import development_id_of
from jobpeak_runtime.testing import wait_until

from services.testing.tests.integration.harness import (
    Publisher,
    Service,
    TopicReader,
    answer_all,
)
from services.testing.tests.samples import whole_bank

pytestmark = pytest.mark.integration

CANDIDATE = "cand-7f3a9c21"


async def _entitlements(service: Service, candidate_id: str) -> list[dict[str, object]]:
    response = await service.candidate(candidate_id).get("/entitlements")
    assert response.status_code == 200, response.text
    entitlements: list[dict[str, object]] = response.json()
    return entitlements


async def test_candidate_pays_sits_the_certification_and_passes(
    service: Service,
    publish: Publisher,
    attempts_topic: TopicReader,
    item_responses_topic: TopicReader,
) -> None:
    questions = whole_bank()
    by_id = {question.id: question for question in questions}
    await publish.catalog(questions, bank_version=3)
    await service.wait_for_bank("coding", len(questions))
    payment = await publish.payment(candidate_id=CANDIDATE)
    client = service.candidate(CANDIDATE)

    async def entitled() -> bool:
        return [e["status"] for e in await _entitlements(service, CANDIDATE)] == ["available"]

    await wait_until(entitled, within=60, message="entitlement granted")

    started = await client.post(
        "/attempts", json={"specialty_slug": "coding", "kind": "certification"}
    )
    assert started.status_code == 201, started.text
    attempt = started.json()
    assert attempt["question_count"] == 60
    assert attempt["deadline"] is None  # Coding sets no time limit
    assert attempt["order_id"] == str(payment.order_id)
    sections = [item["section"] for item in attempt["items"]]
    assert sections.count("domain") == 40
    assert sections.count("behavioural") == 20

    await answer_all(client, attempt, by_id, correct=lambda position: position % 10 != 0)
    submitted = await client.post(f"/attempts/{attempt['attempt_id']}/submission")
    assert submitted.status_code == 200, submitted.text
    result = submitted.json()
    assert result["passed"] is True
    assert result["pass_mark"] == 0.78
    assert 0.78 <= result["total_score"] < 1.0
    again = await client.post(f"/attempts/{attempt['attempt_id']}/submission")
    assert again.json() == result

    attempt_id = UUID(attempt["attempt_id"])
    [passed] = await attempts_topic.wait_for(lambda r: isinstance(r.event, TestPassed))
    assert passed.key == development_id_of(CANDIDATE)
    assert passed.decoded.envelope.type == "jobpeak.testing.TestPassed.v1"
    event = passed.event
    assert isinstance(event, TestPassed)
    assert event.attempt_id == attempt_id
    assert event.order_id == payment.order_id
    assert (event.blueprint_version, event.bank_version) == (1, 3)
    assert event.total_score == result["total_score"]
    assert event.attempt_number == 1
    await service.relayed()
    records = await attempts_topic.read_available()
    kinds = [type(record.event) for record in records]
    assert kinds.count(TestStarted) == 1
    assert kinds.count(TestPassed) == 1  # the repeated submit published nothing
    assert TestFailed not in kinds
    assert {type(record.event) for record in records} == {TestStarted, TestPassed}
    [restricted] = await item_responses_topic.read_available()
    assert restricted.key == "coding"
    responses = restricted.event
    assert isinstance(responses, ItemResponsesRecordedV2)
    assert responses.attempt_id == attempt_id
    assert [r.question_id for r in responses.responses] == [
        item["question_id"] for item in attempt["items"]
    ]
    assert sum(not r.correct for r in responses.responses) == 6
    assert all(record.key == development_id_of(CANDIDATE) for record in records)
    assert TESTING_ATTEMPTS.qualified_name(service.settings.topic_prefix) == attempts_topic.topic

    assert [e["status"] for e in await _entitlements(service, CANDIDATE)] == ["used"]
    retake = await client.post(
        "/attempts", json={"specialty_slug": "coding", "kind": "certification"}
    )
    assert retake.status_code == 402, retake.text
    assert retake.json()["checkout"]["path"] == "/checkout"


async def test_a_duplicated_payment_grants_one_attempt(
    service: Service, publish: Publisher
) -> None:
    questions = whole_bank()
    await publish.catalog(questions)
    await service.wait_for_bank("coding", len(questions))
    captured = await publish.payment(candidate_id=CANDIDATE)
    original = await publish.event(captured)  # billing announcing the same order again
    await publish.record(original)  # and Kafka redelivering that very record
    await publish.payment(candidate_id="cand-marker-1")  # processed after the others

    async def marker_granted() -> bool:
        return len(await _entitlements(service, "cand-marker-1")) == 1

    await wait_until(marker_granted, within=60, message="later payment granted")

    assert [e["order_id"] for e in await _entitlements(service, CANDIDATE)] == [
        str(captured.order_id)
    ]
    client = service.candidate(CANDIDATE)
    first = await client.post(
        "/attempts", json={"specialty_slug": "coding", "kind": "certification"}
    )
    assert first.status_code == 201, first.text
    submitted = await client.post(f"/attempts/{first.json()['attempt_id']}/submission")
    assert submitted.json()["passed"] is False
    second = await client.post(
        "/attempts", json={"specialty_slug": "coding", "kind": "certification"}
    )
    assert second.status_code == 402, second.text
    body = second.json()
    assert body["checkout"] == {
        "service": "billing",
        "method": "POST",
        "path": "/checkout",
        "body": {"specialty_slug": "coding"},
    }
