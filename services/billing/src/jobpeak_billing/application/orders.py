"""Reading orders: a candidate's own, or one by id."""

from __future__ import annotations

import uuid

from jobpeak_runtime.ports import TransactionFactory

from jobpeak_billing.application.ports import BillingUnitOfWork
from jobpeak_billing.domain.orders import Order


async def orders_of_candidate(
    *, uow_factory: TransactionFactory[BillingUnitOfWork], candidate_id: str, limit: int
) -> list[Order]:
    """The candidate's orders, newest first, at most ``limit``."""
    async with uow_factory() as uow:
        return await uow.orders.of_candidate(candidate_id, limit=limit)


async def find_order(
    *, uow_factory: TransactionFactory[BillingUnitOfWork], order_id: uuid.UUID
) -> Order | None:
    async with uow_factory() as uow:
        return await uow.orders.get(order_id)
