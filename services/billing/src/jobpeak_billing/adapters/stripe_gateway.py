"""The Stripe adapter of :class:`~jobpeak_billing.application.ports.PaymentGateway`.

It uses the official SDK's async client (``StripeClient.v1.*.*_async`` over httpx), so no call
blocks the event loop; the API base is configurable so development and tests talk to stripe-mock.
Stripe's errors and timeouts become :class:`PaymentProviderError` with a message naming the cause.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

import stripe
from jobpeak_contracts.money import Money

from jobpeak_billing.application.ports import (
    CheckoutRequest,
    CheckoutState,
    CreatedCheckout,
    IdempotencyConflict,
    PaymentProviderError,
    PaymentProviderUnavailable,
)
from jobpeak_billing.domain.stripe_notifications import ORDER_ID_METADATA

T = TypeVar("T")
_TOO_MANY_REQUESTS = 429
_SERVER_ERRORS = 500


def checkout_idempotency_key(order_id: uuid.UUID) -> str:
    return f"jobpeak-checkout-{order_id}"


def refund_idempotency_key(order_id: uuid.UUID) -> str:
    return f"jobpeak-refund-{order_id}"


class StripeGateway:
    def __init__(
        self,
        *,
        api_key: str,
        api_base: str | None,
        timeout_seconds: float,
        max_network_retries: int,
        success_url: str,
        cancel_url: str,
    ) -> None:
        self._http = stripe.HTTPXClient(timeout=timeout_seconds)
        self._client = stripe.StripeClient(
            api_key,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=max_network_retries,
            http_client=self._http,
        )
        self._success_url = success_url
        self._cancel_url = cancel_url

    async def create_checkout(self, request: CheckoutRequest) -> CreatedCheckout:
        metadata = {
            ORDER_ID_METADATA: str(request.order_id),
            "candidate_id": request.candidate_id,
            "specialty_slug": request.specialty_slug,
        }
        session = await call_stripe(
            "create the Checkout Session",
            lambda: self._client.v1.checkout.sessions.create_async(
                {
                    "mode": "payment",
                    "line_items": [
                        {
                            "quantity": 1,
                            "price_data": {
                                "currency": _stripe_currency(request.amount),
                                "unit_amount": request.amount.amount_minor,
                                "product_data": {"name": request.product_name},
                            },
                        }
                    ],
                    "client_reference_id": str(request.order_id),
                    "metadata": metadata,
                    "payment_intent_data": {"metadata": metadata},
                    "success_url": self._success_url,
                    "cancel_url": self._cancel_url,
                },
                {"idempotency_key": checkout_idempotency_key(request.order_id)},
            ),
        )
        if not session.url:
            raise PaymentProviderError(f"Stripe created session {session.id} without a URL")
        return CreatedCheckout(
            checkout_session_id=session.id,
            url=session.url,
            expires_at=datetime.fromtimestamp(session.expires_at, UTC),
        )

    async def checkout_state(self, checkout_session_id: str) -> CheckoutState:
        session = await call_stripe(
            f"read Checkout Session {checkout_session_id}",
            lambda: self._client.v1.checkout.sessions.retrieve_async(checkout_session_id),
        )
        intent = session.payment_intent
        return CheckoutState(
            checkout_session_id=session.id,
            paid=session.payment_status == "paid",
            expired=session.status == "expired",
            payment_intent_id=intent if isinstance(intent, str) or intent is None else intent.id,
        )

    async def refund(self, *, order_id: uuid.UUID, payment_intent_id: str) -> str:
        refund = await call_stripe(
            f"refund payment {payment_intent_id}",
            lambda: self._client.v1.refunds.create_async(
                {
                    "payment_intent": payment_intent_id,
                    "metadata": {ORDER_ID_METADATA: str(order_id)},
                },
                {"idempotency_key": refund_idempotency_key(order_id)},
            ),
        )
        return refund.id

    async def latest_refund_id(self, payment_intent_id: str) -> str | None:
        refunds = await call_stripe(
            f"list the refunds of {payment_intent_id}",
            lambda: self._client.v1.refunds.list_async(
                {"payment_intent": payment_intent_id, "limit": 1}
            ),
        )
        return refunds.data[0].id if refunds.data else None

    async def order_of_payment_intent(self, payment_intent_id: str) -> uuid.UUID | None:
        intent = await call_stripe(
            f"read payment intent {payment_intent_id}",
            lambda: self._client.v1.payment_intents.retrieve_async(payment_intent_id),
        )
        metadata = intent.metadata.to_dict() if intent.metadata else {}
        raw = metadata.get(ORDER_ID_METADATA)
        try:
            return uuid.UUID(raw) if isinstance(raw, str) else None
        except ValueError:
            return None

    async def close(self) -> None:
        await self._http.close_async()  # type: ignore[no-untyped-call]


def _stripe_currency(amount: Money) -> str:
    """Stripe spells ISO currency codes in lower case."""
    return amount.currency.lower()


async def call_stripe(what: str, call: Callable[[], Awaitable[T]]) -> T:
    """Await ``call``, turning Stripe's errors into provider errors that say what failed."""
    try:
        return await call()
    except stripe.APIConnectionError as error:
        cause = type(error.__cause__).__name__ if error.__cause__ else "connection failure"
        raise PaymentProviderUnavailable(
            f"Stripe did not answer when billing tried to {what} ({cause})"
        ) from error
    except stripe.IdempotencyError as error:
        raise IdempotencyConflict(
            f"Stripe refused to {what}: the same request with other parameters is in flight; "
            "retry the request"
        ) from error
    except stripe.StripeError as error:
        status = f"HTTP {error.http_status}" if error.http_status else "an error"
        detail = error.user_message or type(error).__name__
        message = f"Stripe answered {status} when billing tried to {what}: {detail}"
        status_code = error.http_status
        if (
            status_code is None
            or status_code == _TOO_MANY_REQUESTS
            or status_code >= _SERVER_ERRORS
        ):
            raise PaymentProviderUnavailable(message) from error
        raise PaymentProviderError(message) from error
