"""W3C trace context carried HTTP → outbox → Kafka → handler.

An HTTP request (or a consumed record) opens a span whose parent is the caller's ``traceparent``;
:meth:`jobpeak_runtime.uow.UnitOfWork.emit` stores the current ``traceparent`` in the outbox row,
the relay publishes it as a record header, and the consuming side continues the same trace. The
provider has no exporter by default; a deployment may add a span processor to
:attr:`Tracing.provider`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import Span, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

TRACEPARENT = "traceparent"
_propagator = TraceContextTextMapPropagator()


class Tracing:
    """The tracer of one service process; built by the composition root."""

    def __init__(self, *, service_name: str) -> None:
        self.provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
        self._tracer = self.provider.get_tracer("jobpeak_runtime")

    @contextmanager
    def span(
        self, name: str, *, kind: SpanKind, parent: Mapping[str, str] | None = None
    ) -> Iterator[Span]:
        """Run the block in a new current span, child of the ``traceparent`` in ``parent``."""
        context = _propagator.extract(dict(parent)) if parent else None
        with self._tracer.start_as_current_span(name, context=context, kind=kind) as span:
            yield span

    def shutdown(self) -> None:
        self.provider.shutdown()


def current_traceparent() -> str | None:
    """The ``traceparent`` header value of the current span, if there is a valid one."""
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get(TRACEPARENT)


def current_trace_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None
