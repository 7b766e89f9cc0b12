"""Work intake for clients: post work under the specialty's ceiling, read it, cancel it."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response, status
from jobpeak_runtime.auth import ClientPrincipal, Principal, Role, require_role

from jobpeak_matching.api.dependencies import ClockDep, MatchingUowDep, OfferTtlDep, subject_id
from jobpeak_matching.api.views import PostWork, WorkRefusedView, WorkView
from jobpeak_matching.application.work import cancel_work, post_work, work_by_id
from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.work import WorkRequest

router = APIRouter(tags=["work"])

ClientOrAdmin = Annotated[Principal, Depends(require_role(Role.CLIENT, Role.ADMIN))]


@router.post(
    "/work",
    status_code=status.HTTP_201_CREATED,
    response_model=WorkView,
    responses={
        200: {"description": "An earlier request with this Idempotency-Key posted the work."},
        409: {"description": "The Idempotency-Key already posted different work."},
        422: {
            "model": WorkRefusedView,
            "description": "Refused: rate above the ceiling, specialty not live, unknown "
            "language…; nothing was stored or announced.",
        },
    },
)
async def post(
    *,
    body: PostWork,
    principal: ClientPrincipal,
    uow: MatchingUowDep,
    clock: ClockDep,
    offer_ttl: OfferTtlDep,
    response: Response,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)
    ] = None,
) -> WorkView:
    request = WorkRequest(
        client_id=subject_id(principal),
        specialty_slug=body.specialty_slug,
        required_languages=body.required_languages,
        hourly_rate=Money(body.hourly_rate.amount_minor, body.hourly_rate.currency),
        seats=body.seats,
        starts_at=body.starts_at,
    )
    posted = await post_work(
        uow=uow,
        request=request,
        idempotency_key=idempotency_key,
        now=clock(),
        offer_ttl=offer_ttl,
    )
    if posted.created:
        await uow.commit()
    else:
        response.status_code = status.HTTP_200_OK
    return WorkView.of(posted.work)


@router.get("/work/{work_id}", responses={404: {"description": "No such work of yours."}})
async def read(work_id: uuid.UUID, principal: ClientOrAdmin, uow: MatchingUowDep) -> WorkView:
    item = await work_by_id(uow=uow, work_id=work_id)
    principal.ensure_may_access(item.client_id)
    return WorkView.of(item)


@router.post(
    "/work/{work_id}/close",
    responses={404: {"description": "No such work of yours."}},
)
async def close(
    work_id: uuid.UUID,
    principal: ClientPrincipal,
    uow: MatchingUowDep,
    clock: ClockDep,
    offer_ttl: OfferTtlDep,
) -> WorkView:
    """Cancel the work: it takes no more reviewers and its offers lapse. Repeating is harmless."""
    item = await work_by_id(uow=uow, work_id=work_id)
    principal.ensure_may_access(item.client_id)
    closed = await cancel_work(uow=uow, work_id=work_id, now=clock(), offer_ttl=offer_ttl)
    await uow.commit()
    return WorkView.of(closed)
