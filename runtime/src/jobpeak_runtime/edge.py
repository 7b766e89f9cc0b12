"""ASGI middleware at the edge of every service: refuse hostile input, never leak a traceback.

- :class:`StrictInputMiddleware` applies the strict JSON policy (:mod:`jobpeak_runtime.strict_json`)
  to JSON bodies and NUL/surrogate checks to the path and query, answering 422 problems before
  any route, validator or database sees the request.
- :class:`UnhandledErrorMiddleware` turns an exception no handler took into a 500 problem (503 +
  ``Retry-After`` when the database is away) and one log line (no traceback in the body, no
  traceback storm in the log).
- :class:`~jobpeak_runtime.rate_limits.RateLimitMiddleware` answers 429 to a caller over its
  limit, before the body is read.
- :class:`ApiHeadersMiddleware` adds ``X-Content-Type-Options: nosniff`` and
  ``Cache-Control: no-store`` to every response.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobpeak_runtime.body_limits import DEFAULT_BODY_LIMIT_BYTES, BodySizeLimitMiddleware
from jobpeak_runtime.http import HttpMiddleware, TrackedSend
from jobpeak_runtime.infrastructure import is_unavailable
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.problems import ProblemFieldError, install_problem_handlers, problem_response
from jobpeak_runtime.problems_openapi import document_problems
from jobpeak_runtime.rate_limits import RateLimitMiddleware, RateLimits
from jobpeak_runtime.strict_json import InputViolation, json_body_violations, url_violations

_log = get_logger(__name__)

RETRY_AFTER_SECONDS = 5
"""What a 503 asks a client to wait: a database restart or failover takes seconds."""

API_HEADERS = ((b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store"))


def _is_json(scope: Scope) -> bool:
    """Whether FastAPI would read the body as JSON: a JSON media type, or none at all."""
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            media_type: bytes = value.split(b";", 1)[0].strip().lower()
            return media_type == b"application/json" or media_type.endswith(b"+json")
    return True


async def _refuse(scope: Scope, receive: Receive, send: Send, found: list[InputViolation]) -> None:
    response = problem_response(
        status=422,
        title="Invalid request",
        type_slug="invalid-request",
        detail="the request carries values no Jobpeak API accepts; see errors",
        errors=[ProblemFieldError(location=v.location, message=v.message) for v in found],
    )
    await response(scope, receive, send)


async def read_body(receive: Receive) -> tuple[bytes, list[Message]]:
    """The whole request body, and the messages that carried it (to replay them)."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks), messages


def replaying(messages: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that gives ``messages`` again, then whatever ``receive`` gives."""
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


class StrictInputMiddleware(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = url_violations(path=scope["path"], query_string=scope.get("query_string", b""))
        if found:
            await _refuse(scope, receive, send, found)
            return
        if not _is_json(scope):
            await self._app(scope, receive, send)
            return
        body, messages = await read_body(receive)
        found = json_body_violations(body) if body else []
        if found:
            await _refuse(scope, receive, send, found)
            return
        await self._app(scope, replaying(messages, receive), send)


def concise(error: BaseException) -> str:
    """The first line of an error's message, without SQL parameters (which may hold input)."""
    cause = getattr(error, "orig", None) or error
    return (str(cause).splitlines() or [""])[0][:200]


def origin(error: BaseException) -> str:
    """``file:line`` where ``error`` was raised."""
    frames = traceback.extract_tb(error.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "unknown"


class UnhandledErrorMiddleware(HttpMiddleware):
    """The last resort: one concise log line, and a problem instead of a traceback.

    The database being away (or too slow: a statement or lock timeout, no free connection) is
    answered 503 with ``Retry-After``; anything else is a 500.
    """

    def __init__(self, app: ASGIApp, *, retry_after_seconds: int = RETRY_AFTER_SECONDS) -> None:
        super().__init__(app)
        self._retry_after = str(retry_after_seconds)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        tracked = TrackedSend(send)
        try:
            await self._app(scope, receive, tracked)
        except Exception as error:
            unavailable = is_unavailable(error)
            (_log.warning if unavailable else _log.error)(
                "database unavailable" if unavailable else "unhandled error",
                method=scope["method"],
                path=scope["path"],
                error_type=type(error).__name__,
                error=concise(error),
                at=origin(error),
            )
            if tracked.started:
                raise
            if unavailable:
                response = problem_response(
                    status=503,
                    detail="the service cannot reach its database; retry later",
                    headers={"Retry-After": self._retry_after},
                )
            else:
                response = problem_response(
                    status=500, detail="an unexpected error; it has been logged"
                )
            await response(scope, receive, send)


class ApiHeadersMiddleware(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in API_HEADERS if n not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self._app(scope, receive, with_headers)


def install_problem_details(
    app: FastAPI,
    *,
    retry_after_seconds: int = RETRY_AFTER_SECONDS,
    body_limit_bytes: int = DEFAULT_BODY_LIMIT_BYTES,
    body_limits: Mapping[str, int] | None = None,
    rate_limits: RateLimits | None = None,
) -> None:
    """Every error of ``app`` as a problem, hostile input and oversized bodies refused at the
    edge (``body_limits``: path pattern → bytes, see :mod:`jobpeak_runtime.body_limits`), callers
    over ``rate_limits`` refused before their body is read (429), API headers.

    Call before adding middleware that should see the problems (tracing): middleware added
    later wraps these.
    """
    install_problem_handlers(app)
    document_problems(app)
    app.add_middleware(StrictInputMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware, default_bytes=body_limit_bytes, by_path=body_limits or {}
    )
    if rate_limits is not None:
        app.add_middleware(
            RateLimitMiddleware,
            policy=rate_limits.policy,
            subject_of=rate_limits.subject_of,
            on_limited=rate_limits.on_limited,
        )
    app.add_middleware(UnhandledErrorMiddleware, retry_after_seconds=retry_after_seconds)
    app.add_middleware(ApiHeadersMiddleware)
