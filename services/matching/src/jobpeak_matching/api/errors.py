"""How a refused request answers over HTTP: RFC 9457 problem details, mapped in one table.

Routes just call the use case; whatever it refuses with is answered here (after the request's
unit of work rolled back) through :mod:`jobpeak_runtime.problems`. The domain's exceptions stay
free of HTTP; refusals the runtime defines (``IdempotencyKeyReused``, ``ResourceNotFound``) map
themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
from jobpeak_runtime.problems import ProblemKind, problem_response, register_problems
from jobpeak_runtime.problems_openapi import problem_responses

from jobpeak_matching.application.offers import AnswerRefused
from jobpeak_matching.application.pool import NotInPool
from jobpeak_matching.application.work import WorkNotFound
from jobpeak_matching.domain.offers import OfferNotYours
from jobpeak_matching.domain.pool import LanguagePreferencesRefused
from jobpeak_matching.domain.work import WorkRefused

NOT_FOUND = "not-found"
"""The runtime's problem type for 'missing, or not yours' (``ResourceNotFound``)."""


def _work_problems(error: WorkRefused) -> Mapping[str, Any]:
    """Every broken intake rule, naming the values (e.g. rate and ceiling)."""
    return {"problems": [{"field": p.field, "message": p.message} for p in error.problems]}


REFUSALS: dict[type[Exception], ProblemKind] = {
    AnswerRefused: ProblemKind(status.HTTP_409_CONFLICT, "Answer refused", "offer-answer-refused"),
    NotInPool: ProblemKind(status.HTTP_404_NOT_FOUND, "Not found", NOT_FOUND),
    LanguagePreferencesRefused: ProblemKind(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        "Language preferences refused",
        "language-preferences-refused",
    ),
    WorkNotFound: ProblemKind(status.HTTP_404_NOT_FOUND, "Not found", NOT_FOUND),
    WorkRefused: ProblemKind(
        status.HTTP_422_UNPROCESSABLE_CONTENT, "Work refused", "work-refused", _work_problems
    ),
}
"""The refusals answered with their message as detail (:class:`WorkRefused` adds its
problems); with :class:`OfferNotYours` (answered as not found), every refusal a use case
raises. Any other exception is a 500."""


async def _offer_not_found(_: Request, error: Exception) -> JSONResponse:
    """Someone else's offer is answered like a missing one, so offer ids cannot be probed."""
    offer_id = error.offer_id if isinstance(error, OfferNotYours) else None
    return problem_response(
        status=status.HTTP_404_NOT_FOUND,
        title="Not found",
        type_slug=NOT_FOUND,
        detail=f"offer {offer_id} not found",
    )


def add_refusal_handlers(app: FastAPI) -> None:
    """Answer every refusal the use cases raise as a problem."""
    register_problems(app, REFUSALS)
    app.add_exception_handler(OfferNotYours, _offer_not_found)


AUTH_RESPONSES = problem_responses(401, 403)
"""What every route behind a token also answers: no valid token (401), wrong role (403)."""
