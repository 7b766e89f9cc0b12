"""``POST /admin/orders/{order_id}/refund``: an admin refunds a paid order in full."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from jobpeak_contracts.events.billing import RefundReason
from jobpeak_runtime.auth import AdminPrincipal
from jobpeak_runtime.http import ClockDep
from jobpeak_runtime.problems import Problem

from jobpeak_billing.api.dependencies import AUTH_RESPONSES, GatewayDep, UowFactoryDep
from jobpeak_billing.api.views import OrderView
from jobpeak_billing.application.refunds import refund_order

router = APIRouter(tags=["admin"], responses=AUTH_RESPONSES)


@router.post(
    "/admin/orders/{order_id}/refund",
    responses={
        404: {"model": Problem, "description": "No such order."},
        409: {"model": Problem, "description": "The order was never paid."},
        502: {
            "model": Problem,
            "description": "Stripe refused, failed or did not answer; nothing changed.",
        },
    },
)
async def refund(
    order_id: uuid.UUID,
    principal: AdminPrincipal,
    uow_factory: UowFactoryDep,
    gateway: GatewayDep,
    clock: ClockDep,
) -> OrderView:
    """Refund the order (again: a no-op answering the refunded order)."""
    async with uow_factory() as uow:
        order = await refund_order(
            uow=uow, gateway=gateway, clock=clock, order_id=order_id, reason=RefundReason.ADMIN
        )
        await uow.commit()
    return OrderView.of(order)
