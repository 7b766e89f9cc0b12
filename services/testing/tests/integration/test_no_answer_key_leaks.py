"""No HTTP response, log line or public event carries an answer key (DESIGN §7).

The sample bank writes a marker into every explanation (which gives the key away); the journey
below touches every route, success and refusal, then every byte the service put out is scanned
for the marker, for a field named like a key, and (events and logs) for question content. The
one exception by design is a submitted practice attempt's feedback (keys and explanations of
its own items): it is left out of the scan and checked to cover exactly that attempt's items.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from jobpeak_contracts.events import TestPassed
from jobpeak_runtime.testing import wait_until

from services.testing.tests.integration.harness import (
    Publisher,
    Service,
    TopicReader,
    answer_all,
)
from services.testing.tests.samples import KEY_MARKER, whole_bank

pytestmark = pytest.mark.integration

CANDIDATE = "cand-5e7f9a1b"
KEY_FIELDS = {"answer", "answers", "answer_key", "key", "explanation", "correct_option"}


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for name, inner in value.items():
            yield name
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def _without_practice_feedback(value: Any, practice_items: frozenset[str]) -> Any:
    """``value`` without a feedback list, once checked to be about the practice items only."""
    if isinstance(value, dict):
        feedback = value.get("feedback")
        if feedback is not None:
            assert value["kind"] == "practice", "feedback on a certification result"
            assert {entry["question_id"] for entry in feedback} == practice_items
        return {
            name: _without_practice_feedback(inner, practice_items)
            for name, inner in value.items()
            if name != "feedback"
        }
    if isinstance(value, list):
        return [_without_practice_feedback(inner, practice_items) for inner in value]
    return value


def _leaks(text: str, practice_items: frozenset[str] = frozenset()) -> list[str]:
    try:
        parsed = _without_practice_feedback(json.loads(text), practice_items)
    except ValueError:
        parsed = None
    else:
        text = json.dumps(parsed)
    found = [KEY_MARKER] if KEY_MARKER in text else []
    found += sorted(KEY_FIELDS.intersection(_keys(parsed)))
    return found


async def test_no_http_response_log_line_or_public_event_contains_an_answer_key(
    service: Service, publish: Publisher, attempts_topic: TopicReader
) -> None:
    questions = whole_bank()
    by_id = {question.id: question for question in questions}
    await publish.catalog(questions)
    await service.wait_for_bank("coding", len(questions))
    await publish.payment(candidate_id=CANDIDATE)
    client = service.candidate(CANDIDATE)

    practice = (
        await client.post("/attempts", json={"specialty_slug": "coding", "kind": "practice"})
    ).json()
    await answer_all(client, practice, by_id, correct=lambda position: position % 2 == 0)
    await client.get(f"/attempts/{practice['attempt_id']}")
    taught = (await client.post(f"/attempts/{practice['attempt_id']}/submission")).json()
    await client.get(f"/attempts/{practice['attempt_id']}/result")
    practice_items = frozenset(item["question_id"] for item in practice["items"])
    assert KEY_MARKER in taught["feedback"][0]["explanation"]
    item = practice["items"][0]
    await client.put(
        f"/attempts/{practice['attempt_id']}/responses/{item['question_id']}",
        json={"response": {"lines": [1]}},
    )

    async def entitled() -> bool:
        return len((await client.get("/entitlements")).json()) == 1

    await wait_until(entitled, within=60, message="entitlement granted")
    certification = (
        await client.post("/attempts", json={"specialty_slug": "coding", "kind": "certification"})
    ).json()
    for wrong in ({"choice": "z"}, {"lines": [0]}, {"value": "yes"}):
        await client.put(
            f"/attempts/{certification['attempt_id']}/responses/{item['question_id']}",
            json={"response": wrong},
        )
    await answer_all(client, certification, by_id)
    await client.post(f"/attempts/{certification['attempt_id']}/submission")
    await client.get("/attempts")
    await client.post("/attempts", json={"specialty_slug": "coding", "kind": "certification"})
    await attempts_topic.wait_for(lambda r: isinstance(r.event, TestPassed))
    await service.relayed()
    records = await attempts_topic.read_available()

    logs = service.log.getvalue().splitlines()
    assert any('"attempt graded"' in line for line in logs)
    assert len(service.bodies) > 80
    assert any('"items"' in body for body in service.bodies)
    assert len(records) == 4  # 2 started, 1 completed, 1 passed: attempt-level facts only

    for body in service.bodies:
        assert _leaks(body, practice_items) == [], body[:300]
    for line in logs:
        assert _leaks(line) == [], line[:300]
    content = {q.stem for q in questions} | {
        option.text for q in questions for option in getattr(q, "options", ())
    }
    for record in records:
        payload = record.value.decode()
        headers = record.decoded.envelope.model_dump_json()
        assert _leaks(payload) == [], payload[:300]
        assert _leaks(headers) == [], headers
        assert not any(text in payload for text in content)
        assert not {"responses", "correct"} & set(_keys(json.loads(payload))), payload[:300]
    for line in logs:
        assert not any(text in line for text in content), line[:300]
