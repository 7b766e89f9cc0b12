"""The unit of work of billing on PostgreSQL: one transaction and its repositories."""

from __future__ import annotations

from jobpeak_runtime.uow import UnitOfWork, repository

from jobpeak_billing.adapters.fees import SqlFeeReplica
from jobpeak_billing.adapters.orders import SqlOrderRepository
from jobpeak_billing.adapters.stripe_events import SqlStripeEventLog
from jobpeak_billing.application.ports import FeeReplica, OrderRepository, StripeEventLog


class SqlBillingUnitOfWork(UnitOfWork):
    """Implements :class:`jobpeak_billing.application.ports.BillingUnitOfWork`."""

    orders: OrderRepository = repository(SqlOrderRepository)
    fees: FeeReplica = repository(SqlFeeReplica)
    stripe_events: StripeEventLog = repository(SqlStripeEventLog)
