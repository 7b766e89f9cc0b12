"""The local stack keeps its promises: idempotent start, precise stop, data that survives both.

Runs a second, private stack on free ports with its own state directory, so the shared stack
that other tests use is never touched.
"""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from jobpeak_devstack.config import load_config
from jobpeak_devstack.databases import asyncpg_dsn
from jobpeak_devstack.ports import free_ports
from jobpeak_devstack.stack import LocalStack

pytestmark = pytest.mark.integration


@pytest.fixture
def private_stack() -> Iterator[LocalStack]:
    shared = load_config()
    # Under the project cache rather than pytest's private tmp: PostgreSQL runs as its own
    # user when we are root and must be able to reach its data directory.
    state_root = Path(tempfile.mkdtemp(prefix="private-stack-", dir=shared.cache_dir))
    state_root.chmod(0o755)
    kafka, controller, postgres, stripe_http, stripe_https = free_ports(5)
    stack = LocalStack(
        dataclasses.replace(
            shared,
            kafka_port=kafka,
            kafka_controller_port=controller,
            postgres_port=postgres,
            stripe_mock_port=stripe_http,
            stripe_mock_https_port=stripe_https,
            state_root=state_root,
        )
    )
    try:
        yield stack
    finally:
        stack.down()
        shutil.rmtree(state_root, ignore_errors=True)


async def _produce(bootstrap: str, topic: str, value: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, key=b"k")
    finally:
        await producer.stop()


async def _read_all(bootstrap: str, topic: str) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        batches = await consumer.getmany(timeout_ms=10_000)
        return [record.value for records in batches.values() for record in records if record.value]
    finally:
        await consumer.stop()


async def _sql(dsn: str, statement: str) -> str | None:
    connection = await asyncpg.connect(dsn)
    try:
        if statement.lstrip().upper().startswith("SELECT"):
            return await connection.fetchval(statement)  # type: ignore[no-any-return]
        await connection.execute(statement)
        return None
    finally:
        await connection.close()


def test_restart_keeps_topics_and_rows_and_a_second_start_changes_nothing(
    private_stack: LocalStack,
) -> None:
    endpoints = private_stack.up()
    kafka_pid = private_stack.kafka.running_pid()
    stripe_pid = private_stack.stripe_mock.running_pid()

    private_stack.up()
    assert private_stack.kafka.running_pid() == kafka_pid
    assert private_stack.stripe_mock.running_pid() == stripe_pid

    dsn = asyncpg_dsn(endpoints.postgres_admin_url)
    asyncio.run(_produce(endpoints.kafka_bootstrap, "durable.topic", b"kept"))
    asyncio.run(_sql(dsn, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('row')"))

    private_stack.down()
    assert private_stack.kafka.running_pid() is None
    assert private_stack.stripe_mock.running_pid() is None
    assert not private_stack.postgres.is_running()

    private_stack.up()
    assert asyncio.run(_read_all(endpoints.kafka_bootstrap, "durable.topic")) == [b"kept"]
    assert asyncio.run(_sql(dsn, "SELECT v FROM kept")) == "row"
    services = asyncio.run(
        _sql(dsn, "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database")
    )
    assert services is not None
    assert {"jobpeak_catalog", "jobpeak_testing", "jobpeak_billing", "jobpeak_matching"} <= set(
        services.split(",")
    )
