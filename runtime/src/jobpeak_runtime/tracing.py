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

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.trace import (
    INVALID_SPAN_CONTEXT,
    NonRecordingSpan,
    Span,
    SpanContext,
    SpanKind,
    TraceFlags,
)
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

TRACEPARENT = "traceparent"
TRACESTATE = "tracestate"
_propagator = TraceContextTextMapPropagator()
# The propagator's own reading of the header (opentelemetry-api's tracecontext module).
_TRACEPARENT_FORMAT = re.compile(
    r"^[ \t]*([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:(-.*)|[ \t]*)$"
)
_TRACEPARENT_MAX_LENGTH = 512
_ZERO_TRACE_ID = "0" * 32
_ZERO_SPAN_ID = "0" * 16


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
        if self._recording:
            context = _propagator.extract(dict(parent)) if parent else None
            with self._tracer.start_as_current_span(name, context=context, kind=kind) as span:
                yield span
            return
        span = NonRecordingSpan(
            self._child_context(
                _remote_parent(parent) if parent else trace.get_current_span().get_span_context()
            )
        )
        token = otel_context.attach(trace.set_span_in_context(span))
        try:
            yield span
        finally:
            otel_context.detach(token)

    def _child_context(self, parent: SpanContext) -> SpanContext:
        """What the SDK's default sampler gives a child: the parent's trace and flags, or a new
        sampled trace when there is no valid parent."""
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


def _remote_parent(carrier: Mapping[str, str]) -> SpanContext:
    """The parent the W3C propagator reads from ``carrier`` (invalid when there is none), read
    without its ``Context`` and getter layers when there is no ``tracestate`` (the runtime's
    carriers: a record's or request's ``traceparent`` alone)."""
    if TRACESTATE in carrier:
        return trace.get_current_span(_propagator.extract(dict(carrier))).get_span_context()
    header = carrier.get(TRACEPARENT, "")
    match = _TRACEPARENT_FORMAT.search(header) if len(header) <= _TRACEPARENT_MAX_LENGTH else None
    if match is None:
        return INVALID_SPAN_CONTEXT
    version, trace_id, span_id, flags, rest = match.groups()
    if (
        trace_id == _ZERO_TRACE_ID
        or span_id == _ZERO_SPAN_ID
        or (version == "00" and rest)
        or version == "ff"
    ):
        return INVALID_SPAN_CONTEXT
    return SpanContext(
        trace_id=int(trace_id, 16),
        span_id=int(span_id, 16),
        is_remote=True,
        trace_flags=TraceFlags(int(flags, 16)),
    )


def current_traceparent() -> str | None:
    """The ``traceparent`` header value of the current span, if there is a valid one."""
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{context.trace_flags:02x}"


def current_trace_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None
