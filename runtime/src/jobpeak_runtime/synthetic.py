"""Synthetic traffic: what the demo, the tests and load tools cause, marked so analytics skip it.

A caller marks its HTTP requests with ``Jobpeak-Synthetic: 1``;
:class:`~jobpeak_runtime.http.SyntheticTrafficMiddleware` makes that the mark of the request's
context, and every event emitted in a marked context carries the CloudEvents extension attribute
``jobpeaksynthetic`` (Kafka header ``ce_jobpeaksynthetic: true``), stored with the outbox row. A
consumer handling a marked record runs its handler in a marked context, so the events it emits in
response are marked too. Events of periodic jobs (offers made by a matching round, SLA breaches)
are emitted outside any request or record and are not marked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from jobpeak_contracts.attributes import HEADER_SYNTHETIC, SYNTHETIC_TRUE

from jobpeak_runtime.records import HeaderPairs, KafkaRecord

SYNTHETIC_HTTP_HEADER = "Jobpeak-Synthetic"
SYNTHETIC_TRAFFIC = {SYNTHETIC_HTTP_HEADER: "1"}
"""Headers a test, demo or load tool adds to every request it makes."""

_MARKING_VALUES = frozenset({"1", "true"})
_synthetic: ContextVar[bool] = ContextVar("jobpeak_synthetic", default=False)


def is_synthetic() -> bool:
    """Whether the current request or handled record is synthetic traffic."""
    return _synthetic.get()


@contextmanager
def synthetic_context(marked: bool) -> Iterator[None]:
    """Run the block with the synthetic mark ``marked``."""
    token = _synthetic.set(marked)
    try:
        yield
    finally:
        _synthetic.reset(token)


def marks_synthetic(value: str | None) -> bool:
    """Whether a header value (HTTP or Kafka) marks traffic synthetic: ``1`` or ``true``."""
    return value is not None and value.strip().lower() in _MARKING_VALUES


def record_is_synthetic(record: KafkaRecord) -> bool:
    return marks_synthetic(record.header_text(HEADER_SYNTHETIC))


def with_synthetic_mark(headers: HeaderPairs) -> HeaderPairs:
    """``headers`` plus the synthetic extension attribute when the current context is marked."""
    if not is_synthetic() or any(name == HEADER_SYNTHETIC for name, _ in headers):
        return headers
    return (*headers, (HEADER_SYNTHETIC, SYNTHETIC_TRUE.encode()))
