"""Fixtures of the reliability tests: a test service on the shared broker or a private one."""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from jobpeak_devstack.config import StackConfig, load_config
from jobpeak_devstack.kafka import Kafka
from jobpeak_devstack.ports import free_ports
from jobpeak_devstack.postgres import Postgres

from tests.reliability.support import Service, prepare_service


@pytest.fixture
async def service(
    database_url: str, kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> AsyncIterator[Service]:
    """A test service on the shared broker and its own database."""
    prepared = await prepare_service(
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        log_file=tmp_path / "workers.log",
    )
    try:
        yield prepared
    finally:
        prepared.stop_all()


@contextlib.contextmanager
def private_stack_config(*, prefix: str) -> Iterator[StackConfig]:
    """The local stack's configuration with a state directory of its own (set its ports)."""
    shared = load_config()
    state_root = Path(tempfile.mkdtemp(prefix=prefix, dir=shared.cache_dir))
    state_root.chmod(0o755)  # PostgreSQL runs as the postgres user when the tests run as root
    try:
        yield dataclasses.replace(shared, state_root=state_root)
    finally:
        shutil.rmtree(state_root, ignore_errors=True)


@pytest.fixture
def private_kafka() -> Iterator[Kafka]:
    """A Kafka broker of this test alone (so it may be stopped), from the local stack's jars."""
    kafka_port, controller_port = free_ports(2)
    with private_stack_config(prefix="reliability-kafka-") as config:
        kafka = Kafka(
            dataclasses.replace(
                config, kafka_port=kafka_port, kafka_controller_port=controller_port
            )
        )
        kafka.start()
        try:
            yield kafka
        finally:
            kafka.stop()


@pytest.fixture
def durable_postgres() -> Iterator[Postgres]:
    """A PostgreSQL cluster of this test alone (so it may crash), with the stack's settings."""
    (port,) = free_ports(1)
    with private_stack_config(prefix="reliability-postgres-") as config:
        postgres = Postgres(dataclasses.replace(config, postgres_port=port))
        postgres.start()
        try:
            yield postgres
        finally:
            postgres.stop()


@pytest.fixture
async def service_on_private_kafka(
    private_kafka: Kafka, database_url: str, topic_prefix: str, tmp_path: Path
) -> AsyncIterator[Service]:
    """A test service whose broker the test may stop and start (``service.kafka``)."""
    prepared = await prepare_service(
        database_url=database_url,
        kafka_bootstrap=private_kafka.config.kafka_bootstrap,
        topic_prefix=topic_prefix,
        log_file=tmp_path / "workers.log",
    )
    try:
        yield prepared
    finally:
        prepared.stop_all()
