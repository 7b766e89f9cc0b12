"""Time values in the domain: always timezone-aware, compared in UTC.

The domain never reads a clock; every instant it reasons about is an argument.
"""

from __future__ import annotations

from datetime import UTC, datetime


def require_aware(name: str, value: datetime) -> datetime:
    """Return ``value`` in UTC, refusing a naive datetime whose instant is ambiguous."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name}: a naive datetime is ambiguous; give a timezone (UTC expected)")
    return value.astimezone(UTC)
