"""The idempotent consumer: decode, deduplicate, handle, commit — or dead-letter.

:class:`InboxProcessor` opens a unit of work, claims the records' ``ce_id`` s in the inbox
(``INSERT … ON CONFLICT DO NOTHING``), runs the handlers and commits it all in one transaction
(consecutive records of a fetched batch share it). A ``ce_id`` already claimed is skipped, so a
redelivered record has its effect once. The caller acknowledges (commits the Kafka offsets) only
after :meth:`InboxProcessor.process_batch` returns, once every record's fate is committed. Failures:

* The database being unreachable, or a lock held past ``lock_timeout``, is retried without limit
  (with capped backoff): the partition waits rather than dead-lettering healthy records.
* Any other handler error is retried ``max_attempts`` times with exponential backoff; then the
  record, with its original headers plus the error and attempt count, is written to
  ``<topic>.dlq`` through the outbox in the same transaction that marks it ``dead_lettered`` in
  the inbox, and the partition moves on.
* A record that cannot be decoded (malformed envelope or payload, or a known event type in a
  version this build does not support) is dead-lettered at once, once: redelivered after a crash,
  its ``dead_lettered`` inbox row makes it a duplicate.
* A record whose ``ce_type`` is unknown to this build's contracts, or of a type this service has no
  handler for, is skipped and counted (``jobpeak_records_skipped``), as are duplicates (logged).

A replay (:mod:`jobpeak_runtime.deadletters`) republishes a dead letter with the header
``jobpeak-replay-for: <consumer>``; for that consumer only, it is handled (or dead-lettered) again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from jobpeak_contracts.envelope import (
    ContractError,
    DecodedEvent,
    UnknownEventType,
    UnsupportedEventVersion,
    decode,
)
from opentelemetry.trace import SpanKind

from jobpeak_runtime.consumed import ConsumedRecord, Outcome, RetryPolicy
from jobpeak_runtime.dead_letter_records import REPLAY_FOR, dead_letter_record
from jobpeak_runtime.duplicates import skipped_duplicate
from jobpeak_runtime.handled import handling
from jobpeak_runtime.handlers import EventHandlers, HandlerRegistration
from jobpeak_runtime.inbox_claims import claim, claim_all, record_dead_letter
from jobpeak_runtime.infrastructure import is_worth_waiting_for
from jobpeak_runtime.logging import get_logger, lazy_log_context
from jobpeak_runtime.metrics import RuntimeMetrics
from jobpeak_runtime.synthetic import record_is_synthetic, synthetic_context
from jobpeak_runtime.tracing import TRACEPARENT, Tracing, current_trace_id
from jobpeak_runtime.uow import UnitOfWorkFactory

_log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class _Ready:
    """A decoded record with its handler, ready to be handled."""

    consumed: ConsumedRecord
    decoded: DecodedEvent
    registration: HandlerRegistration

    def is_replay_for(self, consumer_name: str) -> bool:
        return self.consumed.record.header_text(REPLAY_FOR) == consumer_name


class InboxProcessor:
    """Processes one consumed record to completion; never raises except on cancellation."""

    def __init__(
        self,
        *,
        consumer_name: str,
        handlers: EventHandlers[Any],
        uow_factory: UnitOfWorkFactory[Any],
        retry: RetryPolicy,
        tracing: Tracing | None = None,
        metrics: RuntimeMetrics | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.consumer_name = consumer_name
        self._handlers = handlers
        self._uow_factory = uow_factory
        self._retry = retry
        self._tracing = tracing or Tracing(service_name=consumer_name)
        self._metrics = metrics
        self._sleep = sleep

    async def process(self, consumed: ConsumedRecord) -> Outcome:
        """Process one record to completion (see :meth:`process_batch`)."""
        (outcome,) = await self.process_batch([consumed])
        return outcome

    async def process_batch(self, batch: Sequence[ConsumedRecord]) -> list[Outcome]:
        """Process ``batch`` in order, each record to completion; outcomes in the same order.

        Consecutive records that have a handler share one transaction: one inbox statement
        claims all their ``ce_id`` s, the handlers run in order, one statement writes the outbox
        rows, one commit. If any handler fails the transaction is rolled back and those records
        are processed again one per transaction, with retries and dead letters, so a bad record
        costs its neighbours nothing but a second run.
        """
        outcomes: list[Outcome] = []
        chunk: list[_Ready] = []
        for consumed in batch:
            prepared = await self._prepare(consumed)
            if isinstance(prepared, _Ready) and not prepared.is_replay_for(self.consumer_name):
                chunk.append(prepared)
                continue
            outcomes += await self._handle_together(chunk)
            chunk = []
            if isinstance(prepared, _Ready):
                outcomes.append(await self._handle_alone(prepared))
            else:
                outcomes.append(prepared)
        outcomes += await self._handle_together(chunk)
        return outcomes

    @contextmanager
    def _context(self, consumed: ConsumedRecord) -> Iterator[None]:
        """The record's trace (continuing its ``traceparent``), log context and synthetic mark."""
        record = consumed.record
        with (
            self._tracing.span(
                f"consume {record.topic}",
                kind=SpanKind.CONSUMER,
                parent={TRACEPARENT: record.header_text(TRACEPARENT) or ""},
            ),
            lazy_log_context(
                lambda: {
                    "event_id": consumed.event_id,
                    "trace_id": current_trace_id(),
                    "subject": record.header_text("ce_subject"),
                    "topic": record.topic,
                }
            ),
            synthetic_context(record_is_synthetic(record)),
        ):
            yield

    def _observe(self, consumed: ConsumedRecord, outcome: Outcome, started: float) -> None:
        if self._metrics is not None:
            self._metrics.observe_handling(
                topic=consumed.record.topic,
                outcome=outcome.value,
                seconds=time.perf_counter() - started,
            )

    async def _prepare(self, consumed: ConsumedRecord) -> _Ready | Outcome:
        """Decode and find the handler; a record that has none is skipped or dead-lettered."""
        decoded = await self._decode(consumed)
        if isinstance(decoded, Outcome):
            return decoded
        registration = self._handlers.handler_for(decoded.event)
        if registration is None:
            return self._skip(consumed, "not_handled", None)
        return _Ready(consumed=consumed, decoded=decoded, registration=registration)

    async def _handle_together(self, chunk: Sequence[_Ready]) -> list[Outcome]:
        if len(chunk) <= 1:
            return [await self._handle_alone(ready) for ready in chunk]
        infrastructure_failures = 0
        while True:
            try:
                return await self._handle_in_one_transaction(chunk)
            except Exception as error:
                if is_worth_waiting_for(error):
                    infrastructure_failures += 1
                    await self._wait_for_database(error, failures=infrastructure_failures)
                    continue
                _log.info("a handler failed in a batch; one by one now", error=repr(error))
                return [await self._handle_alone(ready) for ready in chunk]

    async def _handle_in_one_transaction(self, chunk: Sequence[_Ready]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        started: list[float] = []
        async with self._uow_factory() as uow:
            unclaimed = await claim_all(
                uow.session,
                consumer=self.consumer_name,
                batch=[ready.consumed for ready in chunk],
            )
            for ready in chunk:
                started.append(time.perf_counter())
                event_id = ready.consumed.event_id
                if event_id not in unclaimed:
                    outcomes.append(self._duplicate(ready.consumed))
                    continue
                unclaimed.discard(event_id)  # the same ce_id twice in one batch runs once
                with self._context(ready.consumed), handling(ready.decoded.envelope):
                    await ready.registration.handler(ready.decoded.event, uow=uow)
                outcomes.append(Outcome.HANDLED)
            await uow.commit()
        for ready, outcome, began in zip(chunk, outcomes, started, strict=True):
            self._observe(ready.consumed, outcome, began)
        return outcomes

    async def _handle_alone(self, ready: _Ready) -> Outcome:
        started = time.perf_counter()
        with self._context(ready.consumed):
            outcome = await self._handle_with_retries(ready)
        self._observe(ready.consumed, outcome, started)
        return outcome

    async def _handle_with_retries(self, ready: _Ready) -> Outcome:
        consumed, decoded = ready.consumed, ready.decoded
        failed_attempts = 0
        infrastructure_failures = 0
        while True:
            try:
                async with self._uow_factory() as uow:
                    if not await claim(uow.session, consumer=self.consumer_name, consumed=consumed):
                        return self._duplicate(consumed)
                    with handling(decoded.envelope):
                        await ready.registration.handler(decoded.event, uow=uow)
                    await uow.commit()
                return Outcome.HANDLED
            except Exception as error:
                if is_worth_waiting_for(error):
                    infrastructure_failures += 1
                    await self._wait_for_database(error, failures=infrastructure_failures)
                    continue
                failed_attempts += 1
                if failed_attempts >= self._retry.max_attempts:
                    _log.exception("handler failed; dead-lettering", attempts=failed_attempts)
                    return await self._dead_letter(consumed, error, attempts=failed_attempts)
                if self._metrics is not None:
                    self._metrics.handler_retries.labels(topic=consumed.record.topic).inc()
                delay = self._retry.delay(failed_attempts)
                _log.warning(
                    "handler failed; retrying",
                    error=repr(error),
                    attempt=failed_attempts,
                    retry_in=delay,
                )
                await self._sleep(delay)

    async def _wait_for_database(self, error: Exception, *, failures: int) -> None:
        delay = self._retry.delay(failures)
        _log.warning("database unavailable; retrying", error=repr(error), retry_in=delay)
        await self._sleep(delay)

    async def _decode(self, consumed: ConsumedRecord) -> DecodedEvent | Outcome:
        record = consumed.record
        try:
            return decode(topic=record.topic, headers=record.headers, value=record.value or b"")
        except UnsupportedEventVersion as error:
            return await self._dead_letter(consumed, error, attempts=1, undecodable=True)
        except UnknownEventType as error:
            return self._skip(consumed, "unknown_type", error)
        except ContractError as error:
            return await self._dead_letter(consumed, error, attempts=1, undecodable=True)

    def _duplicate(self, consumed: ConsumedRecord, *, earlier: str = "handled") -> Outcome:
        return skipped_duplicate(consumed, earlier=earlier, metrics=self._metrics)

    def _skip(self, consumed: ConsumedRecord, reason: str, error: Exception | None) -> Outcome:
        if self._metrics is not None:
            self._metrics.skipped.labels(topic=consumed.record.topic, reason=reason).inc()
        if error is not None:
            with self._context(consumed):
                _log.info("record skipped", reason=reason, error=str(error))
        return Outcome.SKIPPED

    async def _dead_letter(
        self,
        consumed: ConsumedRecord,
        error: BaseException,
        *,
        attempts: int,
        undecodable: bool = False,
    ) -> Outcome:
        """To ``.dlq`` once; an undecodable record is known by its position, not its ce_id."""
        dead_letter = dead_letter_record(
            consumed, error, attempts=attempts, consumer=self.consumer_name
        )
        infrastructure_failures = 0
        with self._context(consumed):
            while True:
                try:
                    if not await record_dead_letter(
                        self._uow_factory,
                        dead_letter,
                        consumer=self.consumer_name,
                        consumed=consumed,
                        by_position=undecodable,
                    ):
                        return self._duplicate(consumed, earlier="dead-lettered")
                    break
                except Exception as failure:  # only an unreachable database: wait for it
                    infrastructure_failures += 1
                    await self._wait_for_database(failure, failures=infrastructure_failures)
            if self._metrics is not None:
                self._metrics.dead_letters.labels(topic=consumed.record.topic).inc()
            _log.error("record dead-lettered", error=repr(error), attempts=attempts)
        return Outcome.DEAD_LETTERED
