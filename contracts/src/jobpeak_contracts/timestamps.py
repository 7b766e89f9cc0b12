"""Timestamps on the wire: always timezone-aware, normalised to UTC."""

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
        description="RFC 3339 timestamp with an offset; normalised to UTC.",
        examples=["2025-06-01T09:30:00Z"],
    ),
]
"""A timezone-aware datetime, converted to UTC; naive datetimes are rejected."""
