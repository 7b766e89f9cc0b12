"""The unit of work of billing on PostgreSQL: one transaction and its repositories."""

from __future__ import annotations

from jobpeak_runtime.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession

from jobpeak_billing.adapters.fees import SqlFeeReplica
from jobpeak_billing.adapters.orders import SqlOrderRepository
from jobpeak_billing.adapters.stripe_events import SqlStripeEventLog
from jobpeak_billing.application.ports import FeeReplica, OrderRepository, StripeEventLog


class SqlBillingUnitOfWork(UnitOfWork):
    """Implements :class:`jobpeak_billing.application.ports.BillingUnitOfWork`."""

    orders: OrderRepository
    fees: FeeReplica
    stripe_events: StripeEventLog

    def open_repositories(self, session: AsyncSession) -> None:
        self.orders = SqlOrderRepository(session)
        self.fees = SqlFeeReplica(session)
        self.stripe_events = SqlStripeEventLog(session)
