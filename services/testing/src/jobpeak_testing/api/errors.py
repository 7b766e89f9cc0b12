"""Refusals as RFC 9457 problem details: one status, title and type per kind of refusal.

Registered on the app by the composition root, through the runtime's :func:`register_problem`.
``detail`` is the refusal's message, which names ids and what is wrong, never a key; someone
else's attempt is "not found" like a missing one. Some refusals carry extension members the
client acts on: ``checkout`` (where to pay), ``attempt_id`` (the attempt to resume),
``not_before`` (when a retake or the next practice attempt opens) and ``unanswered`` (the items
a practice submission still needs). The practice limit answers 429 with ``Retry-After``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, status
from jobpeak_runtime.idempotency import IdempotencyKeyReused
from jobpeak_runtime.problems import ProblemKind, register_problems
from jobpeak_runtime.problems_openapi import problem_responses

from jobpeak_testing.application.errors import (
    AttemptInProgress,
    AttemptNotFound,
    NotGradedYet,
    PaymentRequired,
    SpecialtyNotAvailable,
    StartKeyReused,
    UnknownSpecialty,
)
from jobpeak_testing.domain.allowance import PracticeLimitReached
from jobpeak_testing.domain.assembly import BankCannotFill
from jobpeak_testing.domain.attempt import (
    AttemptClosed,
    AttemptVoidedError,
    TimeLimitExceeded,
    UnansweredItems,
    UnknownQuestion,
)
from jobpeak_testing.domain.errors import DomainError
from jobpeak_testing.domain.responses import InvalidResponse
from jobpeak_testing.domain.retakes import RetakeRefused

CHECKOUT_PATH = "/checkout"
"""Billing's route that starts paying for a certification attempt."""

ERROR_RESPONSES = problem_responses(401, 403)


def _checkout(error: PaymentRequired) -> dict[str, Any]:
    return {
        "checkout": {
            "service": "billing",
            "method": "POST",
            "path": CHECKOUT_PATH,
            "body": {"specialty_slug": error.specialty_slug},
        }
    }


def _open_attempt(error: AttemptInProgress) -> dict[str, Any]:
    return {"attempt_id": str(error.attempt_id)}


def _unanswered(error: UnansweredItems) -> dict[str, Any]:
    return {"unanswered": list(error.question_ids)}


def _retake_opens(error: RetakeRefused) -> dict[str, Any]:
    return {} if error.not_before is None else {"not_before": error.not_before.isoformat()}


def _practice_opens(error: PracticeLimitReached) -> dict[str, Any]:
    return {"not_before": error.opens_at.isoformat()}


def _retry_after(error: PracticeLimitReached) -> dict[str, str]:
    """Seconds until the rolling window frees a practice attempt."""
    return {"Retry-After": str(error.retry_after_seconds)}


Extensions = Callable[[Any], Mapping[str, Any]]

_PROBLEMS: tuple[tuple[type[DomainError], int, str, Extensions | None], ...] = (
    (AttemptNotFound, status.HTTP_404_NOT_FOUND, "Attempt not found", None),
    (UnknownQuestion, status.HTTP_404_NOT_FOUND, "Question not in this attempt", None),
    (UnknownSpecialty, status.HTTP_404_NOT_FOUND, "Specialty not published", None),
    (PaymentRequired, status.HTTP_402_PAYMENT_REQUIRED, "Payment required", _checkout),
    (InvalidResponse, status.HTTP_422_UNPROCESSABLE_CONTENT, "Answer does not fit", None),
    (BankCannotFill, status.HTTP_503_SERVICE_UNAVAILABLE, "Question bank cannot fill", None),
    (AttemptInProgress, status.HTTP_409_CONFLICT, "Attempt in progress", _open_attempt),
    (SpecialtyNotAvailable, status.HTTP_409_CONFLICT, "Specialty retired", None),
    (StartKeyReused, IdempotencyKeyReused.status, IdempotencyKeyReused.title, None),
    (RetakeRefused, status.HTTP_409_CONFLICT, "Retake refused", _retake_opens),
    (AttemptClosed, status.HTTP_409_CONFLICT, "Attempt closed", None),
    (AttemptVoidedError, status.HTTP_409_CONFLICT, "Attempt voided", None),
    (TimeLimitExceeded, status.HTTP_409_CONFLICT, "Time limit exceeded", None),
    (UnansweredItems, status.HTTP_409_CONFLICT, "Unanswered items", _unanswered),
    (NotGradedYet, status.HTTP_409_CONFLICT, "Not graded yet", None),
    (DomainError, status.HTTP_409_CONFLICT, "Refused", None),
)
"""Each refusal's status and title; its problem type is the title as a slug. Handlers are found
by the exception's class hierarchy, so a subclass without its own row answers as its parent."""


def _slug(title: str) -> str:
    return "-".join(title.lower().replace("-", " ").split())


PRACTICE_LIMIT = ProblemKind(
    status.HTTP_429_TOO_MANY_REQUESTS,
    "Practice limit reached",
    "practice-limit-reached",
    extensions=_practice_opens,
    headers=_retry_after,
)
"""429 with ``Retry-After`` and ``not_before``: when the next practice attempt can start."""


def install_error_handlers(app: FastAPI) -> None:
    register_problems(app, {PracticeLimitReached: PRACTICE_LIMIT})
    register_problems(
        app,
        {
            error_type: ProblemKind(code, title, _slug(title), extensions)
            for error_type, code, title, extensions in _PROBLEMS
        },
    )
