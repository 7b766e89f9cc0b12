"""Request and response bodies of the HTTP API."""

from __future__ import annotations

import uuid
from datetime import datetime

from jobpeak_contracts.events.billing import RefundReason
from jobpeak_contracts.identifiers import SpecialtySlug
from jobpeak_contracts.money import Money
from pydantic import BaseModel, ConfigDict, Field

from jobpeak_billing.domain.orders import Order, OrderStatus


class StartCheckout(BaseModel):
    """Pay for one certification attempt (practice tests are free and never come here)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    specialty_slug: SpecialtySlug


class OrderView(BaseModel):
    model_config = ConfigDict(frozen=True)

    order_id: uuid.UUID
    status: OrderStatus
    specialty_slug: str
    amount: Money = Field(description="The certification fee, in integer minor units.")
    checkout_session_id: str
    checkout_url: str = Field(description="Stripe's hosted payment page for this order.")
    checkout_expires_at: datetime
    failure_code: str | None
    refund_reason: RefundReason | None
    created_at: datetime
    paid_at: datetime | None
    failed_at: datetime | None
    refunded_at: datetime | None

    @classmethod
    def of(cls, order: Order) -> OrderView:
        """The order's fields of the same names (the domain's ``Order`` has a few more)."""
        return cls.model_validate(order, from_attributes=True)


class WebhookReceipt(BaseModel):
    received: bool = True
    outcome: str
