"""Offers for candidates: list their own, accept or decline one (idempotent)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, status
from jobpeak_runtime.auth import CandidatePrincipal, CandidateSelfOrAdmin
from jobpeak_runtime.http import UnitOfWorkDep

from jobpeak_matching.api.dependencies import ClockDep, SettingsDep, subject_id
from jobpeak_matching.api.views import OfferView
from jobpeak_matching.application.offers import Answer, answer_offer, offers_of
from jobpeak_matching.domain.offers import OfferAlreadyResolved, OfferNoLongerOpen, OfferNotYours

router = APIRouter(tags=["offers"])

_ANSWER_RESPONSES: dict[int | str, dict[str, object]] = {
    404: {"description": "No such offer addressed to you."},
    409: {"description": "The offer expired or was already answered otherwise; unchanged."},
}


@router.get("/offers")
async def my_offers(
    principal: CandidatePrincipal, uow: UnitOfWorkDep, clock: ClockDep
) -> list[OfferView]:
    """The caller's offers, newest first."""
    now = clock()
    return [
        OfferView.of(offer, now=now)
        for offer in await offers_of(uow=uow, candidate_id=subject_id(principal))
    ]


@router.get("/candidates/{candidate_id}/offers")
async def candidate_offers(
    candidate_id: str, principal: CandidateSelfOrAdmin, uow: UnitOfWorkDep, clock: ClockDep
) -> list[OfferView]:
    """A candidate's offers (the candidate or an admin), newest first."""
    now = clock()
    return [
        OfferView.of(offer, now=now)
        for offer in await offers_of(uow=uow, candidate_id=candidate_id)
    ]


@router.post("/offers/{offer_id}/accept", responses=_ANSWER_RESPONSES)
async def accept(
    offer_id: uuid.UUID,
    principal: CandidatePrincipal,
    uow: UnitOfWorkDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> OfferView:
    return await _answer(
        offer_id,
        answer=Answer.ACCEPT,
        candidate_id=principal.subject,
        uow=uow,
        clock=clock,
        settings=settings,
    )


@router.post("/offers/{offer_id}/decline", responses=_ANSWER_RESPONSES)
async def decline(
    offer_id: uuid.UUID,
    principal: CandidatePrincipal,
    uow: UnitOfWorkDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> OfferView:
    return await _answer(
        offer_id,
        answer=Answer.DECLINE,
        candidate_id=principal.subject,
        uow=uow,
        clock=clock,
        settings=settings,
    )


async def _answer(
    offer_id: uuid.UUID,
    *,
    answer: Answer,
    candidate_id: str,
    uow: UnitOfWorkDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> OfferView:
    now = clock()
    try:
        offer = await answer_offer(
            uow=uow,
            offer_id=offer_id,
            candidate_id=candidate_id,
            answer=answer,
            now=now,
            offer_ttl=settings.offer_ttl,
        )
    except OfferNotYours:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail=f"offer {offer_id} not found"
        ) from None
    except (OfferNoLongerOpen, OfferAlreadyResolved) as error:
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail=f"cannot {answer.value}: {error}"
        ) from None
    await uow.commit()
    return OfferView.of(offer, now=now)
