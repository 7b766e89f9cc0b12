"""Certification integrity in the contracts: question pools, and per-item results off public topics.

Questions carry the pool they belong to (old records, written before pools, read as certification
items); per-item correctness of certification attempts travels only on the restricted
``testing.item-responses.v1``, and the retired public ``ItemResponsesRecorded`` v1 stays decodable
but is sent by nobody.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from jobpeak_contracts.envelope import EVENT_CLASSES, decode, encode
from jobpeak_contracts.event import Event
from jobpeak_contracts.events import (
    ItemExposureCapReached,
    ItemResponsesRecorded,
    ItemResponsesRecordedV2,
    QuestionPublished,
)
from jobpeak_contracts.examples import example_events
from jobpeak_contracts.questions import QuestionPool
from jobpeak_contracts.topics import TESTING_ATTEMPTS, TESTING_ITEM_RESPONSES, Visibility
from jobpeak_contracts_dev.asyncapi import asyncapi_document
from jobpeak_contracts_dev.files import default_schema_dir, read_schemas
from pydantic import ValidationError

pytestmark = pytest.mark.unit

EXAMPLES = {type(event): event for event in example_events()}
COMMITTED = read_schemas(default_schema_dir())


def _published_payload(**question_changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = EXAMPLES[QuestionPublished].model_dump(mode="json")
    payload["question"] = {**payload["question"], **question_changes}
    return payload


def test_a_question_written_before_pools_existed_reads_as_a_certification_item() -> None:
    payload = _published_payload()
    del payload["question"]["pool"]

    event = QuestionPublished.model_validate_json(json.dumps(payload))

    assert event.question.pool is QuestionPool.CERTIFICATION


def test_a_practice_question_keeps_its_pool_on_the_wire() -> None:
    event = QuestionPublished.model_validate(_published_payload(pool="practice"))

    record = encode(event)
    decoded = decode(topic=record.topic, headers=record.headers, value=record.value).event

    assert isinstance(decoded, QuestionPublished)
    assert decoded.question.pool is QuestionPool.PRACTICE


def test_an_unknown_pool_is_refused() -> None:
    with pytest.raises(ValidationError, match="pool"):
        QuestionPublished.model_validate(_published_payload(pool="reserve"))


def test_per_item_results_and_exposure_alerts_travel_on_the_restricted_topic() -> None:
    for cls in (ItemResponsesRecordedV2, ItemExposureCapReached):
        record = encode(EXAMPLES[cls])

        assert cls.topic is TESTING_ITEM_RESPONSES
        assert record.topic == "testing.item-responses.v1"
        assert record.key == b"coding"
    assert TESTING_ITEM_RESPONSES.visibility is Visibility.RESTRICTED
    assert ItemResponsesRecordedV2.ce_type() == "jobpeak.testing.ItemResponsesRecorded.v2"


def test_the_retired_public_item_responses_still_decode_and_name_their_successor() -> None:
    record = encode(EXAMPLES[ItemResponsesRecorded])

    decoded = decode(topic=record.topic, headers=record.headers, value=record.value).event

    assert isinstance(decoded, ItemResponsesRecorded)
    assert ItemResponsesRecorded.topic is TESTING_ATTEMPTS
    assert ItemResponsesRecorded.superseded_by == ItemResponsesRecordedV2.ce_type()
    committed = COMMITTED[ItemResponsesRecorded.ce_type()]["x-jobpeak"]
    assert committed["superseded_by"] == ItemResponsesRecordedV2.ce_type()


def _property_names(node: object) -> set[str]:
    if isinstance(node, dict):
        own = set(node.get("properties", {}))
        return own.union(*(_property_names(child) for child in node.values()))
    if isinstance(node, list):
        return set().union(*(_property_names(child) for child in node))
    return set()


def _carries_correctness(cls: type[Event]) -> bool:
    return "correct" in _property_names(cls.model_json_schema())


def test_no_public_event_in_new_traffic_carries_per_item_correctness() -> None:
    leaking = [
        cls.ce_type()
        for cls in EVENT_CLASSES
        if cls.topic.visibility is Visibility.PUBLIC
        and cls.superseded_by is None
        and _carries_correctness(cls)
    ]

    assert leaking == []
    assert _carries_correctness(ItemResponsesRecordedV2)


def test_nobody_sends_a_retired_event_in_the_asyncapi_document() -> None:
    document = asyncapi_document()
    sent = {
        message["$ref"].rsplit("/", 1)[1]
        for operation in document["operations"].values()
        for message in operation["messages"]
    }
    channel_messages = document["channels"][TESTING_ATTEMPTS.name]["messages"]

    assert "ItemResponsesRecorded.v1" not in sent
    assert "ItemResponsesRecorded.v1" in channel_messages
    assert {"ItemResponsesRecorded.v2", "ItemExposureCapReached.v1"} <= sent
