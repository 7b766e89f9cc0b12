"""In-memory stand-ins for billing's unit of work and repositories (no database, no broker).

One :class:`FakeBillingUnitOfWork` plays the database of one test: a use case that opens
several units of work gets the same instance each time (``uow_factory=lambda: uow``), so what
one transaction stored the next one reads, as with PostgreSQL. Row locks are not modelled.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from jobpeak_billing.application.ports import FeeReplica, OrderRepository, StripeEventLog
from jobpeak_billing.domain.fees import SpecialtyFee
from jobpeak_billing.domain.orders import Order, OrderStatus
from jobpeak_runtime.fakes import FakeUnitOfWork

_NEVER = datetime.min.replace(tzinfo=UTC)


class InMemoryOrders:
    def __init__(self) -> None:
        self.by_id: dict[uuid.UUID, Order] = {}
        self.reconciled_at: dict[uuid.UUID, datetime] = {}

    async def add(self, order: Order) -> bool:
        if order.order_id in self.by_id:
            return False
        self.by_id[order.order_id] = order
        return True

    async def save(self, order: Order) -> None:
        self.by_id[order.order_id] = order

    async def get(self, order_id: uuid.UUID, *, for_update: bool = False) -> Order | None:
        return self.by_id.get(order_id)

    async def by_checkout_session(
        self, checkout_session_id: str, *, for_update: bool = False
    ) -> Order | None:
        return self._first(lambda order: order.checkout_session_id == checkout_session_id)

    async def by_payment_intent(
        self, payment_intent_id: str, *, for_update: bool = False
    ) -> Order | None:
        return self._first(lambda order: order.payment_intent_id == payment_intent_id)

    async def of_candidate(self, candidate_id: str, *, limit: int) -> list[Order]:
        mine = [order for order in self.by_id.values() if order.candidate_id == candidate_id]
        return sorted(mine, key=lambda order: order.created_at, reverse=True)[:limit]

    async def newest_open(self, *, candidate_id: str, specialty_slug: str) -> Order | None:
        mine = await self.of_candidate(candidate_id, limit=len(self.by_id))
        wanted = (specialty_slug, OrderStatus.OPEN)
        return next((o for o in mine if (o.specialty_slug, o.status) == wanted), None)

    async def lock_checkouts(self, *, candidate_id: str, specialty_slug: str) -> None:
        """Nothing to do: the fakes run one use case at a time."""

    async def unsettled(self, *, now: datetime, limit: int) -> list[Order]:
        pending = [order for order in self.by_id.values() if order.may_still_change(now=now)]
        pending.sort(key=lambda o: (self.reconciled_at.get(o.order_id, _NEVER), o.created_at))
        return pending[:limit]

    async def mark_reconciled(self, order_ids: Sequence[uuid.UUID], *, at: datetime) -> None:
        for order_id in order_ids:
            self.reconciled_at[order_id] = at

    def _first(self, matches: Callable[[Order], bool]) -> Order | None:
        return next((order for order in self.by_id.values() if matches(order)), None)


class InMemoryFees:
    def __init__(self) -> None:
        self.entries: dict[str, SpecialtyFee] = {}

    async def get(self, specialty_slug: str) -> SpecialtyFee | None:
        return self.entries.get(specialty_slug)

    async def publish(self, entry: SpecialtyFee, *, at: datetime) -> bool:
        stored = self.entries.get(entry.specialty_slug)
        if stored is not None and stored.revision >= entry.revision:
            return False
        self.entries[entry.specialty_slug] = entry
        return True

    async def retire(self, specialty_slug: str, *, revision: int, at: datetime) -> bool:
        stored = self.entries.get(specialty_slug)
        if stored is not None and stored.revision >= revision:
            return False
        base = stored or SpecialtyFee(
            specialty_slug=specialty_slug,
            revision=revision,
            name=specialty_slug,
            certification_title="",
            fee=None,
            retired=True,
        )
        self.entries[specialty_slug] = dataclasses.replace(base, revision=revision, retired=True)
        return True


class InMemoryStripeEvents:
    def __init__(self) -> None:
        self.outcomes: dict[str, str] = {}

    async def claim(self, *, event_id: str, event_type: str, at: datetime) -> bool:
        if event_id in self.outcomes:
            return False
        self.outcomes[event_id] = "claimed"
        return True

    async def settle(self, *, event_id: str, order_id: uuid.UUID | None, outcome: str) -> None:
        self.outcomes[event_id] = outcome


class FakeBillingUnitOfWork(FakeUnitOfWork):
    """Implements :class:`jobpeak_billing.application.ports.BillingUnitOfWork` in memory."""

    orders: OrderRepository
    fees: FeeReplica
    stripe_events: StripeEventLog

    def __init__(self) -> None:
        super().__init__()
        self.stored_orders = InMemoryOrders()
        self.stored_fees = InMemoryFees()
        self.stored_stripe_events = InMemoryStripeEvents()
        self.orders = self.stored_orders
        self.fees = self.stored_fees
        self.stripe_events = self.stored_stripe_events
