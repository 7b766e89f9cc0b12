"""Request bodies are capped before they are buffered: 413 problem details beyond the limit.

A declared ``Content-Length`` over the limit is refused before one byte is read; a body sent
without one (chunked) is counted as it arrives and refused the moment it passes the limit. The
limit is ``default_bytes`` unless a path pattern says otherwise; the longest matching pattern
wins, ``*`` stands for one path segment::

    {"/webhooks/stripe": 262_144, "/specialties/*/bank-imports": 8_388_608}
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobpeak_runtime.http import HttpMiddleware, TrackedSend
from jobpeak_runtime.path_patterns import path_pattern
from jobpeak_runtime.problems import problem_response

DEFAULT_BODY_LIMIT_BYTES = 1_048_576
"""1 MiB: far above any JSON request of the platform, far below what could exhaust memory."""


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when the body passes its limit.

    An ``HTTPException`` so FastAPI passes it on while reading a body (it turns other errors
    into 400) and the problem handlers answer it as a 413.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, detail=f"the request body is larger than {limit} bytes")


class BodySizeLimitMiddleware(HttpMiddleware):
    def __init__(self, app: ASGIApp, *, default_bytes: int, by_path: Mapping[str, int]) -> None:
        super().__init__(app)
        self._default = default_bytes
        self._limits = sorted(
            ((path_pattern(path), limit) for path, limit in by_path.items()),
            key=lambda item: len(item[0].pattern),
            reverse=True,
        )

    def limit_for(self, path: str) -> int:
        for pattern, limit in self._limits:
            if pattern.match(path):
                return limit
        return self._default

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limit_for(scope["path"])
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await _too_large(limit)(scope, receive, send)
                return
        received = 0

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        tracked = TrackedSend(send)
        try:
            await self._app(scope, counting, tracked)
        except BodyTooLarge:
            if tracked.started:
                raise
            await _too_large(limit)(scope, receive, send)


def _too_large(limit: int) -> ASGIApp:
    return problem_response(status=413, detail=f"the request body is larger than {limit} bytes")
