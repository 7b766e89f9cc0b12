"""Refusals as HTTP answers: a status per kind of refusal and a message naming the problem.

Registered on the app by the composition root. Messages come from the domain and name ids and
what is wrong, never a key; someone else's attempt is "not found" like a missing one.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from jobpeak_testing.application.errors import (
    AttemptInProgress,
    AttemptNotFound,
    NotGradedYet,
    PaymentRequired,
    SpecialtyNotAvailable,
    StartKeyReused,
    UnknownSpecialty,
)
from jobpeak_testing.domain.assembly import BankCannotFill
from jobpeak_testing.domain.attempt import (
    AttemptClosed,
    AttemptVoidedError,
    TimeLimitExceeded,
    UnknownQuestion,
)
from jobpeak_testing.domain.errors import DomainError
from jobpeak_testing.domain.responses import InvalidResponse
from jobpeak_testing.domain.retakes import RetakeRefused

CHECKOUT_PATH = "/checkout"
"""Billing's route that starts paying for a certification attempt."""

_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (AttemptNotFound, status.HTTP_404_NOT_FOUND),
    (UnknownQuestion, status.HTTP_404_NOT_FOUND),
    (UnknownSpecialty, status.HTTP_404_NOT_FOUND),
    (PaymentRequired, status.HTTP_402_PAYMENT_REQUIRED),
    (InvalidResponse, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (BankCannotFill, status.HTTP_503_SERVICE_UNAVAILABLE),
    (AttemptInProgress, status.HTTP_409_CONFLICT),
    (SpecialtyNotAvailable, status.HTTP_409_CONFLICT),
    (StartKeyReused, status.HTTP_409_CONFLICT),
    (RetakeRefused, status.HTTP_409_CONFLICT),
    (AttemptClosed, status.HTTP_409_CONFLICT),
    (AttemptVoidedError, status.HTTP_409_CONFLICT),
    (TimeLimitExceeded, status.HTTP_409_CONFLICT),
    (NotGradedYet, status.HTTP_409_CONFLICT),
)

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid bearer token."},
    403: {"description": "Not a candidate."},
}


def status_of(error: DomainError) -> int:
    for kind, code in _STATUS:
        if isinstance(error, kind):
            return code
    return status.HTTP_409_CONFLICT


def body_of(error: DomainError) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": str(error)}
    if isinstance(error, PaymentRequired):
        body["checkout"] = {
            "service": "billing",
            "method": "POST",
            "path": CHECKOUT_PATH,
            "body": {"specialty_slug": error.specialty_slug},
        }
    if isinstance(error, AttemptInProgress):
        body["attempt_id"] = str(error.attempt_id)
    if isinstance(error, RetakeRefused) and error.not_before is not None:
        body["not_before"] = error.not_before.isoformat()
    return body


async def _domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return JSONResponse(body_of(error), status_code=status_of(error))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
