"""CloudEvents 1.0 in Kafka binary mode: encoding events into records and decoding them back.

Binary mode puts the CloudEvents attributes in record headers (``ce_id``, ``ce_source``,
``ce_type``, ``ce_specversion``, ``ce_time``, ``ce_subject``, ``content-type``) next to the W3C
``traceparent``; the record value is the bare event payload as JSON and the record key is the
event's partition key. Every header value is UTF-8.

Decoding is one typed step: the class is found from ``ce_type`` and the payload is parsed with
``model_validate_json`` in strict mode (no lenient coercion of strings into numbers). Decoding is a
tolerant reader: a payload field the reader's contracts do not know yet is ignored, so producers
can add optional fields before every consumer has upgraded. Errors never echo payload values (they
may be answer keys or other things that must not reach a log line).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Literal, NamedTuple
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jobpeak_contracts.event import Event
from jobpeak_contracts.events import ALL_EVENTS
from jobpeak_contracts.timestamps import UtcDatetime
from jobpeak_contracts.topics import DEAD_LETTER_SUFFIX

__all__ = [
    "CONTENT_TYPE_JSON",
    "EVENT_CLASSES",
    "HEADER_CONTENT_TYPE",
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

HEADER_ID = "ce_id"
HEADER_SOURCE = "ce_source"
HEADER_TYPE = "ce_type"
HEADER_SPECVERSION = "ce_specversion"
HEADER_TIME = "ce_time"
HEADER_SUBJECT = "ce_subject"
HEADER_CONTENT_TYPE = "content-type"
HEADER_TRACEPARENT = "traceparent"
SPECVERSION = "1.0"
CONTENT_TYPE_JSON = "application/json"

_REQUIRED_HEADERS = (
    HEADER_ID,
    HEADER_SOURCE,
    HEADER_TYPE,
    HEADER_SPECVERSION,
    HEADER_TIME,
    HEADER_CONTENT_TYPE,
)
_KNOWN_HEADERS = frozenset((*_REQUIRED_HEADERS, HEADER_SUBJECT, HEADER_TRACEPARENT))
_HEADER_OF_ATTRIBUTE = {
    "id": HEADER_ID,
    "source": HEADER_SOURCE,
    "type": HEADER_TYPE,
    "specversion": HEADER_SPECVERSION,
    "time": HEADER_TIME,
    "subject": HEADER_SUBJECT,
    "content_type": HEADER_CONTENT_TYPE,
    "traceparent": HEADER_TRACEPARENT,
}
_CE_TYPE = re.compile(
    r"^jobpeak\.(?P<service>[a-z][a-z0-9-]*)\.(?P<name>[A-Z][A-Za-z0-9]*)\.v(?P<version>[1-9][0-9]*)$"
)
_TRACEPARENT = r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"


class Envelope(BaseModel):
    """The CloudEvents attributes of one record."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: UUID = Field(
        description="Unique id of this event occurrence; consumers deduplicate on it.",
        examples=["6a1f3c5e-7b9d-4f1a-8c3e-5b7d9f1a3c5e"],
    )
    source: str = Field(
        pattern=r"^/jobpeak/[a-z][a-z0-9-]*$",
        description="The producing service: /jobpeak/<service>.",
        examples=["/jobpeak/testing"],
    )
    type: str = Field(
        pattern=_CE_TYPE.pattern,
        description="Event type and schema version: jobpeak.<service>.<EventName>.v<N>.",
        examples=["jobpeak.testing.TestPassed.v1"],
    )
    specversion: Literal["1.0"] = Field(
        default="1.0", description="CloudEvents specification version.", examples=["1.0"]
    )
    time: UtcDatetime = Field(description="When the fact happened, in UTC.")
    subject: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="What the event is about within the source, e.g. an attempt id.",
        examples=["0f8e2d4c-6b1a-4c3e-9f57-2a4b6c8d0e1f"],
    )
    traceparent: str | None = Field(
        default=None,
        pattern=_TRACEPARENT,
        description="W3C trace context of the operation that produced the event.",
        examples=["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    )
    content_type: Literal["application/json"] = Field(
        default="application/json",
        description="Media type of the record value.",
        examples=["application/json"],
    )

    @property
    def schema_version(self) -> int:
        return int(self.type.rsplit(".v", 1)[1])


class EncodedRecord(NamedTuple):
    """What a producer hands to Kafka. ``topic`` carries the topic prefix, if one was given."""

    topic: str
    key: bytes
    headers: list[tuple[str, bytes]]
    value: bytes


class DecodedEvent(NamedTuple):
    envelope: Envelope
    event: Event


class ContractError(ValueError):
    """A record does not satisfy the contracts. The message names topic, type, version, field."""

    def __init__(
        self,
        reason: str,
        *,
        topic: str | None,
        ce_type: str | None,
        field: str | None = None,
    ) -> None:
        self.reason = reason
        self.topic = topic
        self.ce_type = ce_type
        self.version = _version_of(ce_type)
        self.field = field
        super().__init__(
            f"topic {topic or '<unknown>'}, ce_type {ce_type or '<missing>'}, "
            f"version {self.version if self.version is not None else '<unknown>'}, "
            f"field {field or '<none>'}: {reason}"
        )


class MalformedRecord(ContractError):
    """Headers missing or invalid, or a payload that fails validation; dead-letter it."""


class UnknownEventType(ContractError):
    """No event of that name exists in these contracts."""


class UnsupportedEventVersion(UnknownEventType):
    """The event name is known but not at this schema version."""


EVENT_CLASSES: tuple[type[Event], ...] = ALL_EVENTS
_BY_CE_TYPE: dict[str, type[Event]] = {cls.ce_type(): cls for cls in EVENT_CLASSES}
_KNOWN_VERSIONS: dict[tuple[str, str], tuple[int, ...]] = {}
for _cls in EVENT_CLASSES:
    _name = (_cls.source_service, _cls.event_name)
    _KNOWN_VERSIONS[_name] = (*_KNOWN_VERSIONS.get(_name, ()), _cls.schema_version)


def _version_of(ce_type: str | None) -> int | None:
    match = _CE_TYPE.match(ce_type) if ce_type else None
    return int(match["version"]) if match else None


def _lookup(ce_type: str, *, topic: str | None) -> type[Event]:
    cls = _BY_CE_TYPE.get(ce_type)
    if cls is not None:
        return cls
    match = _CE_TYPE.match(ce_type)
    if match is None:
        raise UnknownEventType(
            "not a Jobpeak event type (expected jobpeak.<service>.<EventName>.v<N>)",
            topic=topic,
            ce_type=ce_type,
            field=HEADER_TYPE,
        )
    versions = _KNOWN_VERSIONS.get((match["service"], match["name"]))
    if versions is None:
        raise UnknownEventType(
            f"no event {match['name']!r} from service {match['service']!r} in these contracts",
            topic=topic,
            ce_type=ce_type,
            field=HEADER_TYPE,
        )
    raise UnsupportedEventVersion(
        f"{match['name']} is known at version(s) {list(versions)} only",
        topic=topic,
        ce_type=ce_type,
        field=HEADER_TYPE,
    )


def event_class(ce_type: str) -> type[Event]:
    """The event class for a CloudEvents type; ``UnknownEventType`` or its subclass if none."""
    return _lookup(ce_type, topic=None)


def _format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def envelope_headers(envelope: Envelope) -> list[tuple[str, bytes]]:
    """The Kafka headers carrying ``envelope``, in binary content mode."""
    headers = [
        (HEADER_SPECVERSION, envelope.specversion.encode()),
        (HEADER_ID, str(envelope.id).encode()),
        (HEADER_SOURCE, envelope.source.encode()),
        (HEADER_TYPE, envelope.type.encode()),
        (HEADER_TIME, _format_time(envelope.time).encode()),
    ]
    if envelope.subject is not None:
        headers.append((HEADER_SUBJECT, envelope.subject.encode()))
    headers.append((HEADER_CONTENT_TYPE, envelope.content_type.encode()))
    if envelope.traceparent is not None:
        headers.append((HEADER_TRACEPARENT, envelope.traceparent.encode()))
    return headers


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
    envelope = Envelope(
        id=event_id or uuid4(),
        source=cls.ce_source(),
        type=cls.ce_type(),
        time=time or datetime.now(UTC),
        subject=subject,
        traceparent=traceparent,
    )
    return EncodedRecord(
        topic=cls.topic.qualified_name(topic_prefix),
        key=event.partition_key().encode(),
        headers=envelope_headers(envelope),
        value=event.model_dump_json().encode(),
    )


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
        if name not in _KNOWN_HEADERS:
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
    missing = [name for name in _REQUIRED_HEADERS if name not in texts]
    if missing:
        raise MalformedRecord(
            f"missing CloudEvents header(s) {missing}",
            topic=topic,
            ce_type=ce_type,
            field=missing[0],
        )
    assert ce_type is not None  # checked with the other required headers
    cls = _lookup(ce_type, topic=topic)
    try:
        envelope = Envelope(
            id=texts[HEADER_ID],
            source=texts[HEADER_SOURCE],
            type=ce_type,
            specversion=texts[HEADER_SPECVERSION],
            time=texts[HEADER_TIME],
            subject=texts.get(HEADER_SUBJECT),
            traceparent=texts.get(HEADER_TRACEPARENT),
            content_type=texts[HEADER_CONTENT_TYPE],
        )
    except ValidationError as error:
        field, reasons = _describe(error)
        header = _HEADER_OF_ATTRIBUTE.get(field, field)
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
