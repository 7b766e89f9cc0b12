"""Work intake for clients: post work under the specialty's ceiling, read it, cancel it."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Response, status
from fastapi.responses import JSONResponse
from jobpeak_runtime.auth import ClientPrincipal, Principal, Role, require_role
from jobpeak_runtime.http import UnitOfWorkDep

from jobpeak_matching.api.dependencies import ClockDep, SettingsDep, subject_id
from jobpeak_matching.api.views import PostWork, WorkRefusedView, WorkView
from jobpeak_matching.application.work import (
    IdempotencyKeyReused,
    WorkNotFound,
    cancel_work,
    post_work,
)
from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.work import WorkRefused, WorkRequest
from jobpeak_matching.persistence.work import WorkRepository

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
    uow: UnitOfWorkDep,
    clock: ClockDep,
    settings: SettingsDep,
    response: Response,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)
    ] = None,
) -> WorkView | JSONResponse:
    request = WorkRequest(
        client_id=subject_id(principal),
        specialty_slug=body.specialty_slug,
        required_languages=body.required_languages,
        hourly_rate=Money(body.hourly_rate.amount_minor, body.hourly_rate.currency),
        seats=body.seats,
        starts_at=body.starts_at,
    )
    try:
        posted = await post_work(
            uow=uow,
            request=request,
            idempotency_key=idempotency_key,
            now=clock(),
            offer_ttl=settings.offer_ttl,
        )
    except WorkRefused as refused:
        return JSONResponse(
            WorkRefusedView.of(refused.problems).model_dump(mode="json"),
            status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        )
    except IdempotencyKeyReused as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    if posted.created:
        await uow.commit()
    else:
        response.status_code = status.HTTP_200_OK
    return WorkView.of(posted.work)


@router.get("/work/{work_id}", responses={404: {"description": "No such work of yours."}})
async def read(work_id: uuid.UUID, principal: ClientOrAdmin, uow: UnitOfWorkDep) -> WorkView:
    item = await WorkRepository(uow.session).get(work_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"work {work_id} not found")
    principal.ensure_may_access(item.client_id)
    return WorkView.of(item)


@router.post(
    "/work/{work_id}/close",
    responses={404: {"description": "No such work of yours."}},
)
async def close(
    work_id: uuid.UUID,
    principal: ClientPrincipal,
    uow: UnitOfWorkDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> WorkView:
    """Cancel the work: it takes no more reviewers and its offers lapse. Repeating is harmless."""
    item = await WorkRepository(uow.session).get(work_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"work {work_id} not found")
    principal.ensure_may_access(item.client_id)
    try:
        closed = await cancel_work(
            uow=uow, work_id=work_id, now=clock(), offer_ttl=settings.offer_ttl
        )
    except WorkNotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    await uow.commit()
    return WorkView.of(closed)
