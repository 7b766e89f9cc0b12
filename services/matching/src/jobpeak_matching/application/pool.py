"""The pool and the specialty replica, fed by the catalog and testing topics; pool entries.

A pass and the specialty it needs may arrive in either order (different topics): a pass for a
specialty not replicated yet is parked and pooled when the specialty's snapshot arrives. Both
paths take the specialty lock first, so a pass can never be parked just after the specialty's
handler looked for parked passes.

A pooled reviewer reads their entry and states their language preferences over HTTP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from jobpeak_contracts.events.catalog import SpecialtyPublished, SpecialtyRetired
from jobpeak_contracts.events.testing import TestPassed
from jobpeak_runtime.logging import get_logger

from jobpeak_matching.application import events
from jobpeak_matching.application.matching import run_matching
from jobpeak_matching.application.ports import MatchingUnitOfWork
from jobpeak_matching.application.work import close_open_work
from jobpeak_matching.domain.pool import (
    Pass,
    Reviewer,
    qualify_reviewer,
    state_language_preferences,
)
from jobpeak_matching.domain.specialty import SpecialtyTerms
from jobpeak_matching.domain.work import WorkCloseReason

_log = get_logger(__name__)


class NotInPool(LookupError):
    """The caller has no pool entry in the specialty (or the specialty is unknown)."""

    def __init__(self, specialty_slug: str) -> None:
        super().__init__(f"you are not in the {specialty_slug} reviewer pool")


@dataclass(frozen=True, slots=True)
class PoolEntry:
    """A reviewer's pool entry with the terms of its specialty, which decide its languages."""

    reviewer: Reviewer
    specialty: SpecialtyTerms

    @property
    def languages(self) -> frozenset[str]:
        return self.reviewer.languages(self.specialty)


async def add_to_pool(
    *, uow: MatchingUnitOfWork, event: TestPassed, now: datetime, offer_ttl: timedelta
) -> None:
    """Pool the reviewer (once per specialty) and offer them work, or park the pass."""
    passed = Pass(
        attempt_id=event.attempt_id,
        candidate_id=event.candidate_id,
        specialty_slug=event.specialty_slug,
        score=event.total_score,
        qualified_at=event.graded_at,
    )
    await uow.locks.hold(passed.specialty_slug)
    terms = await uow.specialties.terms(passed.specialty_slug)
    if terms is None:
        await uow.pool.park(passed, at=now)
        _log.info(
            "pass parked until its specialty is published",
            candidate_id=passed.candidate_id,
            specialty_slug=passed.specialty_slug,
        )
        return
    if await _qualify(uow=uow, terms=terms, passed=passed):
        await run_matching(
            uow=uow,
            specialty_slug=passed.specialty_slug,
            now=now,
            offer_ttl=offer_ttl,
            terms=terms,
        )


async def replicate_specialty(
    *, uow: MatchingUnitOfWork, event: SpecialtyPublished, now: datetime, offer_ttl: timedelta
) -> None:
    """Keep the newest snapshot, pool the passes parked for it, and match with its terms."""
    slug = event.specialty_slug
    await uow.locks.hold(slug)
    if not await uow.specialties.publish(event, at=now):
        return
    terms = await uow.specialties.terms(slug)
    if terms is None:
        raise RuntimeError(f"specialty {slug} was stored without its terms")
    for passed in await uow.pool.unpark(slug):
        await _qualify(uow=uow, terms=terms, passed=passed)
    await run_matching(uow=uow, specialty_slug=slug, now=now, offer_ttl=offer_ttl, terms=terms)


async def retire_specialty(
    *, uow: MatchingUnitOfWork, event: SpecialtyRetired, now: datetime
) -> None:
    """No new work or offers in the specialty; its open work closes, its offers lapse."""
    slug = event.specialty_slug
    await uow.locks.hold(slug)
    if not await uow.specialties.retire(slug, revision=event.revision, at=now):
        return
    for item in await uow.work.open_in(slug):
        await close_open_work(uow=uow, item=item, reason=WorkCloseReason.SPECIALTY_RETIRED, now=now)


async def _qualify(*, uow: MatchingUnitOfWork, terms: SpecialtyTerms, passed: Pass) -> bool:
    reviewer = qualify_reviewer(
        candidate_id=passed.candidate_id, specialty=terms, qualified_at=passed.qualified_at
    )
    if not await uow.pool.add(reviewer, passed=passed):
        return False
    uow.emit(events.reviewer_qualified(reviewer, passed), subject=str(passed.attempt_id))
    return True


async def pool_entry(
    *, uow: MatchingUnitOfWork, candidate_id: str, specialty_slug: str
) -> PoolEntry:
    """The candidate's entry in the specialty's pool; raises :class:`NotInPool`."""
    reviewer = await uow.pool.get(candidate_id=candidate_id, specialty_slug=specialty_slug)
    if reviewer is None:
        raise NotInPool(specialty_slug)
    terms = await uow.specialties.terms(specialty_slug)
    if terms is None:
        raise RuntimeError(f"reviewer pooled in {specialty_slug}, which has no terms")
    return PoolEntry(reviewer=reviewer, specialty=terms)


async def state_languages(
    *,
    uow: MatchingUnitOfWork,
    candidate_id: str,
    specialty_slug: str,
    languages: Sequence[str] | None,
    now: datetime,
    offer_ttl: timedelta,
) -> PoolEntry:
    """Store the candidate's language preferences (None: all) and match with them at once.

    Raises :class:`NotInPool`, or :class:`LanguagePreferencesRefused` before anything is
    written. Stating the preferences already stored changes nothing. A change runs a matching
    round in this transaction, like every other trigger that may free a reviewer for work:
    widening may make open work eligible now rather than at the next periodic round. A pending
    offer in a language just dropped stands; the reviewer may decline it. The specialty lock
    is taken first so a concurrent round plans with either the old or the new preferences.
    """
    await uow.locks.hold(specialty_slug)
    entry = await pool_entry(uow=uow, candidate_id=candidate_id, specialty_slug=specialty_slug)
    stated = state_language_preferences(
        reviewer=entry.reviewer, specialty=entry.specialty, languages=languages
    )
    if stated == entry.reviewer:
        return entry
    await uow.pool.save_language_preferences(stated)
    await run_matching(uow=uow, specialty_slug=specialty_slug, now=now, offer_ttl=offer_ttl)
    return PoolEntry(reviewer=stated, specialty=entry.specialty)
