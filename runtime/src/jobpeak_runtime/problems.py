"""RFC 9457 problem details: the one error format of every Jobpeak API.

Every 4xx and 5xx a service answers is ``application/problem+json``::

    {"type": "urn:jobpeak:problem:attempt-not-found", "title": "Attempt not found",
     "status": 404, "detail": "attempt 7f… not found", "trace_id": "4bf9…"}

``detail`` is always a string. A 422 for bad input adds ``errors``, one
``{"location": "body.answers.0.choice", "message": "Field required"}`` per fault; the value
sent is never echoed (it may be an answer key, or bytes that would break the response).

A service raises a :class:`ProblemError` subclass, or keeps its own exception and maps it once
with :func:`register_problem`; ``HTTPException`` keeps working and becomes an ``about:blank``
problem. Routes document their error statuses with :func:`problem_responses`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, ClassVar, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from jobpeak_runtime.tracing import current_trace_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:jobpeak:problem:"
"""Problem types are URNs: they name a kind of failure and need not resolve (RFC 9457 §3.1.1)."""

ErrorT = TypeVar("ErrorT", bound=Exception)


class ProblemFieldError(BaseModel):
    """One fault in the request: where (``body.items.0.price``, ``query.limit``) and what."""

    location: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem details object; services may add extension members."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[ProblemFieldError] | None = None


class ProblemError(Exception):
    """Base of a service's refusals that map to one HTTP status.

    ::

        class AttemptNotFound(ProblemError):
            status = 404
            title = "Attempt not found"
            type_slug = "attempt-not-found"

        raise AttemptNotFound(f"attempt {attempt_id} not found")
    """

    status: ClassVar[int] = 400
    title: ClassVar[str] = "Bad request"
    type_slug: ClassVar[str] = "bad-request"

    def __init__(self, detail: str, *, extensions: Mapping[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions: Mapping[str, Any] = extensions or {}


def problem_response(
    *,
    status: int,
    title: str | None = None,
    detail: str | None = None,
    type_slug: str | None = None,
    errors: Iterable[ProblemFieldError] | None = None,
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> JSONResponse:
    """A problem details response; ``type`` is ``about:blank`` unless ``type_slug`` is given."""
    problem = Problem(
        type=TYPE_PREFIX + type_slug if type_slug else "about:blank",
        title=title or HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        errors=list(errors) if errors is not None else None,
        **dict(extensions or {}),
    )
    body = problem.model_dump(mode="json", exclude_none=True)
    trace_id = current_trace_id()
    if trace_id:
        body.setdefault("trace_id", trace_id)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def location_of(loc: Iterable[int | str]) -> str:
    """``("body", "answers", 0, "choice")`` → ``"body.answers.0.choice"``."""
    return ".".join(str(part) for part in loc)


async def _http_exception(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    return problem_response(
        status=error.status_code,
        detail=error.detail if isinstance(error.detail, str) else None,
        headers=error.headers,
    )


async def _validation_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return problem_response(
        status=422,
        title="Invalid request",
        type_slug="invalid-request",
        detail="the request does not match what this route accepts; see errors",
        errors=[
            ProblemFieldError(location=location_of(fault["loc"]), message=str(fault["msg"]))
            for fault in error.errors()
        ],
    )


async def _problem_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ProblemError)
    return problem_response(
        status=error.status,
        title=error.title,
        type_slug=error.type_slug,
        detail=error.detail,
        extensions=error.extensions,
    )


def register_problem(
    app: FastAPI,
    error_type: type[ErrorT],
    *,
    status: int,
    title: str,
    type_slug: str,
    extensions: Callable[[ErrorT], Mapping[str, Any]] | None = None,
    headers: Callable[[ErrorT], Mapping[str, str]] | None = None,
) -> None:
    """Answer ``error_type`` (raised anywhere in a route) as one problem; detail is ``str(error)``.

    For exceptions that stay free of the runtime (a domain's own errors)::

        register_problem(app, RetakeRefused, status=409, title="Retake refused",
                         type_slug="retake-refused",
                         extensions=lambda e: {"not_before": e.not_before.isoformat()})

    ``headers`` adds response headers taken from the error (``Retry-After`` on a 429).
    """

    async def handle(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, error_type)
        return problem_response(
            status=status,
            title=title,
            type_slug=type_slug,
            detail=str(error),
            headers=headers(error) if headers is not None else None,
            extensions=extensions(error) if extensions is not None else None,
        )

    app.add_exception_handler(error_type, handle)


@dataclass(frozen=True, slots=True)
class ProblemKind:
    """How one exception type answers (see :func:`register_problem`)."""

    status: int
    title: str
    type_slug: str
    extensions: Callable[[Any], Mapping[str, Any]] | None = None
    headers: Callable[[Any], Mapping[str, str]] | None = None


def register_problems(app: FastAPI, kinds: Mapping[type[Exception], ProblemKind]) -> None:
    """:func:`register_problem` for each row of a service's table of refusals::

        register_problems(app, {OrderNotFound: ProblemKind(404, "Not found", "not-found")})

    Handlers are found by the exception's class hierarchy, so a subclass without its own row
    answers as its nearest listed base class.
    """
    for error_type, kind in kinds.items():
        register_problem(
            app,
            error_type,
            status=kind.status,
            title=kind.title,
            type_slug=kind.type_slug,
            extensions=kind.extensions,
            headers=kind.headers,
        )


def install_problem_handlers(app: FastAPI) -> None:
    """Answer ``HTTPException``, request validation and :class:`ProblemError` as problems."""
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ProblemError, _problem_error)
