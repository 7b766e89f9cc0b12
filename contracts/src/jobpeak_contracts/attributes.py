"""The CloudEvents 1.0 attributes of a record and the Kafka headers that carry them.

Binary content mode puts each attribute in a header (``ce_id``, ``ce_source``, ``ce_type``,
``ce_specversion``, ``ce_time``, ``ce_dataschema``, ``ce_subject``, ``content-type``) next to the
W3C ``traceparent``, and the extension ``ce_jobpeaksynthetic`` on synthetic traffic;
every header value is UTF-8. :class:`Envelope` is the validated set of attributes of one record.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Literal, NamedTuple
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from jobpeak_contracts.timestamps import UtcDatetime

HEADER_ID = "ce_id"
HEADER_SOURCE = "ce_source"
HEADER_TYPE = "ce_type"
HEADER_SPECVERSION = "ce_specversion"
HEADER_TIME = "ce_time"
HEADER_DATASCHEMA = "ce_dataschema"
HEADER_SUBJECT = "ce_subject"
HEADER_CONTENT_TYPE = "content-type"
HEADER_TRACEPARENT = "traceparent"
HEADER_SYNTHETIC = "ce_jobpeaksynthetic"
"""CloudEvents extension attribute ``jobpeaksynthetic``: ``true`` on events caused by the demo,
tests or load tools rather than by real users. Absent on real traffic; analytics leave marked
events out by default."""
SYNTHETIC_TRUE = "true"
SPECVERSION = "1.0"
CONTENT_TYPE_JSON = "application/json"

REQUIRED_HEADERS = (
    HEADER_ID,
    HEADER_SOURCE,
    HEADER_TYPE,
    HEADER_SPECVERSION,
    HEADER_TIME,
    HEADER_CONTENT_TYPE,
)
KNOWN_HEADERS = frozenset(
    (*REQUIRED_HEADERS, HEADER_DATASCHEMA, HEADER_SUBJECT, HEADER_TRACEPARENT)
)
HEADER_OF_ATTRIBUTE = {
    "id": HEADER_ID,
    "source": HEADER_SOURCE,
    "type": HEADER_TYPE,
    "specversion": HEADER_SPECVERSION,
    "time": HEADER_TIME,
    "dataschema": HEADER_DATASCHEMA,
    "subject": HEADER_SUBJECT,
    "content_type": HEADER_CONTENT_TYPE,
    "traceparent": HEADER_TRACEPARENT,
}
# ECMA-262 syntax only (no Python named groups): the pattern is published in the AsyncAPI document.
CE_TYPE_PATTERN = r"^jobpeak\.([a-z][a-z0-9-]*)\.([A-Z][A-Za-z0-9]*)\.v([1-9][0-9]*)$"
_CE_TYPE = re.compile(CE_TYPE_PATTERN)
SUBJECT_MAX_LENGTH = 200
"""The longest ``ce_subject`` an envelope accepts (an id, a slug: never free text)."""
TRACEPARENT_PATTERN = r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"


class CeType(NamedTuple):
    """The parts of a ``jobpeak.<service>.<EventName>.v<N>`` CloudEvents type."""

    service: str
    name: str
    version: int


def parse_ce_type(ce_type: str | None) -> CeType | None:
    """The parts of ``ce_type``, or None when it is not a Jobpeak event type."""
    match = _CE_TYPE.match(ce_type) if ce_type else None
    if match is None:
        return None
    service, name, version = match.groups()
    return CeType(service=service, name=name, version=int(version))


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
        pattern=CE_TYPE_PATTERN,
        description="Event type and schema version: jobpeak.<service>.<EventName>.v<N>.",
        examples=["jobpeak.testing.TestPassed.v1"],
    )
    specversion: Literal["1.0"] = Field(
        default="1.0", description="CloudEvents specification version.", examples=["1.0"]
    )
    time: UtcDatetime = Field(
        description=(
            "When the producer recorded the event (wrote it to its outbox), in UTC, to the "
            "microsecond. The business time of the fact is the payload's *_at field."
        )
    )
    dataschema: str | None = Field(
        default=None,
        min_length=1,
        max_length=300,
        description=(
            "URI of the JSON Schema of the record value: urn:jobpeak:schema:<ce_type>, served by "
            "the producing service at /schemas/<ce_type>.json. Absent on records written before "
            "it was introduced."
        ),
        examples=["urn:jobpeak:schema:jobpeak.testing.TestPassed.v1"],
    )
    subject: str | None = Field(
        default=None,
        min_length=1,
        max_length=SUBJECT_MAX_LENGTH,
        description="What the event is about within the source, e.g. an attempt id.",
        examples=["0f8e2d4c-6b1a-4c3e-9f57-2a4b6c8d0e1f"],
    )
    traceparent: str | None = Field(
        default=None,
        pattern=TRACEPARENT_PATTERN,
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


def format_time(moment: datetime) -> str:
    """RFC 3339 in UTC with a ``Z``, keeping every digit of the fraction of a second."""
    utc = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
    return utc.isoformat().replace("+00:00", "Z")


def envelope_headers(envelope: Envelope) -> list[tuple[str, bytes]]:
    """The Kafka headers carrying ``envelope``, in binary content mode."""
    headers = [
        (HEADER_SPECVERSION, envelope.specversion.encode()),
        (HEADER_ID, str(envelope.id).encode()),
        (HEADER_SOURCE, envelope.source.encode()),
        (HEADER_TYPE, envelope.type.encode()),
        (HEADER_TIME, format_time(envelope.time).encode()),
    ]
    if envelope.dataschema is not None:
        headers.append((HEADER_DATASCHEMA, envelope.dataschema.encode()))
    if envelope.subject is not None:
        headers.append((HEADER_SUBJECT, envelope.subject.encode()))
    headers.append((HEADER_CONTENT_TYPE, envelope.content_type.encode()))
    if envelope.traceparent is not None:
        headers.append((HEADER_TRACEPARENT, envelope.traceparent.encode()))
    return headers
