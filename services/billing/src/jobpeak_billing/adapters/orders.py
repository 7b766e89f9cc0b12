"""Reads and writes of orders inside a unit of work; it never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from jobpeak_contracts.events.billing import RefundReason
from jobpeak_contracts.money import Money
from jobpeak_runtime.db import lock_until_commit
from jobpeak_runtime.repositories import SqlRepository
from sqlalchemy import Row, Select, and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert

from jobpeak_billing.adapters.tables import orders
from jobpeak_billing.domain.orders import FAILED_ORDER_WATCH, Order, OrderStatus


class SqlOrderRepository(SqlRepository):
    async def add(self, order: Order) -> bool:
        """Insert ``order``; ``False`` when an order with its id already exists."""
        statement = (
            insert(orders)
            .values(_columns(order) | {"order_id": order.order_id})
            .on_conflict_do_nothing(index_elements=[orders.c.order_id])
            .returning(orders.c.order_id)
        )
        return (await self._session.execute(statement)).first() is not None

    async def save(self, order: Order) -> None:
        await self._session.execute(
            update(orders).where(orders.c.order_id == order.order_id).values(_columns(order))
        )

    async def get(self, order_id: uuid.UUID, *, for_update: bool = False) -> Order | None:
        return await self._one(select(orders).where(orders.c.order_id == order_id), for_update)

    async def by_checkout_session(
        self, checkout_session_id: str, *, for_update: bool = False
    ) -> Order | None:
        statement = select(orders).where(orders.c.checkout_session_id == checkout_session_id)
        return await self._one(statement, for_update)

    async def by_payment_intent(
        self, payment_intent_id: str, *, for_update: bool = False
    ) -> Order | None:
        statement = select(orders).where(orders.c.payment_intent_id == payment_intent_id)
        return await self._one(statement, for_update)

    async def of_candidate(self, candidate_id: str, *, limit: int) -> list[Order]:
        rows = await self._session.execute(
            select(orders)
            .where(orders.c.candidate_id == candidate_id)
            .order_by(orders.c.created_at.desc())
            .limit(limit)
        )
        return [_order(row) for row in rows]

    async def newest_open(self, *, candidate_id: str, specialty_slug: str) -> Order | None:
        statement = (
            select(orders)
            .where(
                orders.c.candidate_id == candidate_id,
                orders.c.specialty_slug == specialty_slug,
                orders.c.status == OrderStatus.OPEN.value,
            )
            .order_by(orders.c.created_at.desc())
            .limit(1)
        )
        return await self._one(statement, for_update=False)

    async def lock_checkouts(self, *, candidate_id: str, specialty_slug: str) -> None:
        await lock_until_commit(self._session, f"billing-checkout/{candidate_id}/{specialty_slug}")

    async def unsettled(self, *, now: datetime, limit: int) -> list[Order]:
        """Orders that :meth:`Order.may_still_change`, least recently reconciled first."""
        statement = (
            select(orders)
            .where(
                or_(
                    orders.c.status == OrderStatus.OPEN.value,
                    and_(
                        orders.c.status == OrderStatus.FAILED.value,
                        orders.c.checkout_expires_at > now - FAILED_ORDER_WATCH,
                    ),
                )
            )
            .order_by(orders.c.reconciled_at.asc().nulls_first(), orders.c.created_at.asc())
            .limit(limit)
        )
        return [_order(row) for row in await self._session.execute(statement)]

    async def mark_reconciled(self, order_ids: Sequence[uuid.UUID], *, at: datetime) -> None:
        if order_ids:
            await self._session.execute(
                update(orders).where(orders.c.order_id.in_(order_ids)).values(reconciled_at=at)
            )

    async def _one(self, statement: Select[Any], for_update: bool) -> Order | None:
        if for_update:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).first()
        return _order(row) if row is not None else None


def _columns(order: Order) -> dict[str, object]:
    return {
        "candidate_id": order.candidate_id,
        "specialty_slug": order.specialty_slug,
        "amount_minor": order.amount.amount_minor,
        "currency": order.amount.currency,
        "status": order.status.value,
        "checkout_session_id": order.checkout_session_id,
        "checkout_url": order.checkout_url,
        "checkout_expires_at": order.checkout_expires_at,
        "idempotency_key": order.idempotency_key,
        "payment_intent_id": order.payment_intent_id,
        "failure_code": order.failure_code,
        "refund_id": order.refund_id,
        "refund_reason": order.refund_reason.value if order.refund_reason else None,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
        "paid_at": order.paid_at,
        "failed_at": order.failed_at,
        "refunded_at": order.refunded_at,
    }


def _order(row: Row[Any]) -> Order:
    values = row._mapping
    return Order(
        order_id=values["order_id"],
        candidate_id=values["candidate_id"],
        specialty_slug=values["specialty_slug"],
        amount=Money(amount_minor=values["amount_minor"], currency=values["currency"]),
        status=OrderStatus(values["status"]),
        checkout_session_id=values["checkout_session_id"],
        checkout_url=values["checkout_url"],
        checkout_expires_at=values["checkout_expires_at"],
        idempotency_key=values["idempotency_key"],
        payment_intent_id=values["payment_intent_id"],
        failure_code=values["failure_code"],
        refund_id=values["refund_id"],
        refund_reason=RefundReason(values["refund_reason"]) if values["refund_reason"] else None,
        created_at=values["created_at"],
        updated_at=values["updated_at"],
        paid_at=values["paid_at"],
        failed_at=values["failed_at"],
        refunded_at=values["refunded_at"],
    )
