"""How a refused request answers over HTTP: the one table from use-case exceptions to statuses.

Routes just call the use case; whatever it refuses with is turned into a response here, after
the request's unit of work rolled back. The bodies keep the service's wire shape,
``{"detail": ...}``, and the list of broken rules for refused work.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from jobpeak_matching.api.views import WorkRefusedView
from jobpeak_matching.application.offers import AnswerRefused
from jobpeak_matching.application.pool import NotInPool
from jobpeak_matching.application.work import IdempotencyKeyReused, WorkNotFound
from jobpeak_matching.domain.offers import OfferNotYours
from jobpeak_matching.domain.pool import LanguagePreferencesRefused
from jobpeak_matching.domain.work import WorkRefused


def _detail(status_code: int) -> Callable[[Exception], JSONResponse]:
    def respond(error: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=status_code)

    return respond


def _offer_not_found(error: Exception) -> JSONResponse:
    """Someone else's offer is answered as if it did not exist: its existence stays private."""
    offer_id = error.offer_id if isinstance(error, OfferNotYours) else None
    return JSONResponse(
        {"detail": f"offer {offer_id} not found"}, status_code=status.HTTP_404_NOT_FOUND
    )


def _work_refused(error: Exception) -> JSONResponse:
    problems = error.problems if isinstance(error, WorkRefused) else ()
    return JSONResponse(
        WorkRefusedView.of(problems).model_dump(mode="json"),
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


REFUSALS: dict[type[Exception], Callable[[Exception], JSONResponse]] = {
    OfferNotYours: _offer_not_found,
    AnswerRefused: _detail(status.HTTP_409_CONFLICT),
    NotInPool: _detail(status.HTTP_404_NOT_FOUND),
    LanguagePreferencesRefused: _detail(status.HTTP_422_UNPROCESSABLE_CONTENT),
    WorkRefused: _work_refused,
    IdempotencyKeyReused: _detail(status.HTTP_409_CONFLICT),
    WorkNotFound: _detail(status.HTTP_404_NOT_FOUND),
}
"""Each refusal a use case may raise, and the response it gets; anything else is a 500."""

ExceptionHandler = Callable[[Request, Exception], Awaitable[JSONResponse]]


def _handler(respond: Callable[[Exception], JSONResponse]) -> ExceptionHandler:
    async def handle(request: Request, error: Exception) -> JSONResponse:
        return respond(error)

    return handle


def add_refusal_handlers(app: FastAPI) -> None:
    """Register the responses of :data:`REFUSALS` on ``app``."""
    for error_type, respond in REFUSALS.items():
        app.add_exception_handler(error_type, _handler(respond))
