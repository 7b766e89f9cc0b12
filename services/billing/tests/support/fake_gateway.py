"""A payment gateway that stands in for Stripe in tests, with Stripe's idempotency."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from jobpeak_billing.application.ports import (
    CheckoutRequest,
    CheckoutState,
    CreatedCheckout,
    PaymentProviderError,
)


@dataclass
class FakeGateway:
    """Remembers sessions and refunds; ``pay`` is the candidate paying at Stripe."""

    states: dict[str, CheckoutState] = field(default_factory=dict)
    refunds: dict[uuid.UUID, str] = field(default_factory=dict)
    intent_orders: dict[str, uuid.UUID] = field(default_factory=dict)
    failing: bool = False
    refund_calls: int = 0

    async def create_checkout(self, request: CheckoutRequest) -> CreatedCheckout:
        self._maybe_fail()
        session_id = f"cs_test_{request.order_id.hex}"
        self.states.setdefault(
            session_id,
            CheckoutState(
                checkout_session_id=session_id, paid=False, expired=False, payment_intent_id=None
            ),
        )
        return CreatedCheckout(
            checkout_session_id=session_id,
            url=f"https://checkout.test/pay/{session_id}",
            expires_at=datetime(2030, 1, 1, tzinfo=UTC),
        )

    async def checkout_state(self, checkout_session_id: str) -> CheckoutState:
        self._maybe_fail()
        return self.states[checkout_session_id]

    async def refund(self, *, order_id: uuid.UUID, payment_intent_id: str) -> str:
        self._maybe_fail()
        self.refund_calls += 1
        return self.refunds.setdefault(order_id, f"re_{order_id.hex}")

    async def latest_refund_id(self, payment_intent_id: str) -> str | None:
        self._maybe_fail()
        return f"re_{payment_intent_id}"

    async def order_of_payment_intent(self, payment_intent_id: str) -> uuid.UUID | None:
        self._maybe_fail()
        return self.intent_orders.get(payment_intent_id)

    async def close(self) -> None:
        return None

    def pay(self, session_id: str, *, payment_intent_id: str) -> None:
        self.states[session_id] = CheckoutState(
            checkout_session_id=session_id,
            paid=True,
            expired=False,
            payment_intent_id=payment_intent_id,
        )

    def _maybe_fail(self) -> None:
        if self.failing:
            raise PaymentProviderError("Stripe did not answer (fake outage)")
