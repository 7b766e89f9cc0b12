"""The dead-letter record format: the original record plus why, where and by whom it failed.

``<topic>.dlq`` keeps the original key, value and headers, followed by the ``jobpeak-dlq-*``
diagnostics. A replay (:mod:`jobpeak_runtime.deadletters`) sends the original back with
``jobpeak-replay-for: <consumer>``, so only the consumer that failed handles it again.
"""

from __future__ import annotations

from datetime import UTC, datetime

from jobpeak_contracts.topics import dead_letter_topic_name

from jobpeak_runtime.consumed import ConsumedRecord
from jobpeak_runtime.records import KafkaRecord

DLQ_PREFIX = "jobpeak-dlq-"
DLQ_ERROR = "jobpeak-dlq-error"
DLQ_ATTEMPTS = "jobpeak-dlq-attempts"
DLQ_CONSUMER = "jobpeak-dlq-consumer"
DLQ_TOPIC = "jobpeak-dlq-topic"
DLQ_PARTITION = "jobpeak-dlq-partition"
DLQ_OFFSET = "jobpeak-dlq-offset"
DLQ_TIME = "jobpeak-dlq-time"
REPLAY_FOR = "jobpeak-replay-for"
_MAX_ERROR_TEXT = 2000


def dead_letter_record(
    consumed: ConsumedRecord, error: BaseException, *, attempts: int, consumer: str
) -> KafkaRecord:
    """The record for ``<topic>.dlq``: the original, plus why and where it failed."""
    record = consumed.record
    original_headers = tuple(
        (name, value)
        for name, value in record.headers
        if not name.startswith(DLQ_PREFIX) and name != REPLAY_FOR
    )
    error_text = f"{type(error).__name__}: {error}"[:_MAX_ERROR_TEXT]
    diagnostics = (
        (DLQ_ERROR, error_text),
        (DLQ_ATTEMPTS, str(attempts)),
        (DLQ_CONSUMER, consumer),
        (DLQ_TOPIC, record.topic),
        (DLQ_PARTITION, str(consumed.partition)),
        (DLQ_OFFSET, str(consumed.offset)),
        (DLQ_TIME, datetime.now(UTC).isoformat()),
    )
    return KafkaRecord(
        topic=dead_letter_topic_name(record.topic),
        key=record.key,
        headers=original_headers
        + tuple((name, value.encode("utf-8")) for name, value in diagnostics),
        value=record.value,
    )
