"""What a dead letter carries: the original record plus headers saying why and where it failed.

A record a consumer keeps failing on goes to ``<topic>.dlq`` (see
:func:`jobpeak_contracts.topics.dead_letter_topic_name`) with its key, value and headers unchanged
and the headers below added, all UTF-8. Every added header starts with
:data:`DEAD_LETTER_HEADER_PREFIX`, so a replay strips them by prefix.
"""

from __future__ import annotations

from enum import StrEnum

DEAD_LETTER_HEADER_PREFIX = "jobpeak-dlq-"


class DeadLetterHeader(StrEnum):
    """The headers a dead letter adds to the original record."""

    ERROR = "jobpeak-dlq-error"
    ATTEMPTS = "jobpeak-dlq-attempts"
    CONSUMER = "jobpeak-dlq-consumer"
    TOPIC = "jobpeak-dlq-topic"
    PARTITION = "jobpeak-dlq-partition"
    OFFSET = "jobpeak-dlq-offset"
    TIME = "jobpeak-dlq-time"


DEAD_LETTER_HEADER_DESCRIPTIONS: dict[DeadLetterHeader, str] = {
    DeadLetterHeader.ERROR: "Exception type and message of the last failure (at most 2,000 chars).",
    DeadLetterHeader.ATTEMPTS: "How many times the consumer tried the record (decimal).",
    DeadLetterHeader.CONSUMER: "The consumer (service) that gave up on the record.",
    DeadLetterHeader.TOPIC: "The topic the record was read from (with any prefix).",
    DeadLetterHeader.PARTITION: "Its partition there (decimal).",
    DeadLetterHeader.OFFSET: "Its offset there (decimal).",
    DeadLetterHeader.TIME: "When it was dead-lettered (ISO 8601, UTC).",
}
