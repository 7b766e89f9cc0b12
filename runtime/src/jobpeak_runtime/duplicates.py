"""Records whose ``ce_id`` a consumer already processed: skipped, but never silently.

A duplicate is normal after a crash (a record redelivered before its offset was committed) and
suspicious otherwise (a producer reusing a ``ce_id`` for a different event): either way an
operator can find it, by a log line and ``jobpeak_records_skipped{reason="duplicate"}``.
"""

from __future__ import annotations

from jobpeak_runtime.consumed import ConsumedRecord, Outcome
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.metrics import RuntimeMetrics

_log = get_logger(__name__)


def skipped_duplicate(
    consumed: ConsumedRecord, *, earlier: str, metrics: RuntimeMetrics | None
) -> Outcome:
    """Count and log ``consumed`` as a duplicate of a record ``earlier`` handled/dead-lettered."""
    if metrics is not None:
        metrics.skipped.labels(topic=consumed.record.topic, reason="duplicate").inc()
    _log.info(
        "record skipped: its ce_id was already processed",
        event_id=consumed.event_id,
        earlier=earlier,
        topic=consumed.record.topic,
        partition=consumed.partition,
        offset=consumed.offset,
    )
    return Outcome.DUPLICATE
