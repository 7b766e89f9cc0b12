"""W3C trace context carried HTTP → outbox → Kafka → handler.

An HTTP request (or a consumed record) opens a span whose parent is the caller's ``traceparent``;
:meth:`jobpeak_runtime.uow.UnitOfWork.emit` stores the current ``traceparent`` in the outbox row,
the relay publishes it as a record header, and the consuming side continues the same trace. The
provider has no exporter by default; a deployment adds one with :meth:`Tracing.add_span_processor`.

Until a span processor is added nothing would ever read a recorded span, so :meth:`Tracing.span`
only makes the span's context (the parent's trace id, a new span id, the parent's flags): that
is all the logs' ``trace_id`` and the outbox's ``traceparent`` need, and a recorded SDK span per
request and per consumed record was a sixth of the consumer's per-record cost (issue 19, B1).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.trace import NonRecordingSpan, Span, SpanContext, SpanKind, TraceFlags
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

TRACEPARENT = "traceparent"
_propagator = TraceContextTextMapPropagator()


class Tracing:
    """The tracer of one service process; built by the composition root."""

    def __init__(self, *, service_name: str) -> None:
        self.provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
        self._tracer = self.provider.get_tracer("jobpeak_runtime")
        self._ids = RandomIdGenerator()
        self._recording = False

    def add_span_processor(self, processor: SpanProcessor) -> None:
        """Record every span from now on and hand it to ``processor`` (an exporter's)."""
        self.provider.add_span_processor(processor)
        self._recording = True

    @contextmanager
    def span(
        self, name: str, *, kind: SpanKind, parent: Mapping[str, str] | None = None
    ) -> Iterator[Span]:
        """Run the block in a new current span, child of the ``traceparent`` in ``parent``."""
        context = _propagator.extract(dict(parent)) if parent else None
        if self._recording:
            with self._tracer.start_as_current_span(name, context=context, kind=kind) as span:
                yield span
            return
        span = NonRecordingSpan(self._child_context(context))
        token = otel_context.attach(trace.set_span_in_context(span))
        try:
            yield span
        finally:
            otel_context.detach(token)

    def _child_context(self, context: Context | None) -> SpanContext:
        """What the SDK's default sampler gives a child: the parent's trace and flags, or a new
        sampled trace when there is no valid parent."""
        parent = trace.get_current_span(context).get_span_context()
        if not parent.is_valid:
            return SpanContext(
                trace_id=self._ids.generate_trace_id(),
                span_id=self._ids.generate_span_id(),
                is_remote=False,
                trace_flags=TraceFlags(TraceFlags.SAMPLED),
            )
        return SpanContext(
            trace_id=parent.trace_id,
            span_id=self._ids.generate_span_id(),
            is_remote=False,
            trace_flags=parent.trace_flags,
            trace_state=parent.trace_state,
        )

    def shutdown(self) -> None:
        self.provider.shutdown()


def current_traceparent() -> str | None:
    """The ``traceparent`` header value of the current span, if there is a valid one."""
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{context.trace_flags:02x}"


def current_trace_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None
