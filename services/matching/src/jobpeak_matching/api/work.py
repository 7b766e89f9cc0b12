"""Work intake for clients: post work under the specialty's ceiling, read it, cancel it."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from jobpeak_runtime.auth import ClientPrincipal, Principal, Role, owned_by_caller, require_role
from jobpeak_runtime.http import ClockDep
from jobpeak_runtime.idempotency import IdempotencyKeyDep, mark_replayed
from jobpeak_runtime.problems_openapi import documented

from jobpeak_matching.api.dependencies import (
    MatchingUowDep,
    OfferTtlDep,
    StartHorizonDep,
    subject_id,
)
from jobpeak_matching.api.errors import AUTH_RESPONSES
from jobpeak_matching.api.views import PostWork, WorkView
from jobpeak_matching.application.work import cancel_work, find_work, post_work
from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.work import WorkItem, WorkRequest

router = APIRouter(tags=["work"], responses=AUTH_RESPONSES)

ClientOrAdmin = Annotated[Principal, Depends(require_role(Role.CLIENT, Role.ADMIN))]

_NO_SUCH_WORK = documented({404: "No such work of yours."})


@router.post(
    "/work",
    status_code=status.HTTP_201_CREATED,
    response_model=WorkView,
    responses={
        200: {"description": "An earlier request with this Idempotency-Key posted the work."},
        **documented(
            {
                409: "The Idempotency-Key already posted different work.",
                422: "Refused: rate above the ceiling, specialty not live, unknown language, "
                "`starts_at` outside the horizon…; `problems` lists every broken rule; nothing "
                "was stored or announced.",
                503: "The specialty is busy (another instance holds its lock) or the database "
                "is away; nothing was stored. Retry after `Retry-After` seconds.",
            }
        ),
    },
)
async def post(
    *,
    body: PostWork,
    principal: ClientPrincipal,
    uow: MatchingUowDep,
    clock: ClockDep,
    offer_ttl: OfferTtlDep,
    horizon: StartHorizonDep,
    response: Response,
    idempotency_key: IdempotencyKeyDep,
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
        horizon=horizon,
    )
    if posted.created:
        await uow.commit()
    else:
        mark_replayed(response)
    return WorkView.of(posted.work)


async def _callers_work(
    work_id: uuid.UUID, *, principal: Principal, uow: MatchingUowDep
) -> WorkItem:
    """The work if the caller posted it (or is an admin); 404 alike for missing and not yours."""
    return owned_by_caller(
        await find_work(uow=uow, work_id=work_id),
        principal=principal,
        owner=lambda item: item.client_id,
        what=f"work {work_id}",
    )


@router.get("/work/{work_id}", responses=_NO_SUCH_WORK)
async def read(work_id: uuid.UUID, principal: ClientOrAdmin, uow: MatchingUowDep) -> WorkView:
    return WorkView.of(await _callers_work(work_id, principal=principal, uow=uow))


@router.post("/work/{work_id}/close", responses=_NO_SUCH_WORK)
async def close(
    work_id: uuid.UUID,
    principal: ClientPrincipal,
    uow: MatchingUowDep,
    clock: ClockDep,
    offer_ttl: OfferTtlDep,
) -> WorkView:
    """Cancel the work: it takes no more reviewers and its offers lapse. Repeating is harmless."""
    await _callers_work(work_id, principal=principal, uow=uow)
    closed = await cancel_work(uow=uow, work_id=work_id, now=clock(), offer_ttl=offer_ttl)
    await uow.commit()
    return WorkView.of(closed)
