"""Work intake and closing: clients post work under the ceiling and may cancel their own."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from jobpeak_runtime.idempotency import IdempotencyKeyReused, idempotent_id

from jobpeak_matching.application import events
from jobpeak_matching.application.matching import run_matching
from jobpeak_matching.application.ports import MatchingUnitOfWork
from jobpeak_matching.domain.eligibility import is_filled
from jobpeak_matching.domain.offers import OfferStatus, withdraw_offer
from jobpeak_matching.domain.work import (
    StartHorizon,
    WorkCloseReason,
    WorkItem,
    WorkRequest,
    close_work,
    take_work,
)

_WORK_IDS = uuid.UUID("0a6f5c1e-93d2-4b7e-8c4a-5e2f1d9b7a30")
"""Namespace of work ids derived from a client's ``Idempotency-Key`` (UUID v5)."""


class WorkNotFound(LookupError):
    def __init__(self, work_id: uuid.UUID) -> None:
        super().__init__(f"work {work_id} not found")


@dataclass(frozen=True, slots=True)
class PostedWork:
    work: WorkItem
    created: bool
    """False when an earlier request with the same ``Idempotency-Key`` posted it."""


async def post_work(
    *,
    uow: MatchingUnitOfWork,
    request: WorkRequest,
    idempotency_key: str | None,
    now: datetime,
    offer_ttl: timedelta,
    horizon: StartHorizon,
) -> PostedWork:
    """Take the work (or raise :class:`WorkRefused`), announce it and offer its seats.

    With an ``Idempotency-Key`` the work id comes from the client and the key, so a retry finds
    the first work; the same key for different work raises ``IdempotencyKeyReused``.
    """
    work_id = idempotent_id(namespace=_WORK_IDS, caller=request.client_id, key=idempotency_key)
    existing = await uow.work.get(work_id)
    if existing is not None:
        return _replayed(existing, request)
    terms = await uow.specialties.terms(request.specialty_slug)
    item = take_work(
        request=request,
        specialties={} if terms is None else {terms.slug: terms},
        work_id=work_id,
        posted_at=now,
        horizon=horizon,
    )
    if not await uow.work.add(item):
        # A twin request with the same key committed first.
        raced = await uow.work.get(work_id)
        if raced is None:
            raise RuntimeError(f"work {work_id} vanished after a conflicting insert")
        return _replayed(raced, request)
    uow.emit(events.work_posted(item), subject=str(item.work_id))
    await run_matching(uow=uow, specialty_slug=item.specialty_slug, now=now, offer_ttl=offer_ttl)
    return PostedWork(work=item, created=True)


def _replayed(existing: WorkItem, request: WorkRequest) -> PostedWork:
    same = (
        existing.client_id == request.client_id
        and existing.specialty_slug == request.specialty_slug
        and {name.casefold() for name in existing.required_languages}
        == {name.strip().casefold() for name in request.required_languages}
        and existing.hourly_rate == request.hourly_rate
        and existing.seats == request.seats
        and existing.starts_at == request.starts_at
    )
    if not same:
        raise IdempotencyKeyReused(
            f"this Idempotency-Key already posted work {existing.work_id} with different "
            "details; use a new key for new work"
        )
    return PostedWork(work=existing, created=False)


async def find_work(*, uow: MatchingUnitOfWork, work_id: uuid.UUID) -> WorkItem | None:
    """The work as stored, or None; the caller checks who may see it."""
    return await uow.work.get(work_id)


async def cancel_work(
    *, uow: MatchingUnitOfWork, work_id: uuid.UUID, now: datetime, offer_ttl: timedelta
) -> WorkItem:
    """Close the work as cancelled (again: unchanged) and re-match the reviewers it freed.

    The caller checked the client owns the work.
    """
    found = await uow.work.get(work_id)
    if found is None:
        raise WorkNotFound(work_id)
    await uow.locks.hold(found.specialty_slug)
    item = await uow.work.get(work_id, for_update=True)
    if item is None:
        raise WorkNotFound(work_id)
    closed = await close_open_work(uow=uow, item=item, reason=WorkCloseReason.CANCELLED, now=now)
    if closed is not item:
        await run_matching(
            uow=uow, specialty_slug=item.specialty_slug, now=now, offer_ttl=offer_ttl
        )
    return closed


async def close_open_work(
    *, uow: MatchingUnitOfWork, item: WorkItem, reason: WorkCloseReason, now: datetime
) -> WorkItem:
    """Close open work (closed work is returned as it is) and announce it.

    Cancelled or retired work withdraws its pending and accepted offers, which frees those
    reviewers; filled work keeps its acceptances. The caller holds the specialty lock.
    """
    if not item.is_open:
        return item
    closed = close_work(work=item, reason=reason, closed_at=now)
    of_work = await uow.offers.of_works([item.work_id])
    seats_filled = sum(1 for offer in of_work if offer.status is OfferStatus.ACCEPTED)
    if reason is not WorkCloseReason.FILLED:
        for offer in of_work:
            withdrawal = withdraw_offer(offer=offer, now=now)
            if withdrawal.changed:
                await uow.offers.save(withdrawal.value)
    await uow.work.save_closed(closed)
    uow.emit(events.work_closed(closed, seats_filled=seats_filled), subject=str(item.work_id))
    return closed


async def close_if_filled(*, uow: MatchingUnitOfWork, item: WorkItem, now: datetime) -> None:
    """Close the work as filled once every seat is accepted (caller holds the lock)."""
    if item.is_open and is_filled(work=item, offers=await uow.offers.of_works([item.work_id])):
        await close_open_work(uow=uow, item=item, reason=WorkCloseReason.FILLED, now=now)
