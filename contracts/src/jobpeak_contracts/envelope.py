"""CloudEvents 1.0 in Kafka binary mode: encoding events into records and decoding them back.

Binary mode puts the CloudEvents attributes in record headers (see
:mod:`jobpeak_contracts.attributes`); the record value is the bare event payload as JSON and the
record key is the event's partition key.

Decoding is one typed step: the class is found from ``ce_type`` and the payload is parsed with
``model_validate_json`` in strict mode (no lenient coercion of strings into numbers). Decoding is a
tolerant reader: a payload field the reader's contracts do not know yet is ignored, so producers
can add optional fields before every consumer has upgraded. Errors never echo payload values (they
may be answer keys or other things that must not reach a log line).

This module is the one import analysts and services need: it re-exports the attributes, errors
and registry lookups next to :func:`encode` and :func:`decode`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import NamedTuple
from uuid import UUID, uuid4

from pydantic import ValidationError

from jobpeak_contracts.attributes import (
    CONTENT_TYPE_JSON,
    HEADER_CONTENT_TYPE,
    HEADER_DATASCHEMA,
    HEADER_ID,
    HEADER_OF_ATTRIBUTE,
    HEADER_SOURCE,
    HEADER_SPECVERSION,
    HEADER_SUBJECT,
    HEADER_TIME,
    HEADER_TRACEPARENT,
    HEADER_TYPE,
    KNOWN_HEADERS,
    REQUIRED_HEADERS,
    SPECVERSION,
    Envelope,
    envelope_headers,
)
from jobpeak_contracts.errors import (
    ContractError,
    MalformedRecord,
    UnknownEventType,
    UnsupportedEventVersion,
)
from jobpeak_contracts.event import Event
from jobpeak_contracts.event_headers import event_headers
from jobpeak_contracts.registry import EVENT_CLASSES, event_class, lookup
from jobpeak_contracts.topics import DEAD_LETTER_SUFFIX

__all__ = [
    "CONTENT_TYPE_JSON",
    "EVENT_CLASSES",
    "HEADER_CONTENT_TYPE",
    "HEADER_DATASCHEMA",
    "HEADER_ID",
    "HEADER_SOURCE",
    "HEADER_SPECVERSION",
    "HEADER_SUBJECT",
    "HEADER_TIME",
    "HEADER_TRACEPARENT",
    "HEADER_TYPE",
    "SPECVERSION",
    "ContractError",
    "DecodedEvent",
    "EncodedRecord",
    "Envelope",
    "Event",
    "MalformedRecord",
    "UnknownEventType",
    "UnsupportedEventVersion",
    "decode",
    "encode",
    "envelope_headers",
    "event_class",
]


class EncodedRecord(NamedTuple):
    """What a producer hands to Kafka. ``topic`` carries the topic prefix, if one was given."""

    topic: str
    key: bytes
    headers: list[tuple[str, bytes]]
    value: bytes


class DecodedEvent(NamedTuple):
    envelope: Envelope
    event: Event


def encode(
    event: Event,
    *,
    subject: str | None = None,
    event_id: UUID | None = None,
    time: datetime | None = None,
    traceparent: str | None = None,
    topic_prefix: str = "",
) -> EncodedRecord:
    """The Kafka record for ``event``: topic, key, CloudEvents headers and JSON value.

    ``time`` defaults to now and ``event_id`` to a fresh UUID; pass both when re-encoding a stored
    outbox row so redelivery keeps the same ``ce_id``.
    """
    cls = type(event)
    source, ce_type, dataschema = _identity(cls)
    return EncodedRecord(
        topic=cls.topic.qualified_name(topic_prefix),
        key=event.partition_key().encode(),
        headers=event_headers(
            source=source,
            ce_type=ce_type,
            dataschema=dataschema,
            event_id=event_id or uuid4(),
            time=time or datetime.now(UTC),
            subject=subject,
            traceparent=traceparent,
        ),
        value=event.model_dump_json().encode(),
    )


@lru_cache(maxsize=1024)
def _identity(cls: type[Event]) -> tuple[str, str, str]:
    """The CloudEvents source, type and dataschema of ``cls``, built once per class."""
    return cls.ce_source(), cls.ce_type(), cls.schema_id()


def _header_text(
    headers: Mapping[str, bytes | str] | Sequence[tuple[str, bytes | str]],
    *,
    topic: str,
) -> dict[str, str]:
    # Kafka clients hand over a list of pairs; check for that first, an ABC check costs more.
    pairs = (
        headers
        if isinstance(headers, list | tuple)
        else headers.items()
        if isinstance(headers, Mapping)
        else headers
    )
    texts: dict[str, str] = {}
    for name, raw in pairs:
        if name not in KNOWN_HEADERS:
            continue
        if name in texts:
            raise MalformedRecord(
                "header appears more than once",
                topic=topic,
                ce_type=texts.get(HEADER_TYPE),
                field=name,
            )
        try:
            texts[name] = raw if isinstance(raw, str) else raw.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedRecord(
                "header value is not UTF-8", topic=topic, ce_type=texts.get(HEADER_TYPE), field=name
            ) from None
    return texts


def _describe(error: ValidationError) -> tuple[str, str]:
    """(first offending field, reasons for all errors), without echoing any input value."""
    details = error.errors(include_url=False, include_input=False, include_context=False)
    fields = [".".join(str(part) for part in detail["loc"]) or "<payload>" for detail in details]
    reasons = "; ".join(
        f"{field}: {detail['msg']}" for field, detail in zip(fields, details, strict=True)
    )
    return fields[0], reasons


def _on_topic(topic: str, cls: type[Event]) -> bool:
    """Whether ``topic`` (possibly prefixed, possibly the dead-letter copy) is ``cls``'s topic."""
    name = topic.removesuffix(DEAD_LETTER_SUFFIX)
    return name == cls.topic.name or name.endswith(f".{cls.topic.name}")


def decode(
    *,
    topic: str,
    headers: Mapping[str, bytes | str] | Sequence[tuple[str, bytes | str]],
    value: bytes,
) -> DecodedEvent:
    """The envelope and typed event of one record, or a :class:`ContractError` saying why not.

    ``topic`` is the name the record was read from (prefixes allowed); the event's class must
    belong on that topic.
    """
    texts = _header_text(headers, topic=topic)
    ce_type = texts.get(HEADER_TYPE)
    missing = [name for name in REQUIRED_HEADERS if name not in texts]
    if missing:
        raise MalformedRecord(
            f"missing CloudEvents header(s) {missing}",
            topic=topic,
            ce_type=ce_type,
            field=missing[0],
        )
    assert ce_type is not None  # checked with the other required headers
    cls = lookup(ce_type, topic=topic)
    try:
        envelope = Envelope(
            id=texts[HEADER_ID],
            source=texts[HEADER_SOURCE],
            type=ce_type,
            specversion=texts[HEADER_SPECVERSION],
            time=texts[HEADER_TIME],
            dataschema=texts.get(HEADER_DATASCHEMA),
            subject=texts.get(HEADER_SUBJECT),
            traceparent=texts.get(HEADER_TRACEPARENT),
            content_type=texts[HEADER_CONTENT_TYPE],
        )
    except ValidationError as error:
        field, reasons = _describe(error)
        header = HEADER_OF_ATTRIBUTE.get(field, field)
        raise MalformedRecord(
            f"bad header: {reasons}", topic=topic, ce_type=ce_type, field=header
        ) from None
    if envelope.source != cls.ce_source():
        raise MalformedRecord(
            f"{cls.event_name} is produced by {cls.ce_source()}, not {envelope.source}",
            topic=topic,
            ce_type=ce_type,
            field=HEADER_SOURCE,
        )
    if not _on_topic(topic, cls):
        raise MalformedRecord(
            f"{cls.event_name} belongs on {cls.topic.name}",
            topic=topic,
            ce_type=ce_type,
            field="topic",
        )
    try:
        event = cls.model_validate_json(value, strict=True, extra="ignore")
    except ValidationError as error:
        field, reasons = _describe(error)
        raise MalformedRecord(
            f"invalid payload: {reasons}", topic=topic, ce_type=ce_type, field=field
        ) from None
    return DecodedEvent(envelope=envelope, event=event)
