"""Order status: a candidate sees only their own orders; an admin sees any."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, status
from jobpeak_runtime.auth import CandidatePrincipal, CurrentPrincipal, Role

from jobpeak_billing.api.dependencies import UowFactoryDep
from jobpeak_billing.api.views import OrderView
from jobpeak_billing.persistence.orders import OrderRepository

router = APIRouter(tags=["orders"])

_LIST_LIMIT = 100


@router.get("/orders", response_model=list[OrderView])
async def my_orders(principal: CandidatePrincipal, uow_factory: UowFactoryDep) -> list[OrderView]:
    """The caller's orders, newest first."""
    async with uow_factory() as uow:
        orders = await OrderRepository(uow.session).of_candidate(
            principal.subject, limit=_LIST_LIMIT
        )
    return [OrderView.of(order) for order in orders]


@router.get("/orders/{order_id}", responses={404: {"description": "No such order of yours."}})
async def order_status(
    order_id: uuid.UUID, principal: CurrentPrincipal, uow_factory: UowFactoryDep
) -> OrderView:
    if principal.role not in (Role.CANDIDATE, Role.ADMIN):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="requires role candidate or admin")
    async with uow_factory() as uow:
        order = await OrderRepository(uow.session).get(order_id)
    if order is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="not found")
    principal.ensure_may_access(order.candidate_id)
    return OrderView.of(order)
