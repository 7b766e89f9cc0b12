from __future__ import annotations

import pytest
from jobpeak_runtime.tracing import Tracing, _remote_parent, current_trace_id, current_traceparent
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, get_current_span
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

pytestmark = pytest.mark.unit

PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_a_span_continues_the_callers_trace() -> None:
    tracing = Tracing(service_name="svc")
    with tracing.span("consume", kind=SpanKind.CONSUMER, parent={"traceparent": PARENT}):
        assert current_trace_id() == "4bf92f3577b34da6a3ce929d0e0e4736"
        traceparent = current_traceparent()
    assert traceparent is not None
    assert traceparent.split("-")[1] == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert traceparent.split("-")[2] != "00f067aa0ba902b7"  # a child span, not the caller's


def test_without_a_parent_a_new_trace_starts() -> None:
    tracing = Tracing(service_name="svc")
    with tracing.span("serve", kind=SpanKind.SERVER, parent={"traceparent": ""}):
        assert current_trace_id() is not None
    assert current_traceparent() is None


def test_with_a_span_processor_spans_are_recorded_in_the_same_trace() -> None:
    tracing = Tracing(service_name="svc")
    exporter = InMemorySpanExporter()
    tracing.add_span_processor(SimpleSpanProcessor(exporter))
    with tracing.span("consume", kind=SpanKind.CONSUMER, parent={"traceparent": PARENT}):
        traceparent = current_traceparent()
    (span,) = exporter.get_finished_spans()
    assert span.name == "consume"
    assert traceparent == f"00-{span.context.trace_id:032x}-{span.context.span_id:016x}-01"
    assert span.parent is not None
    assert span.parent.span_id == int("00f067aa0ba902b7", 16)


def test_the_outbox_traceparent_is_what_the_w3c_propagator_writes() -> None:
    tracing = Tracing(service_name="svc")
    with tracing.span("consume", kind=SpanKind.CONSUMER, parent={"traceparent": PARENT}):
        carrier: dict[str, str] = {}
        TraceContextTextMapPropagator().inject(carrier)
        assert current_traceparent() == carrier["traceparent"]


@pytest.mark.parametrize(
    "carrier",
    [
        {"traceparent": PARENT},
        {"traceparent": " \t" + PARENT + " "},
        {"traceparent": PARENT.replace("-01", "-00")},
        {"traceparent": "01" + PARENT[2:] + "-future"},
        {"traceparent": PARENT + "-extra"},  # version 00 takes nothing more
        {"traceparent": "ff" + PARENT[2:]},
        {"traceparent": PARENT.replace("4bf92f3577b34da6a3ce929d0e0e4736", "0" * 32)},
        {"traceparent": PARENT.replace("00f067aa0ba902b7", "0" * 16)},
        {"traceparent": PARENT.upper()},
        {"traceparent": PARENT + " " * 600},
        {"traceparent": ""},
        {"traceparent": PARENT, "tracestate": "vendor=value"},
    ],
)
def test_the_parent_is_read_as_the_w3c_propagator_reads_it(carrier: dict[str, str]) -> None:
    expected = get_current_span(TraceContextTextMapPropagator().extract(carrier))

    assert _remote_parent(carrier) == expected.get_span_context()
