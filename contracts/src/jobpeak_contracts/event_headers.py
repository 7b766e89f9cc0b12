"""The CloudEvents headers of a record being encoded, without building an :class:`Envelope`.

Every record :func:`jobpeak_contracts.envelope.encode` writes gets the same headers as
``envelope_headers(Envelope(...))``, byte for byte and in the same order; building and validating
that pydantic model per event was most of the encoding's cost (issue 19, B1). The headers fixed
by the event type (source, type, dataschema) are validated through an :class:`Envelope` once per
type and kept as bytes; the ones that change per event (id, time, subject, traceparent) are
checked here by the same rules, and a value that fails those checks goes through the model, which
raises pydantic's usual ``ValidationError``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from uuid import UUID

from jobpeak_contracts.attributes import (
    CONTENT_TYPE_JSON,
    HEADER_CONTENT_TYPE,
    HEADER_DATASCHEMA,
    HEADER_ID,
    HEADER_SOURCE,
    HEADER_SPECVERSION,
    HEADER_SUBJECT,
    HEADER_TIME,
    HEADER_TRACEPARENT,
    HEADER_TYPE,
    SPECVERSION,
    SUBJECT_MAX_LENGTH,
    TRACEPARENT_PATTERN,
    Envelope,
    envelope_headers,
    format_time,
)

Header = tuple[str, bytes]

_SPECVERSION_HEADER: Header = (HEADER_SPECVERSION, SPECVERSION.encode())
_CONTENT_TYPE_HEADER: Header = (HEADER_CONTENT_TYPE, CONTENT_TYPE_JSON.encode())
_TRACEPARENT_FORMAT = re.compile(TRACEPARENT_PATTERN)


@lru_cache(maxsize=1024)
def _type_headers(source: str, ce_type: str, dataschema: str | None) -> tuple[Header, ...]:
    """The headers fixed by the event type, validated once (raises on a bad source or type)."""
    envelope = Envelope(
        id=UUID(int=0),
        source=source,
        type=ce_type,
        time=datetime(2000, 1, 1, tzinfo=UTC),
        dataschema=dataschema,
    )
    fixed = [(HEADER_SOURCE, envelope.source.encode()), (HEADER_TYPE, envelope.type.encode())]
    if envelope.dataschema is not None:
        fixed.append((HEADER_DATASCHEMA, envelope.dataschema.encode()))
    return tuple(fixed)


def _plainly_valid(time: datetime, subject: str | None, traceparent: str | None) -> bool:
    """Whether the per-event values pass the :class:`Envelope` rules (checked here by hand)."""
    return (
        time.tzinfo is not None
        and time.utcoffset() is not None
        and (subject is None or 1 <= len(subject) <= SUBJECT_MAX_LENGTH)
        and (traceparent is None or _TRACEPARENT_FORMAT.fullmatch(traceparent) is not None)
    )


def event_headers(
    *,
    source: str,
    ce_type: str,
    dataschema: str | None,
    event_id: UUID,
    time: datetime,
    subject: str | None,
    traceparent: str | None,
) -> list[Header]:
    """``envelope_headers(Envelope(...))`` for these attributes, at a fraction of the cost."""
    if not _plainly_valid(time, subject, traceparent):
        return envelope_headers(  # raises the model's ValidationError on the bad value
            Envelope(
                id=event_id,
                source=source,
                type=ce_type,
                time=time,
                dataschema=dataschema,
                subject=subject,
                traceparent=traceparent,
            )
        )
    source_header, type_header, *schema_header = _type_headers(source, ce_type, dataschema)
    headers = [
        _SPECVERSION_HEADER,
        (HEADER_ID, str(event_id).encode()),
        source_header,
        type_header,
        (HEADER_TIME, format_time(time).encode()),
        *schema_header,
    ]
    if subject is not None:
        headers.append((HEADER_SUBJECT, subject.encode()))
    headers.append(_CONTENT_TYPE_HEADER)
    if traceparent is not None:
        headers.append((HEADER_TRACEPARENT, traceparent.encode()))
    return headers
