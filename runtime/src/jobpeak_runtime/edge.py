"""ASGI middleware at the edge of every service: refuse hostile input, never leak a traceback.

- :class:`StrictInputMiddleware` applies the strict JSON policy (:mod:`jobpeak_runtime.strict_json`)
  to JSON bodies and NUL/surrogate checks to the path and query, answering 422 problems before
  any route, validator or database sees the request.
- :class:`UnhandledErrorMiddleware` turns an exception no handler took into a 500 problem and one
  log line (no traceback in the body, no traceback storm in the log).
- :class:`ApiHeadersMiddleware` adds ``X-Content-Type-Options: nosniff`` and
  ``Cache-Control: no-store`` to every response.
"""

from __future__ import annotations

import traceback

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.problems import ProblemFieldError, install_problem_handlers, problem_response
from jobpeak_runtime.problems_openapi import document_problems
from jobpeak_runtime.strict_json import InputViolation, json_body_violations, url_violations

_log = get_logger(__name__)

API_HEADERS = ((b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store"))


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            media_type: bytes = value.split(b";", 1)[0].strip().lower()
            return media_type == b"application/json" or media_type.endswith(b"+json")
    return False


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


class HttpMiddleware:
    """Pure ASGI middleware that acts on HTTP requests only (lifespan passes through)."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.handle(scope, receive, send)
        else:
            await self._app(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


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
    """The last resort: a 500 problem and one concise log line naming where it failed."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._app(scope, receive, tracking_send)
        except Exception as error:
            _log.error(
                "unhandled error",
                method=scope["method"],
                path=scope["path"],
                error_type=type(error).__name__,
                error=concise(error),
                at=origin(error),
            )
            if started:
                raise
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


def install_problem_details(app: FastAPI) -> None:
    """Every error of ``app`` as a problem, hostile input refused at the edge, API headers.

    Call before adding middleware that should see the problems (tracing): middleware added
    later wraps these.
    """
    install_problem_handlers(app)
    document_problems(app)
    app.add_middleware(StrictInputMiddleware)
    app.add_middleware(UnhandledErrorMiddleware)
    app.add_middleware(ApiHeadersMiddleware)
