"""The per-specialty lock that serialises everything which hands out or frees seats.

Every matching run, offer answer, expiry sweep and work closing of a specialty takes it first,
in its own transaction, so two workers (or two service instances) never plan against the
same free seats; it is released when the transaction ends.
"""

from __future__ import annotations

from jobpeak_runtime.db import lock_until_commit
from jobpeak_runtime.repositories import SqlRepository


class AdvisorySpecialtyLocks(SqlRepository):
    """PostgreSQL transaction-scoped advisory locks, one key per specialty slug."""

    async def hold(self, specialty_slug: str) -> None:
        await lock_until_commit(self._session, f"matching-specialty/{specialty_slug}")
