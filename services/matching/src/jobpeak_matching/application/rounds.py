"""Matching rounds for every specialty: what the periodic task runs.

Expires lapsed offers and re-offers their seats (and any seat still free). Each specialty runs
in its own transaction under its lock, so several processes may run this at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.ports import TransactionFactory

from jobpeak_matching.application.matching import run_matching
from jobpeak_matching.application.ports import MatchingUnitOfWork

_log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class RoundsRun:
    """What one run of every specialty's round changed."""

    expired: int
    offered: int


async def match_every_specialty(
    *, uow_factory: TransactionFactory[MatchingUnitOfWork], now: datetime, offer_ttl: timedelta
) -> RoundsRun:
    """One matching round per specialty at ``now``; logged when it changed anything."""
    async with uow_factory() as uow:
        slugs = await uow.specialties.slugs()
    expired = offered = 0
    for slug in slugs:
        async with uow_factory() as uow:
            matching_round = await run_matching(
                uow=uow, specialty_slug=slug, now=now, offer_ttl=offer_ttl
            )
            await uow.commit()
        expired += len(matching_round.expired)
        offered += len(matching_round.offered)
    if expired or offered:
        _log.info("matching rounds", expired=expired, offered=offered)
    return RoundsRun(expired=expired, offered=offered)
