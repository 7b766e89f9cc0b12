"""Timestamps on the wire: always timezone-aware, normalised to UTC, to the microsecond.

Nothing here rounds or truncates: a value keeps the precision its producer gave it, and the JSON
form writes the fraction of a second whenever it is not zero. Producers take business times from
their clock (microseconds), not from a second-precision source, so that intervals between events
are never negative by rounding (docs/events.md, "Times").
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, Field


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a naive datetime is ambiguous; give a timezone (UTC expected)")
    return value.astimezone(UTC)


UtcDatetime = Annotated[
    datetime,
    AfterValidator(_as_utc),
    Field(
        description="RFC 3339 timestamp in UTC, to the microsecond.",
        examples=["2025-06-01T09:30:00.123456Z"],
    ),
]
"""A timezone-aware datetime, converted to UTC without loss; naive datetimes are rejected."""
