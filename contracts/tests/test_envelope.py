"""Encoding events into CloudEvents Kafka records and decoding them back."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID, uuid4

import pytest
from jobpeak_contracts.envelope import (
    EVENT_CLASSES,
    ContractError,
    DecodedEvent,
    EncodedRecord,
    MalformedRecord,
    UnknownEventType,
    UnsupportedEventVersion,
    decode,
    encode,
    event_class,
)
from jobpeak_contracts.event import Event
from jobpeak_contracts.events import PaymentCaptured, QuestionPublished, TestPassed
from jobpeak_contracts.examples import example_events

pytestmark = pytest.mark.unit

EXAMPLES = {type(event): event for event in example_events()}
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
REQUIRED_HEADERS = ["ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time", "content-type"]


def _headers_without(record_headers: list[tuple[str, bytes]], name: str) -> list[tuple[str, bytes]]:
    return [(key, value) for key, value in record_headers if key != name]


def _headers_with(
    record_headers: list[tuple[str, bytes]], name: str, value: bytes
) -> list[tuple[str, bytes]]:
    return [*_headers_without(record_headers, name), (name, value)]


def _payload_with(event: Event, **changes: object) -> bytes:
    payload = json.loads(encode(event).value)
    payload.update(changes)
    return json.dumps(payload).encode()


def _round_trip(record: EncodedRecord) -> DecodedEvent:
    return decode(topic=record.topic, headers=record.headers, value=record.value)


def test_the_examples_cover_every_event_class() -> None:
    assert list(EXAMPLES) == list(EVENT_CLASSES)


@pytest.mark.parametrize("event_cls", EVENT_CLASSES, ids=lambda cls: cls.event_name)
def test_every_event_survives_a_round_trip(event_cls: type[Event]) -> None:
    event = EXAMPLES[event_cls]
    event_id = uuid4()
    moment = datetime(2025, 6, 1, 9, 30, 15, 123456, tzinfo=UTC)

    record = encode(
        event, subject="about-this", event_id=event_id, time=moment, traceparent=TRACEPARENT
    )
    decoded = decode(topic=record.topic, headers=record.headers, value=record.value)

    assert decoded.event == event
    assert type(decoded.event) is event_cls
    assert decoded.envelope.id == event_id
    assert decoded.envelope.time == moment
    assert decoded.envelope.type == event_cls.ce_type()
    assert decoded.envelope.source == f"/jobpeak/{event_cls.source_service}"
    assert decoded.envelope.subject == "about-this"
    assert decoded.envelope.traceparent == TRACEPARENT
    assert decoded.envelope.schema_version == event_cls.schema_version


@pytest.mark.parametrize("event_cls", EVENT_CLASSES, ids=lambda cls: cls.event_name)
def test_the_record_is_keyed_and_addressed_by_the_topic_registry(event_cls: type[Event]) -> None:
    event = EXAMPLES[event_cls]

    record = encode(event)

    assert record.topic == event_cls.topic.name
    expected_key = str(getattr(event, event_cls.topic.key_field))
    assert record.key == expected_key.encode()
    assert json.loads(record.value) == json.loads(event.model_dump_json())


def test_headers_are_the_cloudevents_kafka_binary_mode_ones() -> None:
    event_id = UUID("6a1f3c5e-7b9d-4f1a-8c3e-5b7d9f1a3c5e")
    moment = datetime(2025, 6, 1, 11, 30, tzinfo=timezone(timedelta(hours=2)))

    record = encode(
        EXAMPLES[TestPassed],
        subject="0f8e2d4c-6b1a-4c3e-9f57-2a4b6c8d0e1f",
        event_id=event_id,
        time=moment,
        traceparent=TRACEPARENT,
    )

    assert dict(record.headers) == {
        "ce_specversion": b"1.0",
        "ce_id": b"6a1f3c5e-7b9d-4f1a-8c3e-5b7d9f1a3c5e",
        "ce_source": b"/jobpeak/testing",
        "ce_type": b"jobpeak.testing.TestPassed.v1",
        "ce_time": b"2025-06-01T09:30:00Z",
        "ce_dataschema": b"urn:jobpeak:schema:jobpeak.testing.TestPassed.v1",
        "ce_subject": b"0f8e2d4c-6b1a-4c3e-9f57-2a4b6c8d0e1f",
        "content-type": b"application/json",
        "traceparent": TRACEPARENT.encode(),
    }
    assert len(record.headers) == len(dict(record.headers))


def test_optional_headers_are_left_out_when_not_given() -> None:
    record = encode(EXAMPLES[PaymentCaptured])

    names = [name for name, _ in record.headers]
    assert "ce_subject" not in names
    assert "traceparent" not in names
    assert set(REQUIRED_HEADERS) <= set(names)


def test_id_and_time_default_to_fresh_values() -> None:
    before = datetime.now(UTC)
    first = _round_trip(encode(EXAMPLES[PaymentCaptured]))
    second = _round_trip(encode(EXAMPLES[PaymentCaptured]))

    assert first.envelope.id != second.envelope.id
    assert before <= first.envelope.time <= datetime.now(UTC)


def test_a_topic_prefix_is_applied_and_accepted_back() -> None:
    record = encode(EXAMPLES[TestPassed], topic_prefix="t3f9a2c.")

    assert record.topic == "t3f9a2c.testing.attempts.v1"
    assert (
        decode(topic=record.topic, headers=record.headers, value=record.value).event
        == (EXAMPLES[TestPassed])
    )


def test_a_record_read_back_from_its_dead_letter_topic_decodes() -> None:
    record = encode(EXAMPLES[TestPassed])

    decoded = decode(topic="testing.attempts.v1.dlq", headers=record.headers, value=record.value)

    assert decoded.event == EXAMPLES[TestPassed]


def test_headers_may_be_given_as_a_mapping_of_bytes_or_text() -> None:
    record = encode(EXAMPLES[TestPassed])
    as_text = {name: value.decode() for name, value in record.headers}

    assert (
        decode(topic=record.topic, headers=dict(record.headers), value=record.value).event
        == (EXAMPLES[TestPassed])
    )
    assert (
        decode(topic=record.topic, headers=as_text, value=record.value).event
        == (EXAMPLES[TestPassed])
    )


def test_unrelated_headers_are_ignored() -> None:
    record = encode(EXAMPLES[TestPassed])

    decoded = decode(
        topic=record.topic,
        headers=[*record.headers, ("x-retry-count", b"\xff\xfe")],
        value=record.value,
    )

    assert decoded.event == EXAMPLES[TestPassed]


def test_a_naive_event_time_is_refused_when_encoding() -> None:
    with pytest.raises(ValueError, match="naive"):
        encode(EXAMPLES[TestPassed], time=datetime(2025, 6, 1, 9, 30))


# --- unknown types and versions ---------------------------------------------------------------


def test_event_class_finds_every_registered_type() -> None:
    for cls in EVENT_CLASSES:
        assert event_class(cls.ce_type()) is cls


def test_an_unknown_event_name_is_its_own_error() -> None:
    record = encode(EXAMPLES[TestPassed])
    headers = _headers_with(record.headers, "ce_type", b"jobpeak.testing.TestAbandoned.v1")

    with pytest.raises(UnknownEventType) as raised:
        decode(topic=record.topic, headers=headers, value=record.value)

    assert not isinstance(raised.value, UnsupportedEventVersion)
    assert "testing.attempts.v1" in str(raised.value)
    assert "jobpeak.testing.TestAbandoned.v1" in str(raised.value)


def test_a_foreign_type_string_is_an_unknown_event_type() -> None:
    with pytest.raises(UnknownEventType, match="not a Jobpeak event type"):
        event_class("com.example.object.created")


def test_an_unknown_version_of_a_known_event_is_unsupported() -> None:
    record = encode(EXAMPLES[TestPassed])
    headers = _headers_with(record.headers, "ce_type", b"jobpeak.testing.TestPassed.v2")

    with pytest.raises(UnsupportedEventVersion) as raised:
        decode(topic=record.topic, headers=headers, value=record.value)

    assert isinstance(raised.value, UnknownEventType)
    assert raised.value.version == 2
    assert raised.value.ce_type == "jobpeak.testing.TestPassed.v2"
    assert raised.value.topic == "testing.attempts.v1"
    assert "version 2" in str(raised.value)
    assert "[1]" in str(raised.value)


# --- malformed headers -------------------------------------------------------------------------


@pytest.mark.parametrize("header", REQUIRED_HEADERS)
def test_a_missing_required_header_is_malformed(header: str) -> None:
    record = encode(EXAMPLES[TestPassed])

    with pytest.raises(MalformedRecord) as raised:
        decode(
            topic=record.topic, headers=_headers_without(record.headers, header), value=record.value
        )

    assert raised.value.field == header
    assert header in str(raised.value)


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("ce_id", b"not-a-uuid"),
        ("ce_time", b"yesterday"),
        ("ce_time", b"2025-06-01T09:30:00"),
        ("ce_specversion", b"0.3"),
        ("content-type", b"application/avro"),
        ("traceparent", b"not-a-trace"),
        ("ce_source", b"/jobpeak/billing"),
        ("ce_subject", b""),
    ],
)
def test_an_invalid_header_value_is_malformed(header: str, value: bytes) -> None:
    record = encode(EXAMPLES[TestPassed])

    with pytest.raises(MalformedRecord) as raised:
        decode(
            topic=record.topic,
            headers=_headers_with(record.headers, header, value),
            value=record.value,
        )

    assert raised.value.field == header
    assert raised.value.ce_type == "jobpeak.testing.TestPassed.v1"
    assert raised.value.version == 1


def test_a_header_that_is_not_utf8_is_malformed() -> None:
    record = encode(EXAMPLES[TestPassed])

    with pytest.raises(MalformedRecord, match="UTF-8") as raised:
        decode(
            topic=record.topic,
            headers=_headers_with(record.headers, "ce_id", b"\xff\xfe"),
            value=record.value,
        )

    assert raised.value.field == "ce_id"


def test_a_repeated_cloudevents_header_is_malformed() -> None:
    record = encode(EXAMPLES[TestPassed])

    with pytest.raises(MalformedRecord, match="more than once"):
        decode(
            topic=record.topic,
            headers=[*record.headers, ("ce_type", b"jobpeak.billing.PaymentCaptured.v1")],
            value=record.value,
        )


def test_an_event_on_another_services_topic_is_malformed() -> None:
    record = encode(EXAMPLES[TestPassed])

    with pytest.raises(MalformedRecord, match=r"belongs on testing\.attempts\.v1") as raised:
        decode(topic="billing.payments.v1", headers=record.headers, value=record.value)

    assert raised.value.field == "topic"


# --- malformed payloads ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"total_score": 1.5}, "total_score"),
        ({"total_score": "0.9"}, "total_score"),
        ({"attempt_number": 0}, "attempt_number"),
        ({"attempt_number": "1"}, "attempt_number"),
        ({"candidate_id": "jane.doe@example.org"}, "candidate_id"),
        ({"graded_at": "2025-06-01T09:30:00"}, "graded_at"),
        ({"attempt_id": "42"}, "attempt_id"),
        ({"order_id": None}, "order_id"),
    ],
)
def test_an_invalid_payload_names_the_offending_field(
    changes: dict[str, object], field: str
) -> None:
    record = encode(EXAMPLES[TestPassed])

    with pytest.raises(MalformedRecord) as raised:
        decode(
            topic=record.topic,
            headers=record.headers,
            value=_payload_with(EXAMPLES[TestPassed], **changes),
        )

    error = raised.value
    assert error.field == field
    message = str(error)
    assert "testing.attempts.v1" in message
    assert "jobpeak.testing.TestPassed.v1" in message
    assert "version 1" in message
    assert field in message


def test_a_missing_payload_field_is_malformed() -> None:
    record = encode(EXAMPLES[PaymentCaptured])
    payload = json.loads(record.value)
    del payload["payment_intent_id"]

    with pytest.raises(MalformedRecord, match="Field required") as raised:
        decode(topic=record.topic, headers=record.headers, value=json.dumps(payload).encode())

    assert raised.value.field == "payment_intent_id"


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        ({"amount_minor": -1, "currency": "USD"}, "amount.amount_minor"),
        ({"amount_minor": 49.5, "currency": "USD"}, "amount.amount_minor"),
        ({"amount_minor": 4900, "currency": "usd"}, "amount.currency"),
        ({"amount_minor": 4900}, "amount.currency"),
    ],
)
def test_bad_money_is_malformed(amount: dict[str, object], field: str) -> None:
    record = encode(EXAMPLES[PaymentCaptured])

    with pytest.raises(MalformedRecord) as raised:
        decode(
            topic=record.topic,
            headers=record.headers,
            value=_payload_with(EXAMPLES[PaymentCaptured], amount=amount),
        )

    assert raised.value.field == field


@pytest.mark.parametrize("value", [b"", b"{", b"[]", b"null", b"\xff"])
def test_a_payload_that_is_not_a_json_object_is_malformed(value: bytes) -> None:
    record = encode(EXAMPLES[TestPassed])

    with pytest.raises(MalformedRecord):
        decode(topic=record.topic, headers=record.headers, value=value)


def test_a_score_that_contradicts_the_event_is_refused() -> None:
    record = encode(EXAMPLES[TestPassed])

    with pytest.raises(MalformedRecord, match="below the pass mark"):
        decode(
            topic=record.topic,
            headers=record.headers,
            value=_payload_with(EXAMPLES[TestPassed], total_score=0.5),
        )


def test_errors_never_echo_payload_values() -> None:
    event = EXAMPLES[QuestionPublished]
    record = encode(event)
    payload = json.loads(record.value)
    payload["question"]["answer"] = "SECRET-ANSWER-KEY"

    with pytest.raises(MalformedRecord) as raised:
        decode(topic=record.topic, headers=record.headers, value=json.dumps(payload).encode())

    assert "SECRET-ANSWER-KEY" not in str(raised.value)
    assert raised.value.field is not None
    assert raised.value.field.startswith("question")


def test_a_reader_ignores_fields_it_does_not_know_yet() -> None:
    event = EXAMPLES[PaymentCaptured]
    record = encode(event)
    payload = json.loads(record.value)
    payload["added_in_a_later_minor_release"] = True
    payload["amount"]["also_new"] = 1

    decoded = decode(topic=record.topic, headers=record.headers, value=json.dumps(payload).encode())

    assert decoded.event == event


def test_every_contract_error_is_a_value_error() -> None:
    for error_class in (MalformedRecord, UnknownEventType, UnsupportedEventVersion):
        assert issubclass(error_class, ContractError)
    assert issubclass(ContractError, ValueError)


def test_ce_time_keeps_every_microsecond() -> None:
    moment = datetime(2025, 6, 1, 9, 30, 0, 123456, tzinfo=UTC)

    record = encode(EXAMPLES[TestPassed], time=moment)

    assert dict(record.headers)["ce_time"] == b"2025-06-01T09:30:00.123456Z"
    decoded = decode(topic=record.topic, headers=record.headers, value=record.value)
    assert decoded.envelope.time == moment


def test_every_record_names_its_schema_and_a_record_from_before_it_did_still_decodes() -> None:
    record = encode(EXAMPLES[PaymentCaptured])

    decoded = decode(topic=record.topic, headers=record.headers, value=record.value)
    older = decode(
        topic=record.topic,
        headers=_headers_without(record.headers, "ce_dataschema"),
        value=record.value,
    )

    assert decoded.envelope.dataschema == PaymentCaptured.schema_id()
    assert older.envelope.dataschema is None
    assert older.event == decoded.event
