"""Delivery over HTTP on the real stack: practice, resume, bad input, races, idempotency, time."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from jobpeak_contracts.events import PracticeTestCompleted, TestStarted
from jobpeak_runtime.pseudonyms import development_id_of
from jobpeak_runtime.testing import wait_until
from jobpeak_testing.settings import TestingSettings

from services.testing.tests.integration.harness import (
    Publisher,
    Service,
    TopicReader,
    answer_all,
    correct_answer,
    running,
    wrong_answer,
)
from services.testing.tests.samples import NOW, practice_blueprint, whole_bank

pytestmark = pytest.mark.integration

CANDIDATE = "cand-2b8e4d6f"
OTHER = "cand-9c1a3e5b"
PRACTICE = {"specialty_slug": "coding", "kind": "practice"}
CERTIFICATION = {"specialty_slug": "coding", "kind": "certification"}


async def _published(service: Service, publish: Publisher) -> dict[str, Any]:
    questions = whole_bank()
    await publish.catalog(questions)
    await service.wait_for_bank("coding", len(questions))
    return {question.id: question for question in questions}


async def test_practice_is_free_resumable_complete_teaching_and_prefers_unseen_items(
    service: Service, publish: Publisher, attempts_topic: TopicReader
) -> None:
    by_id = await _published(service, publish)
    client = service.candidate(CANDIDATE)

    first = (await client.post("/attempts", json=PRACTICE)).json()
    assert first["question_count"] == 15
    assert [i["section"] for i in first["items"]].count("behavioural") == 3
    answered = first["items"][:2]
    for item in answered:
        body = {"response": correct_answer(by_id[item["question_id"]], item)}
        path = f"/attempts/{first['attempt_id']}/responses/{item['question_id']}"
        assert (await client.put(path, json=body)).status_code == 200
        repeat = await client.put(path, json=body)  # the same answer again: nothing changes
        assert repeat.status_code == 200
        assert repeat.json()["answered_count"] == answered.index(item) + 1

    resumed = (await client.get(f"/attempts/{first['attempt_id']}")).json()
    assert resumed["status"] == "in_progress"
    assert resumed["answered_count"] == 2
    assert [i["response"] for i in resumed["items"][:2]] == [
        correct_answer(by_id[i["question_id"]], i) for i in answered
    ]
    assert [i["options"] for i in resumed["items"]] == [i["options"] for i in first["items"]]
    incomplete = await client.post(f"/attempts/{first['attempt_id']}/submission")
    assert incomplete.status_code == 409
    unanswered = [item["question_id"] for item in first["items"][2:]]
    assert incomplete.json()["unanswered"] == unanswered
    for item in first["items"][2:]:
        body = {"response": wrong_answer(by_id[item["question_id"]], item)}
        path = f"/attempts/{first['attempt_id']}/responses/{item['question_id']}"
        assert (await client.put(path, json=body)).status_code == 200
    result = (await client.post(f"/attempts/{first['attempt_id']}/submission")).json()
    assert result["kind"] == "practice"
    assert result["passed"] is False
    feedback = result["feedback"]
    assert [entry["question_id"] for entry in feedback] == [
        i["question_id"] for i in first["items"]
    ]
    assert [entry["correct"] for entry in feedback] == [True, True] + [False] * 13
    for entry, item in zip(feedback, first["items"], strict=True):
        question = by_id[item["question_id"]]
        assert entry["correct_response"] == correct_answer(question, item)
        assert entry["explanation"] == question.explanation

    second = await client.post("/attempts", json=PRACTICE)
    assert second.status_code == 201, second.text
    assert second.json()["attempt_number"] == 2
    first_ids = {item["question_id"] for item in first["items"]}
    assert first_ids.isdisjoint(item["question_id"] for item in second.json()["items"])

    [completed] = await attempts_topic.wait_for(
        lambda r: isinstance(r.event, PracticeTestCompleted)
    )
    assert completed.key == development_id_of(CANDIDATE)
    assert isinstance(completed.event, PracticeTestCompleted)
    assert completed.event.total_score == result["total_score"]
    history = (await client.get("/attempts", params={"specialty_slug": "coding"})).json()
    assert [(h["attempt_number"], h["status"]) for h in history] == [
        (2, "in_progress"),
        (1, "submitted"),
    ]


async def test_bad_input_is_refused_clearly_and_changes_nothing(
    service: Service, publish: Publisher
) -> None:
    by_id = await _published(service, publish)
    client = service.candidate(CANDIDATE)
    attempt = (await client.post("/attempts", json=PRACTICE)).json()
    attempt_path = f"/attempts/{attempt['attempt_id']}"
    served = {item["format"]: item for item in reversed(attempt["items"])}
    assert {"single_choice", "faulty_lines"} <= served.keys(), "the seeded draw serves both"
    choice_item, lines_item = served["single_choice"], served["faulty_lines"]
    choice_path = f"{attempt_path}/responses/{choice_item['question_id']}"

    async def state() -> Any:
        return (await client.get(attempt_path)).json()

    before = await state()

    unknown = await client.get("/attempts/00000000-0000-4000-8000-000000000000")
    theirs = await service.candidate(OTHER).get(attempt_path)
    assert unknown.status_code == theirs.status_code == 404
    assert theirs.headers["content-type"] == "application/problem+json"
    assert theirs.json()["type"] == "urn:jobpeak:problem:attempt-not-found"
    assert theirs.json()["detail"] == f"attempt {attempt['attempt_id']} not found"
    assert "items" not in theirs.text
    foreign_answer = await service.candidate(OTHER).put(
        choice_path, json={"response": {"choice": "a"}}
    )
    assert foreign_answer.status_code == 404

    not_in_attempt = await client.put(
        f"{attempt_path}/responses/nope-001", json={"response": {"value": True}}
    )
    assert not_in_attempt.status_code == 404
    assert "not part of attempt" in not_in_attempt.json()["detail"]

    wrong_shape = await client.put(choice_path, json={"response": {"lines": [1]}})
    assert wrong_shape.status_code == 422
    assert "single_choice: answer with 'choice'" in wrong_shape.json()["detail"]
    no_such_option = await client.put(choice_path, json={"response": {"choice": "h"}})
    assert no_such_option.status_code == 422
    outside = await client.put(
        f"{attempt_path}/responses/{lines_item['question_id']}",
        json={"response": {"lines": [99]}},
    )
    assert outside.status_code == 422
    assert "outside the snippet" in outside.json()["detail"]
    malformed = await client.put(choice_path, json={"response": {"choice": 3}})
    assert malformed.status_code == 422
    not_a_uuid = await client.get("/attempts/not-a-uuid")
    assert not_a_uuid.status_code == 422
    assert await state() == before

    # A client-sent verdict is ignored: the wrong answer is stored and graded wrong.
    flagged = await client.put(
        choice_path,
        json={
            "response": wrong_answer(by_id[choice_item["question_id"]], choice_item),
            "correct": True,
            "score": 1.0,
        },
    )
    assert flagged.status_code == 200, flagged.text
    others = [item for item in attempt["items"] if item is not choice_item]
    await answer_all(client, {**attempt, "items": others}, by_id, correct=lambda _: False)
    graded = await client.post(
        f"{attempt_path}/submission", json={"total_score": 1.0, "passed": True}
    )
    assert graded.json()["total_score"] == 0.0
    assert graded.json()["passed"] is False

    after_submit = await client.put(
        choice_path,
        json={"response": correct_answer(by_id[choice_item["question_id"]], choice_item)},
    )
    assert after_submit.status_code == 409
    assert "submitted" in after_submit.json()["detail"]
    final = await state()
    assert final["result"]["total_score"] == 0.0
    assert final["answered_count"] == 15

    unpaid = await client.post("/attempts", json=CERTIFICATION)
    assert unpaid.status_code == 402
    assert (await client.get("/entitlements")).json() == []
    unknown_specialty = await client.post(
        "/attempts", json={"specialty_slug": "pottery", "kind": "practice"}
    )
    assert unknown_specialty.status_code == 404
    anonymous = await client.get("/attempts", headers={"Authorization": ""})
    assert anonymous.status_code == 401
    by_email = await service.candidate("someone@example.com").get("/attempts")
    assert by_email.status_code == 200
    assert "someone@example.com" not in by_email.text


async def test_concurrent_starts_make_exactly_one_attempt(
    service: Service, publish: Publisher
) -> None:
    await _published(service, publish)
    await publish.payment(candidate_id=CANDIDATE)
    await publish.payment(candidate_id=CANDIDATE)
    client = service.candidate(CANDIDATE)

    async def two_entitlements() -> bool:
        return len((await client.get("/entitlements")).json()) == 2

    await wait_until(two_entitlements, within=60, message="two payments granted")

    starts = await asyncio.gather(*(client.post("/attempts", json=CERTIFICATION) for _ in range(6)))
    statuses = sorted(response.status_code for response in starts)
    assert statuses == [201, 409, 409, 409, 409, 409]
    winner = next(r.json() for r in starts if r.status_code == 201)
    assert {r.json()["attempt_id"] for r in starts if r.status_code == 409} == {
        winner["attempt_id"]
    }
    assert sorted(e["status"] for e in (await client.get("/entitlements")).json()) == [
        "available",
        "used",
    ]
    practice_meanwhile = await client.post("/attempts", json=PRACTICE)
    assert practice_meanwhile.status_code == 409


async def test_an_idempotency_key_replays_the_start(
    service: Service, publish: Publisher, attempts_topic: TopicReader
) -> None:
    await _published(service, publish)
    client = service.candidate(CANDIDATE)
    key = {"Idempotency-Key": "start-practice-1"}

    first = await client.post("/attempts", json=PRACTICE, headers=key)
    again = await client.post("/attempts", json=PRACTICE, headers=key)
    other_request = await client.post("/attempts", json=CERTIFICATION, headers=key)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert other_request.status_code == 409
    assert "Idempotency-Key" in other_request.json()["detail"]
    await service.relayed()
    started = [r.event for r in await attempts_topic.read_available()]
    assert [str(e.attempt_id) for e in started if isinstance(e, TestStarted)] == [
        first.json()["attempt_id"]
    ]


async def test_a_time_limit_is_enforced_only_when_the_blueprint_sets_one(
    testing_settings: TestingSettings, publish: Publisher
) -> None:
    now = [NOW]

    def clock() -> datetime:
        return now[0]

    questions = whole_bank()
    async with running(testing_settings, clock=clock) as service:
        await publish.catalog(questions, practice=practice_blueprint(time_limit_minutes=30))
        await service.wait_for_bank("coding", len(questions))
        by_id = {question.id: question for question in questions}
        client = service.candidate(CANDIDATE)
        attempt = (await client.post("/attempts", json=PRACTICE)).json()
        assert attempt["deadline"] == (NOW + timedelta(minutes=30)).isoformat().replace(
            "+00:00", "Z"
        )
        first, second = attempt["items"][:2]
        path = f"/attempts/{attempt['attempt_id']}/responses/"
        in_time = await client.put(
            path + first["question_id"],
            json={"response": correct_answer(by_id[first["question_id"]], first)},
        )
        assert in_time.status_code == 200

        now[0] = NOW + timedelta(minutes=30)
        late = await client.put(
            path + second["question_id"],
            json={"response": correct_answer(by_id[second["question_id"]], second)},
        )
        assert late.status_code == 409
        assert "time limit of 30 minute(s)" in late.json()["detail"]

        next_attempt = await client.post("/attempts", json=PRACTICE)
        assert next_attempt.status_code == 201  # the expired attempt was graded, not blocking
        expired = (await client.get(f"/attempts/{attempt['attempt_id']}")).json()
        assert expired["status"] == "submitted"
        assert expired["answered_count"] == 1
