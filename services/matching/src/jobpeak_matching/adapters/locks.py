"""The per-specialty lock that serialises everything which hands out or frees seats.

Every matching run, offer answer, expiry sweep and work closing of a specialty takes it first,
in its own transaction, so two workers (or two service instances) never plan against the
same free seats; it is released when the transaction ends.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_LOCK_CLASS = 0x6D61_7463  # "matc": keeps these keys apart from other advisory locks


class AdvisorySpecialtyLocks:
    """PostgreSQL transaction-scoped advisory locks, one key per specialty slug."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def hold(self, specialty_slug: str) -> None:
        await self._session.execute(
            text("SELECT pg_advisory_xact_lock(:lock_class, hashtext(:slug))"),
            {"lock_class": _LOCK_CLASS, "slug": specialty_slug},
        )
