"""The outbox relay: publishes committed outbox rows to Kafka, in order, at least once.

One relay runs as a background task in every service process. Replicas of a service share one
database, so a relay first takes the relay lease (:mod:`jobpeak_runtime.relay_lease`): exactly one
replica publishes, the others stand by and take over when the leader stops renewing it (a crash,
a freeze, a partition) within ``lease_seconds`` plus a poll. Publishing in one process, in outbox
order, keeps the events of one key in the order they were committed.

A round reads the oldest pending rows, hands them to an idempotent producer (``acks=all``) one by
one, waits for every delivery, then marks the delivered rows as published. Ordering through
outages rests on two facts of aiokafka's idempotent producer: a record appended to it is retried
until delivered (never expired), and it keeps one batch in flight per partition. If appending
fails (no metadata, buffer full), the round stops at that row, so nothing after it is sent before
it. A crash between delivery and marking republishes the rows: consumers drop the duplicates in
their inbox.

The relay sleeps until a commit NOTIFYs ``jobpeak_outbox`` (a trigger on the table raises it) or
the poll interval passes, whichever is first.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from jobpeak_runtime.db import OUTBOX_CHANNEL, asyncpg_dsn
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.metrics import RuntimeMetrics
from jobpeak_runtime.records import headers_from_json
from jobpeak_runtime.relay_lease import LeadershipLost, RelayLease, relay_identity

_log = get_logger(__name__)

_SELECT_PENDING = """
    SELECT id, topic, key, headers, value FROM runtime_outbox
    WHERE published_at IS NULL ORDER BY id LIMIT $1
"""
_MARK_PUBLISHED = "UPDATE runtime_outbox SET published_at = now() WHERE id = ANY($1::bigint[])"
_PRUNE = """
    DELETE FROM runtime_outbox
    WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1)
"""
_PRUNE_EVERY_SECONDS = 60.0
_RECONNECT_BACKOFF_SECONDS = (0.2, 0.5, 1.0, 2.0, 5.0)


def idempotent_producer(*, bootstrap: str, client_id: str, **options: Any) -> AIOKafkaProducer:
    """The producer every publisher of the runtime uses: all replicas acknowledge, no duplicates
    from internal retries, and records are retried until delivered."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=2,
        retry_backoff_ms=200,
        **options,
    )


class RoundIncomplete(Exception):
    """Some rows of a publishing round were not delivered; they stay pending."""


class OutboxRelay:
    def __init__(
        self,
        *,
        database_url: str,
        kafka_bootstrap: str,
        client_id: str,
        batch_size: int = 500,
        poll_interval_seconds: float = 1.0,
        retention_seconds: float = 86_400.0,
        lease_seconds: float = 5.0,
        metrics: RuntimeMetrics | None = None,
        producer_factory: Callable[[], AIOKafkaProducer] | None = None,
        kafka_options: Mapping[str, Any] | None = None,
    ) -> None:
        self._dsn = asyncpg_dsn(database_url)
        self._batch_size = batch_size
        self._poll_interval = poll_interval_seconds
        self._retention = retention_seconds
        self._lease_seconds = lease_seconds
        self._holder = relay_identity()
        self._metrics = metrics
        self._producer_factory = producer_factory or (
            lambda: idempotent_producer(
                bootstrap=kafka_bootstrap, client_id=client_id, **(kafka_options or {})
            )
        )
        self.producer: AIOKafkaProducer | None = None

    async def run(self) -> None:
        """Publish until cancelled, reconnecting after database or broker failures."""
        failures = 0
        while True:
            try:
                await self._run_connected()
            except asyncio.CancelledError:
                raise
            except LeadershipLost as lost:
                _log.warning("outbox relay lost its lease", reason=str(lost))
            except Exception as error:
                delay = _backoff(failures)
                failures += 1
                _log.warning("outbox relay restarting", error=repr(error), retry_in=delay)
                await asyncio.sleep(delay)
            else:
                failures = 0

    async def _run_connected(self) -> None:
        lease_connection: asyncpg.Connection = await asyncpg.connect(self._dsn)
        try:
            lease = RelayLease(
                connection=lease_connection,
                holder=self._holder,
                lease_seconds=self._lease_seconds,
                poll_interval_seconds=self._poll_interval,
            )
            await lease.acquire()
            try:
                await first_to_finish(lease.keep(), self._lead(lease))
            finally:
                await lease.release()
        finally:
            await lease_connection.close(timeout=5)

    async def _lead(self, lease: RelayLease) -> None:
        connection: asyncpg.Connection = await asyncpg.connect(self._dsn)
        try:
            wake = asyncio.Event()
            await connection.add_listener(OUTBOX_CHANNEL, lambda *_: wake.set())
            producer = await self._start_producer()
            try:
                await self._publish_forever(connection, producer, wake, lease)
            finally:
                self.producer = None
                await _stop_quietly(producer)
        finally:
            await connection.close(timeout=5)

    async def _start_producer(self) -> AIOKafkaProducer:
        attempt = 0
        while True:
            producer = self._producer_factory()
            try:
                await producer.start()
            except KafkaError as error:
                await _stop_quietly(producer)
                delay = _backoff(attempt)
                attempt += 1
                _log.warning("outbox relay cannot reach Kafka", error=repr(error), retry_in=delay)
                await asyncio.sleep(delay)
            else:
                self.producer = producer
                return producer

    async def _publish_forever(
        self,
        connection: asyncpg.Connection,
        producer: AIOKafkaProducer,
        wake: asyncio.Event,
        lease: RelayLease,
    ) -> None:
        next_prune = time.monotonic()
        while True:
            wake.clear()
            lease.ensure_held()
            try:
                published = await self.publish_round(connection, producer)
            except RoundIncomplete as incomplete:
                _log.warning("outbox round incomplete", reason=str(incomplete))
                await asyncio.sleep(self._poll_interval)
                continue
            if published == self._batch_size:
                continue
            if self._retention and time.monotonic() >= next_prune:
                await connection.execute(_PRUNE, self._retention)
                next_prune = time.monotonic() + _PRUNE_EVERY_SECONDS
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self._poll_interval)

    async def publish_round(
        self, connection: asyncpg.Connection, producer: AIOKafkaProducer
    ) -> int:
        """Publish the oldest pending rows; returns how many were published and marked."""
        rows = await connection.fetch(_SELECT_PENDING, self._batch_size)
        deliveries: list[tuple[int, asyncio.Future[Any]]] = []
        append_error: KafkaError | None = None
        for row in rows:
            try:
                delivery = await producer.send(
                    row["topic"],
                    value=row["value"],
                    key=row["key"],
                    headers=list(headers_from_json(json.loads(row["headers"]))),
                )
            except KafkaError as error:
                append_error = error
                break
            deliveries.append((row["id"], delivery))
        outcomes = await asyncio.gather(*(d for _, d in deliveries), return_exceptions=True)
        delivered = [
            row_id
            for (row_id, _), outcome in zip(deliveries, outcomes, strict=True)
            if not isinstance(outcome, BaseException)
        ]
        if delivered:
            await connection.execute(_MARK_PUBLISHED, delivered)
            if self._metrics is not None:
                self._metrics.outbox_published.inc(len(delivered))
        failures = [o for o in outcomes if isinstance(o, BaseException)]
        if append_error is not None or failures:
            first = append_error or failures[0]
            raise RoundIncomplete(
                f"{len(rows) - len(delivered)} of {len(rows)} rows not delivered: {first!r}"
            )
        return len(delivered)


def _backoff(attempt: int) -> float:
    return _RECONNECT_BACKOFF_SECONDS[min(attempt, len(_RECONNECT_BACKOFF_SECONDS) - 1)]


async def _stop_quietly(producer: AIOKafkaProducer) -> None:
    """Stop ``producer`` without hanging on a broker that is gone."""
    try:
        await asyncio.wait_for(producer.stop(), timeout=5)
    except Exception as error:
        _log.warning("kafka producer did not stop cleanly", error=repr(error))


async def first_to_finish(*work: Coroutine[Any, Any, None]) -> None:
    """Run ``work`` concurrently until one of them ends; cancel the rest, re-raise its error."""
    tasks = [asyncio.ensure_future(item) for item in work]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    for task in done:
        task.result()
