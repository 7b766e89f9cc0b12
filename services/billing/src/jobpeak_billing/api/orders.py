"""Order status: a candidate sees only their own orders; an admin sees any."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends
from jobpeak_runtime.auth import (
    CandidatePrincipal,
    Principal,
    Role,
    owned_by_caller,
    require_role,
)
from jobpeak_runtime.problems import Problem

from jobpeak_billing.api.dependencies import AUTH_RESPONSES, UowFactoryDep
from jobpeak_billing.api.views import OrderView
from jobpeak_billing.application.orders import find_order, orders_of_candidate

router = APIRouter(tags=["orders"], responses=AUTH_RESPONSES)

_LIST_LIMIT = 100


@router.get("/orders", response_model=list[OrderView])
async def my_orders(principal: CandidatePrincipal, uow_factory: UowFactoryDep) -> list[OrderView]:
    """The caller's orders, newest first."""
    orders = await orders_of_candidate(
        uow_factory=uow_factory, candidate_id=principal.subject, limit=_LIST_LIMIT
    )
    return [OrderView.of(order) for order in orders]


CandidateOrAdmin = Annotated[Principal, Depends(require_role(Role.CANDIDATE, Role.ADMIN))]


@router.get(
    "/orders/{order_id}",
    responses={404: {"model": Problem, "description": "No such order of yours."}},
)
async def order_status(
    order_id: uuid.UUID, principal: CandidateOrAdmin, uow_factory: UowFactoryDep
) -> OrderView:
    order = owned_by_caller(
        await find_order(uow_factory=uow_factory, order_id=order_id),
        principal=principal,
        owner=lambda order: order.candidate_id,
        what=f"order {order_id}",
    )
    return OrderView.of(order)
