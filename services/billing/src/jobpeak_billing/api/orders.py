"""Order status: a candidate sees only their own orders; an admin sees any."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, status
from jobpeak_runtime.auth import CandidatePrincipal, CurrentPrincipal, Role

from jobpeak_billing.api.dependencies import UowFactoryDep
from jobpeak_billing.api.views import OrderView
from jobpeak_billing.application.orders import find_order, orders_of_candidate

router = APIRouter(tags=["orders"])

_LIST_LIMIT = 100


@router.get("/orders", response_model=list[OrderView])
async def my_orders(principal: CandidatePrincipal, uow_factory: UowFactoryDep) -> list[OrderView]:
    """The caller's orders, newest first."""
    orders = await orders_of_candidate(
        uow_factory=uow_factory, candidate_id=principal.subject, limit=_LIST_LIMIT
    )
    return [OrderView.of(order) for order in orders]


@router.get("/orders/{order_id}", responses={404: {"description": "No such order of yours."}})
async def order_status(
    order_id: uuid.UUID, principal: CurrentPrincipal, uow_factory: UowFactoryDep
) -> OrderView:
    if principal.role not in (Role.CANDIDATE, Role.ADMIN):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="requires role candidate or admin")
    order = await find_order(uow_factory=uow_factory, order_id=order_id)
    if order is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="not found")
    principal.ensure_may_access(order.candidate_id)
    return OrderView.of(order)
