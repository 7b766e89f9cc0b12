"""What the reliability tests share: a test service, its worker processes, and checks."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from jobpeak_runtime.db import asyncpg_dsn
from jobpeak_runtime.kafka_topics import (
    ensure_topics,
    partitions_of,
    platform_topics,
    read_topic,
)
from jobpeak_runtime.migrate import run_migrations
from jobpeak_runtime.relay_lease import LEASE_NAME
from jobpeak_runtime.testing import produce_events, sequenced_event

WORKER = Path(__file__).with_name("worker.py")
JWT_SECRET = "reliability-k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ"
TEST_TABLES = """
CREATE TABLE effects_log (
    id bigserial PRIMARY KEY, event_key text NOT NULL, work_id text NOT NULL,
    sequence integer NOT NULL, pid integer NOT NULL
);
CREATE TABLE failing_sequences (sequence integer PRIMARY KEY);
"""


@dataclass
class Service:
    """One test service: its database and topics, and the fork server running its processes."""

    database_url: str
    kafka_bootstrap: str
    topic_prefix: str
    log_file: Path
    server: subprocess.Popen[str] | None = None
    settings: dict[str, str] = field(default_factory=dict)
    """Settings (without the ``JOBPEAK_RELIABILITY_`` prefix) of every process started later."""

    @property
    def topic(self) -> str:
        return f"{self.topic_prefix}matching.work.v1"

    def environment(self, **overrides: str) -> dict[str, str]:
        values = {
            "ENVIRONMENT": "test",
            "DATABASE_URL": self.database_url,
            "KAFKA_BOOTSTRAP": self.kafka_bootstrap,
            "TOPIC_PREFIX": self.topic_prefix,
            "JWT_SECRET": JWT_SECRET,
            "MIGRATE_ON_STARTUP": "false",
            "CONSUMER_RETRY_BACKOFF_SECONDS": "0.02",
            "CONSUMER_MAX_ATTEMPTS": "3",
            "CONSUMER_COMMIT_INTERVAL_SECONDS": "0.2",
            "CONSUMER_INSTANCE_ID": "reliability-consumer",
            "OUTBOX_POLL_INTERVAL_SECONDS": "0.2",
            "LOG_LEVEL": "INFO",
            **overrides,
        }
        return {**os.environ, **{f"JOBPEAK_RELIABILITY_{k}": v for k, v in values.items()}}

    def start_server(self) -> None:
        with self.log_file.open("a") as log:
            self.server = subprocess.Popen(
                [sys.executable, str(WORKER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                env=self.environment(**self.settings),
                text=True,
                start_new_session=True,
            )

    def spawn(self, *command: str) -> int:
        """Start a worker process (see worker.py); returns its pid."""
        if self.server is None:
            self.start_server()
        assert self.server is not None
        assert self.server.stdin is not None
        assert self.server.stdout is not None
        self.server.stdin.write(" ".join(command) + "\n")
        self.server.stdin.flush()
        answer = self.server.stdout.readline()
        if not answer:
            raise RuntimeError(f"the worker fork server died; see {self.log_file}")
        return int(answer)

    def stop_all(self) -> None:
        if self.server is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait(timeout=10)
            self.server = None

    async def sql(self, statement: str, *arguments: object) -> object:
        connection = await asyncpg.connect(asyncpg_dsn(self.database_url))
        try:
            return await connection.fetchval(statement, *arguments)
        finally:
            await connection.close()

    async def effects(self) -> tuple[int, int]:
        """(rows in the effects log, distinct events among them)."""
        connection = await asyncpg.connect(asyncpg_dsn(self.database_url))
        try:
            row = await connection.fetchrow(
                "SELECT count(*) AS total, count(DISTINCT event_key) AS distinct_events"
                " FROM effects_log"
            )
        finally:
            await connection.close()
        assert row is not None
        return int(row["total"]), int(row["distinct_events"])

    async def effect_sequences_per_key(self) -> dict[str, list[int]]:
        """The sequences of each work id's effects, in the order they were committed."""
        connection = await asyncpg.connect(asyncpg_dsn(self.database_url))
        try:
            rows = await connection.fetch("SELECT work_id, sequence FROM effects_log ORDER BY id")
        finally:
            await connection.close()
        per_key: dict[str, list[int]] = {}
        for row in rows:
            per_key.setdefault(row["work_id"], []).append(row["sequence"])
        return per_key

    async def published(self) -> list[PublishedEvent]:
        """Every WorkClosed record on the service's topic, in partition order."""
        return [
            PublishedEvent(
                event_id=read.record.header_text("ce_id") or "",
                work_id=json.loads(read.record.value or b"{}")["work_id"],
                sequence=json.loads(read.record.value or b"{}")["seats_filled"],
            )
            for read in await read_topic(bootstrap=self.kafka_bootstrap, topic=self.topic)
        ]


@dataclass(frozen=True)
class PublishedEvent:
    event_id: str
    work_id: str
    sequence: int


def first_occurrences_in_key_order(events: list[PublishedEvent]) -> dict[str, list[int]]:
    """Per key, the sequences in the order a consumer first sees each event (duplicates dropped)."""
    seen: set[str] = set()
    per_key: dict[str, list[int]] = {}
    for event in events:
        if event.event_id in seen:
            continue
        seen.add(event.event_id)
        per_key.setdefault(event.work_id, []).append(event.sequence)
    return per_key


async def prepare_service(
    *, database_url: str, kafka_bootstrap: str, topic_prefix: str, log_file: Path
) -> Service:
    """Migrate the database, add the test tables, create the topics."""
    await run_migrations(database_url=database_url, service_versions=None)
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        await connection.execute(TEST_TABLES)
    finally:
        await connection.close()
    await ensure_topics(
        bootstrap=kafka_bootstrap,
        topics=platform_topics(topic_prefix),
        partitions=3,
        replication_factor=1,
    )
    return Service(
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        log_file=log_file,
    )


PENDING = "SELECT count(*) FROM runtime_outbox WHERE published_at IS NULL"


def at_least(value: Callable[[], Awaitable[int]], expected: int) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return await value() >= expected

    return check


def exactly(
    value: Callable[[], Awaitable[object]], expected: object
) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return await value() == expected

    return check


class HeldRelayLease:
    """The relay lease taken by the test: no relay of the service publishes until it is closed."""

    def __init__(self, service: Service) -> None:
        self._service = service

    async def close(self) -> None:
        await self._service.sql("DELETE FROM runtime_relay_lease WHERE holder = 'test'")


async def hold_relay_lock(service: Service) -> HeldRelayLease:
    """Take the relay's lease for an hour (see :mod:`jobpeak_runtime.relay_lease`)."""
    await service.sql(
        "INSERT INTO runtime_relay_lease (name, holder, epoch, expires_at)"
        " VALUES ($1, 'test', 1, now() + interval '1 hour')"
        " ON CONFLICT (name) DO UPDATE SET holder = 'test', expires_at = excluded.expires_at",
        LEASE_NAME,
    )
    return HeldRelayLease(service)


async def pending(service: Service) -> int:
    return int(str(await service.sql(PENDING)))


async def distinct_effects(service: Service) -> int:
    return (await service.effects())[1]


async def published_count(service: Service) -> int:
    return len(await service.published())


async def caught_up(service: Service) -> bool:
    """Whether the consumer group has committed offsets up to the end of every partition."""
    partitions = [
        TopicPartition(service.topic, p)
        for p in await partitions_of(bootstrap=service.kafka_bootstrap, topic=service.topic)
    ]
    reader = AIOKafkaConsumer(bootstrap_servers=service.kafka_bootstrap)
    await reader.start()
    try:
        ends = await reader.end_offsets(partitions)
    finally:
        await reader.stop()
    admin = AIOKafkaAdminClient(bootstrap_servers=service.kafka_bootstrap)
    await admin.start()
    try:
        committed = await admin.list_consumer_group_offsets(f"{service.topic_prefix}reliability")
    finally:
        await admin.close()
    return all(
        end == 0 or (tp in committed and committed[tp].offset >= end) for tp, end in ends.items()
    )


async def preload(service: Service, *, count: int, keys: int) -> None:
    """Write ``count`` sequenced records over ``keys`` keys straight to the service's topic."""
    work_ids = [uuid.uuid4() for _ in range(keys)]
    await produce_events(
        bootstrap=service.kafka_bootstrap,
        topic_prefix=service.topic_prefix,
        events=(sequenced_event(key=work_ids[n % keys], sequence=n // keys) for n in range(count)),
    )
