"""How billing's use-case errors answer over HTTP: one table, installed once on the app.

Every route lets these exceptions propagate; the handlers answer ``{"detail": <message>}`` with
the status below, exactly as an ``HTTPException`` would. An exception class not listed here
inherits the mapping of its nearest listed base class (Starlette looks handlers up by MRO).
"""

from __future__ import annotations

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from jobpeak_billing.application.checkout import IdempotencyKeyReused
from jobpeak_billing.application.ports import (
    IdempotencyConflict,
    PaymentProviderError,
    UnverifiedWebhook,
)
from jobpeak_billing.application.refunds import OrderNotFound
from jobpeak_billing.domain.fees import CheckoutRefused, UnknownSpecialty
from jobpeak_billing.domain.orders import OrderNotRefundable
from jobpeak_billing.domain.stripe_notifications import MalformedStripeEvent

ERROR_STATUS: dict[type[Exception], int] = {
    UnverifiedWebhook: status.HTTP_400_BAD_REQUEST,
    MalformedStripeEvent: status.HTTP_400_BAD_REQUEST,
    UnknownSpecialty: status.HTTP_404_NOT_FOUND,
    OrderNotFound: status.HTTP_404_NOT_FOUND,
    CheckoutRefused: status.HTTP_409_CONFLICT,
    IdempotencyKeyReused: status.HTTP_409_CONFLICT,
    OrderNotRefundable: status.HTTP_409_CONFLICT,
    IdempotencyConflict: status.HTTP_409_CONFLICT,
    PaymentProviderError: status.HTTP_502_BAD_GATEWAY,
}
"""Status of each error; a racing twin at Stripe (``IdempotencyConflict``) is worth a retry."""

_ADVICE: dict[type[Exception], str] = {IdempotencyConflict: "; retry the request"}


async def _answer(request: Request, error: Exception) -> JSONResponse:
    mapped = next(kind for kind in type(error).__mro__ if kind in ERROR_STATUS)
    detail = f"{error}{_ADVICE.get(mapped, '')}"
    return JSONResponse({"detail": detail}, status_code=ERROR_STATUS[mapped])


def install_error_mapping(app: FastAPI) -> None:
    for error_type in ERROR_STATUS:
        app.add_exception_handler(error_type, _answer)
