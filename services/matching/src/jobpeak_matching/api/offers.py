"""Offers for candidates: list their own, accept or decline one (idempotent)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from jobpeak_runtime.auth import CandidatePrincipal, CandidateSelfOrAdmin
from jobpeak_runtime.http import ClockDep
from jobpeak_runtime.problems_openapi import documented

from jobpeak_matching.api.dependencies import MatchingUowDep, OfferTtlDep, subject_id
from jobpeak_matching.api.errors import AUTH_RESPONSES
from jobpeak_matching.api.views import OfferView
from jobpeak_matching.application.offers import Answer, answer_offer, offers_of

router = APIRouter(tags=["offers"], responses=AUTH_RESPONSES)

_ANSWER_RESPONSES = documented(
    {
        404: "No such offer addressed to you.",
        409: "The offer expired or was already answered otherwise; unchanged.",
    }
)


@router.get("/offers")
async def my_offers(
    principal: CandidatePrincipal, uow: MatchingUowDep, clock: ClockDep
) -> list[OfferView]:
    """The caller's offers, newest first."""
    now = clock()
    return [
        OfferView.of(offer, now=now)
        for offer in await offers_of(uow=uow, candidate_id=subject_id(principal))
    ]


@router.get(
    "/candidates/{candidate_id}/offers",
    responses=documented({404: "Another candidate's offers (not revealed to exist)."}),
)
async def candidate_offers(
    candidate_id: str, principal: CandidateSelfOrAdmin, uow: MatchingUowDep, clock: ClockDep
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
    uow: MatchingUowDep,
    clock: ClockDep,
    offer_ttl: OfferTtlDep,
) -> OfferView:
    return await _answer(
        offer_id,
        answer=Answer.ACCEPT,
        candidate_id=principal.subject,
        uow=uow,
        clock=clock,
        offer_ttl=offer_ttl,
    )


@router.post("/offers/{offer_id}/decline", responses=_ANSWER_RESPONSES)
async def decline(
    offer_id: uuid.UUID,
    principal: CandidatePrincipal,
    uow: MatchingUowDep,
    clock: ClockDep,
    offer_ttl: OfferTtlDep,
) -> OfferView:
    return await _answer(
        offer_id,
        answer=Answer.DECLINE,
        candidate_id=principal.subject,
        uow=uow,
        clock=clock,
        offer_ttl=offer_ttl,
    )


async def _answer(
    offer_id: uuid.UUID,
    *,
    answer: Answer,
    candidate_id: str,
    uow: MatchingUowDep,
    clock: ClockDep,
    offer_ttl: OfferTtlDep,
) -> OfferView:
    now = clock()
    offer = await answer_offer(
        uow=uow,
        offer_id=offer_id,
        candidate_id=candidate_id,
        answer=answer,
        now=now,
        offer_ttl=offer_ttl,
    )
    await uow.commit()
    return OfferView.of(offer, now=now)
