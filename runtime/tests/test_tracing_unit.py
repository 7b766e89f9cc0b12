from __future__ import annotations

import pytest
from jobpeak_runtime.tracing import Tracing, current_trace_id, current_traceparent
from opentelemetry.trace import SpanKind

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
