"""The per-specialty lock that serialises everything which hands out or frees seats.

Every matching run, offer answer, expiry sweep and work closing of a specialty takes it first,
in its own transaction, so two workers (or two service instances) never plan against the
same free seats; it is released when the transaction ends.
"""

from __future__ import annotations

from jobpeak_runtime.db import lock_until_commit
from jobpeak_runtime.repositories import SqlRepository
from sqlalchemy.ext.asyncio import AsyncSession


class AdvisorySpecialtyLocks(SqlRepository):
    """PostgreSQL transaction-scoped advisory locks, one key per specialty slug.

    Built per unit of work (one transaction), so it remembers what it already holds: a use case
    that locks and then runs a matching round (which locks again) sends the statement once.
    """

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        self._held: set[str] = set()

    async def hold(self, specialty_slug: str) -> None:
        if specialty_slug in self._held:
            return
        await lock_until_commit(self._session, f"matching-specialty/{specialty_slug}")
        self._held.add(specialty_slug)
