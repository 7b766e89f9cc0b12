"""How failures look over HTTP: every 4xx names the fields at fault, and nothing was written.

``422`` bad input (body, path, query or bank file), ``409`` a clash with the current state
(a duplicate, a specialty the bank cannot fill, a status that forbids the action), ``404``
something that does not exist. Bodies are ``{"error": ..., "problems": [{field, message,
source}]}``; the values sent are never echoed back, so an answer key cannot leak into a
response or a log line.
"""

from __future__ import annotations

from typing import Literal

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from jobpeak_catalog.application.errors import Conflict, NotFound
from jobpeak_catalog.domain.bank import QUESTION_FORMAT_TAGS
from jobpeak_catalog.domain.problems import InvalidInput, Problem, problems_from_error_details
from jobpeak_catalog.domain.publication import PublishRefused

ErrorKind = Literal["invalid_input", "conflict", "not_found", "publish_refused"]


class ProblemView(BaseModel):
    field: str
    message: str
    source: str | None = None


class ErrorView(BaseModel):
    error: ErrorKind
    problems: list[ProblemView]


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status.HTTP_404_NOT_FOUND: {"model": ErrorView, "description": "Not found."},
    status.HTTP_409_CONFLICT: {"model": ErrorView, "description": "Clashes with current state."},
    status.HTTP_422_UNPROCESSABLE_CONTENT: {
        "model": ErrorView,
        "description": "Bad input; every problem is listed with its field.",
    },
}


def error_response(
    status_code: int, error: ErrorKind, problems: tuple[Problem, ...] | list[Problem]
) -> JSONResponse:
    body = ErrorView(
        error=error,
        problems=[ProblemView(field=p.field, message=p.message, source=p.source) for p in problems],
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=status_code)


async def _invalid_input(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidInput)
    if isinstance(exc, PublishRefused):
        return error_response(status.HTTP_409_CONFLICT, "publish_refused", exc.problems)
    return error_response(status.HTTP_422_UNPROCESSABLE_CONTENT, "invalid_input", exc.problems)


async def _request_invalid(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {
            **detail,
            "loc": tuple(detail["loc"][1:]) if detail["loc"][:1] == ("body",) else detail["loc"],
        }
        for detail in exc.errors()
    ]
    problems = problems_from_error_details(details, ignored_location_parts=QUESTION_FORMAT_TAGS)
    return error_response(status.HTTP_422_UNPROCESSABLE_CONTENT, "invalid_input", problems)


async def _not_found(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NotFound)
    return error_response(
        status.HTTP_404_NOT_FOUND,
        "not_found",
        [Problem(field=exc.what, message=f"{exc.key!r} does not exist")],
    )


async def _conflict(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Conflict)
    return error_response(
        status.HTTP_409_CONFLICT, "conflict", [Problem(field=exc.field, message=exc.message)]
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(InvalidInput, _invalid_input)
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(Conflict, _conflict)
