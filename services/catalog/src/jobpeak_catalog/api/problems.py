"""How the catalog's failures look over HTTP: RFC 9457 problem details, mapped once.

``422`` bad input (body, path, query or bank file), ``409`` a clash with the current state
(a duplicate, a specialty the bank cannot fill, a status that forbids the action), ``404``
something that does not exist. Every problem in the input is listed in ``errors``, each with
its ``location`` (``practice.pass_mark``, ``questions[3].answer``) and, for a bank file, the
file's name in ``source``; the values sent are never echoed back, so an answer key cannot leak
into a response or a log line. Nothing was written when any of these is answered.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from jobpeak_runtime.problems import ProblemFieldError, problem_response
from jobpeak_runtime.problems_openapi import problem_responses

from jobpeak_catalog.application.errors import Conflict, NotFound
from jobpeak_catalog.domain.bank import QUESTION_FORMAT_TAGS
from jobpeak_catalog.domain.problems import InvalidInput, Problem, problems_from_error_details
from jobpeak_catalog.domain.publication import PublishRefused

ERROR_STATUSES = (
    status.HTTP_404_NOT_FOUND,
    status.HTTP_409_CONFLICT,
    status.HTTP_422_UNPROCESSABLE_CONTENT,
)
ERROR_RESPONSES = problem_responses(*ERROR_STATUSES)
ADMIN_ERROR_RESPONSES = problem_responses(
    status.HTTP_401_UNAUTHORIZED, status.HTTP_403_FORBIDDEN, *ERROR_STATUSES
)
"""The admin routes also answer a missing or invalid token (401) and a non-admin (403)."""


def _problems(
    *, status_code: int, title: str, type_slug: str, detail: str, problems: Sequence[Problem]
) -> JSONResponse:
    sources = {problem.source for problem in problems if problem.source is not None}
    return problem_response(
        status=status_code,
        title=title,
        type_slug=type_slug,
        detail=detail,
        errors=[ProblemFieldError(location=p.field, message=p.message) for p in problems],
        extensions={"source": sources.pop()} if len(sources) == 1 else None,
    )


def _count(problems: int) -> str:
    return f"{problems} problem" if problems == 1 else f"{problems} problems"


async def _invalid_input(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidInput)
    count = len(exc.problems)
    if isinstance(exc, PublishRefused):
        return _problems(
            status_code=status.HTTP_409_CONFLICT,
            title="Publish refused",
            type_slug="publish-refused",
            detail=f"the specialty cannot be published as it stands ({_count(count)})",
            problems=exc.problems,
        )
    return _problems(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        title="Invalid input",
        type_slug="invalid-input",
        detail=f"{_count(count)}; nothing was written",
        problems=exc.problems,
    )


async def _request_invalid(_: Request, exc: Exception) -> JSONResponse:
    """Request validation in the catalog's terms: fields named as an author writes them."""
    assert isinstance(exc, RequestValidationError)
    details = [
        {
            **detail,
            "loc": tuple(detail["loc"][1:]) if detail["loc"][:1] == ("body",) else detail["loc"],
        }
        for detail in exc.errors()
    ]
    problems = problems_from_error_details(details, ignored_location_parts=QUESTION_FORMAT_TAGS)
    return _problems(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        title="Invalid input",
        type_slug="invalid-input",
        detail=f"{_count(len(problems))}; nothing was written",
        problems=problems,
    )


async def _not_found(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NotFound)
    return _problems(
        status_code=status.HTTP_404_NOT_FOUND,
        title="Not found",
        type_slug="not-found",
        detail=f"no such {exc.what}",
        problems=[Problem(field=exc.what, message="does not exist")],
    )


async def _conflict(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Conflict)
    return _problems(
        status_code=status.HTTP_409_CONFLICT,
        title="Conflict",
        type_slug="conflict",
        detail=exc.message,
        problems=[Problem(field=exc.field, message=exc.message)],
    )


def install_error_handlers(app: FastAPI) -> None:
    """Map the catalog's own exceptions; the runtime answers everything else as problems."""
    app.add_exception_handler(InvalidInput, _invalid_input)
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(Conflict, _conflict)
