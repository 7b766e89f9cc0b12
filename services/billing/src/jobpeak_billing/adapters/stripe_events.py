"""The log of processed Stripe webhook events: deduplication by Stripe event id.

The row is written in the same transaction as the event's effect, so an event is either
processed and logged, or neither; a concurrent duplicate waits on the primary key and then sees
the event as already processed.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from jobpeak_runtime.repositories import SqlRepository
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert

from jobpeak_billing.adapters.tables import stripe_events

_CLAIMED = "claimed"


class SqlStripeEventLog(SqlRepository):
    async def claim(self, *, event_id: str, event_type: str, at: datetime) -> bool:
        """Claim ``event_id`` for this transaction; ``False`` if it was processed before."""
        statement = (
            insert(stripe_events)
            .values(event_id=event_id, event_type=event_type, outcome=_CLAIMED, received_at=at)
            .on_conflict_do_nothing(index_elements=[stripe_events.c.event_id])
            .returning(stripe_events.c.event_id)
        )
        return (await self._session.execute(statement)).first() is not None

    async def settle(self, *, event_id: str, order_id: uuid.UUID | None, outcome: str) -> None:
        await self._session.execute(
            update(stripe_events)
            .where(stripe_events.c.event_id == event_id)
            .values(order_id=order_id, outcome=outcome)
        )
