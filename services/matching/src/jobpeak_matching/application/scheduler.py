"""The periodic pass: expire lapsed offers and re-offer their seats, then record SLA breaches.

Runs in the service process as a periodic task of the runtime (see :mod:`jobpeak_matching.app`);
every step is safe to run concurrently in several processes (specialty lock, row locks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from jobpeak_runtime.clock import Clock
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.uow import UnitOfWork, UnitOfWorkFactory

from jobpeak_matching.application.matching import run_matching
from jobpeak_matching.application.promise import record_sla_breaches
from jobpeak_matching.persistence.specialties import SpecialtyReplica

_log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class SchedulerPass:
    expired: int
    offered: int
    breaches: int


class MatchingScheduler:
    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory[UnitOfWork],
        clock: Clock,
        offer_ttl: timedelta,
        batch_size: int = 500,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._offer_ttl = offer_ttl
        self._batch_size = batch_size

    async def run_once(self) -> SchedulerPass:
        """One pass at the clock's current time; each specialty in its own transaction."""
        now = self._clock()
        async with self._uow_factory() as uow:
            slugs = await SpecialtyReplica(uow.session).slugs()
        expired = offered = 0
        for slug in slugs:
            async with self._uow_factory() as uow:
                matching_round = await run_matching(
                    uow=uow, specialty_slug=slug, now=now, offer_ttl=self._offer_ttl
                )
                await uow.commit()
            expired += len(matching_round.expired)
            offered += len(matching_round.offered)
        breaches = await record_sla_breaches(
            uow_factory=self._uow_factory, now=now, batch_size=self._batch_size
        )
        return SchedulerPass(expired=expired, offered=offered, breaches=breaches)

    async def run_logged(self) -> None:
        """One pass, logged when it changed anything (the runtime repeats it periodically)."""
        outcome = await self.run_once()
        if outcome.expired or outcome.offered or outcome.breaches:
            _log.info(
                "matching scheduler pass",
                expired=outcome.expired,
                offered=outcome.offered,
                breaches=outcome.breaches,
            )
