"""``POST /checkout``: a candidate starts paying for a certification attempt."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response, status
from jobpeak_contracts.identifiers import CandidateId
from jobpeak_runtime.auth import CandidatePrincipal
from jobpeak_runtime.http import ClockDep
from jobpeak_runtime.idempotency import IdempotencyKeyDep, mark_replayed
from jobpeak_runtime.problems import Problem
from pydantic import TypeAdapter, ValidationError

from jobpeak_billing.api.dependencies import AUTH_RESPONSES, GatewayDep, UowFactoryDep
from jobpeak_billing.api.views import OrderView, StartCheckout
from jobpeak_billing.application.checkout import start_checkout

router = APIRouter(tags=["checkout"], responses=AUTH_RESPONSES)

_candidate_id = TypeAdapter(CandidateId)


@router.post(
    "/checkout",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {
            "model": OrderView,
            "description": (
                "An earlier request with this Idempotency-Key made the order, or the candidate "
                "already has a checkout in progress for the specialty: its order and session."
            ),
        },
        404: {"model": Problem, "description": "The specialty is not published."},
        409: {
            "model": Problem,
            "description": "Retired specialty, no fee, or Idempotency-Key reused.",
        },
        502: {
            "model": Problem,
            "description": "Stripe refused, failed or did not answer; nothing was stored.",
        },
    },
)
async def checkout(
    *,
    body: StartCheckout,
    principal: CandidatePrincipal,
    response: Response,
    uow_factory: UowFactoryDep,
    gateway: GatewayDep,
    clock: ClockDep,
    idempotency_key: IdempotencyKeyDep,
) -> OrderView:
    try:
        candidate_id = _candidate_id.validate_python(principal.subject)
    except ValidationError:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail="the token's subject is not a candidate id"
        ) from None
    result = await start_checkout(
        uow_factory=uow_factory,
        gateway=gateway,
        clock=clock,
        candidate_id=candidate_id,
        specialty_slug=body.specialty_slug,
        idempotency_key=idempotency_key,
    )
    if result.resumed:
        response.status_code = status.HTTP_200_OK
    elif not result.created:
        mark_replayed(response)
    return OrderView.of(result.order)
