"""What the consumer works on: a consumed record, what became of it, and the retry policy."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from aiokafka import ConsumerRecord

from jobpeak_runtime.records import CE_ID, KafkaRecord, normalise_headers


class Outcome(StrEnum):
    HANDLED = "handled"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"
    DEAD_LETTERED = "dead_lettered"


@dataclass(frozen=True)
class ConsumedRecord:
    record: KafkaRecord
    partition: int
    offset: int

    @classmethod
    def from_kafka(cls, raw: ConsumerRecord[Any, Any]) -> ConsumedRecord:
        """The runtime's view of a record as aiokafka hands it over."""
        return cls(
            record=KafkaRecord(
                topic=raw.topic,
                key=raw.key,
                headers=normalise_headers(raw.headers or ()),
                value=raw.value,
            ),
            partition=raw.partition,
            offset=raw.offset,
        )

    @cached_property
    def event_id(self) -> str:
        """The record's ``ce_id``, or its position when it has none (a malformed record)."""
        return self.record.header_text(CE_ID) or self.position

    @property
    def position(self) -> str:
        """Where the record sits: the same for a redelivery, different for every other record."""
        return f"kafka:{self.record.topic}/{self.partition}/{self.offset}"


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff_seconds: float = 0.2
    backoff_max_seconds: float = 10.0

    def delay(self, failed_attempts: int) -> float:
        """Pause after ``failed_attempts`` failures: exponential, capped."""
        exponential: float = self.backoff_seconds * 2.0 ** (failed_attempts - 1)
        return min(exponential, self.backoff_max_seconds)
