"""HTTP plumbing shared by every service: trace context and the synthetic-traffic mark per
request, the unit of work, the clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from opentelemetry.trace import SpanKind
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobpeak_runtime.clock import Clock, utc_now
from jobpeak_runtime.logging import bound_log_context
from jobpeak_runtime.synthetic import SYNTHETIC_HTTP_HEADER, marks_synthetic, synthetic_context
from jobpeak_runtime.tracing import TRACEPARENT, Tracing, current_trace_id
from jobpeak_runtime.uow import UnitOfWork, UnitOfWorkFactory


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


class TrackedSend:
    """An ASGI ``send`` that remembers whether the response has started."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        self.started = self.started or message["type"] == "http.response.start"
        await self._send(message)


class TracingMiddleware:
    """Runs each HTTP request in a server span continuing the caller's ``traceparent``."""

    def __init__(self, app: ASGIApp, *, tracing: Tracing) -> None:
        self._app = app
        self._tracing = tracing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        traceparent = ""
        for name, value in scope.get("headers", ()):
            if name == TRACEPARENT.encode():
                traceparent = value.decode("latin-1")
        with (
            self._tracing.span(
                f"{scope['method']} {scope['path']}",
                kind=SpanKind.SERVER,
                parent={TRACEPARENT: traceparent},
            ),
            bound_log_context(trace_id=current_trace_id()),
        ):
            await self._app(scope, receive, send)


class SyntheticTrafficMiddleware(HttpMiddleware):
    """Marks the request's context synthetic when it carries ``Jobpeak-Synthetic: 1``.

    The events the request emits then carry ``ce_jobpeaksynthetic`` (see
    :mod:`jobpeak_runtime.synthetic`).
    """

    _header = SYNTHETIC_HTTP_HEADER.lower().encode()

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        value = next(
            (
                raw.decode("latin-1")
                for name, raw in scope.get("headers", ())
                if name == self._header
            ),
            None,
        )
        with synthetic_context(marks_synthetic(value)):
            await self._app(scope, receive, send)


async def unit_of_work(request: Request) -> AsyncIterator[UnitOfWork]:
    """FastAPI dependency: a unit of work for this request; the route commits it."""
    factory: UnitOfWorkFactory[UnitOfWork] = request.app.state.uow_factory
    async with factory() as uow:
        yield uow


UnitOfWorkDep = Annotated[UnitOfWork, Depends(unit_of_work)]


async def request_clock(request: Request) -> Clock:
    """FastAPI dependency: ``app.state.clock`` (a test pins or moves it), else the system clock.

    ``async`` although it awaits nothing, like every dependency without blocking I/O: FastAPI
    runs a plain ``def`` dependency in its thread pool, a thread hand-off per request each.
    """
    clock: Clock = getattr(request.app.state, "clock", utc_now)
    return clock


ClockDep = Annotated[Clock, Depends(request_clock)]
"""The clock of the app: ``now = clock()``. Set ``app.state.clock`` in the composition root."""


def app_state(name: str) -> Callable[[Request], Awaitable[Any]]:
    """A FastAPI dependency answering ``request.app.state.<name>``, set by the composition root::

        GatewayDep = Annotated[PaymentGateway, Depends(app_state("gateway"))]

    ``async`` for the reason :func:`request_clock` gives.
    """

    async def from_app_state(request: Request) -> Any:
        return getattr(request.app.state, name)

    return from_app_state
