"""Fixtures of the reliability tests: a test service on the shared broker or a private one."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from jobpeak_devstack.config import load_config
from jobpeak_devstack.kafka import Kafka
from jobpeak_devstack.ports import free_ports

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


@pytest.fixture
def private_kafka() -> Iterator[Kafka]:
    """A Kafka broker of this test alone (so it may be stopped), from the local stack's jars."""
    shared = load_config()
    state_root = Path(tempfile.mkdtemp(prefix="reliability-kafka-", dir=shared.cache_dir))
    kafka_port, controller_port = free_ports(2)
    kafka = Kafka(
        dataclasses.replace(
            shared,
            kafka_port=kafka_port,
            kafka_controller_port=controller_port,
            state_root=state_root,
        )
    )
    kafka.start()
    try:
        yield kafka
    finally:
        kafka.stop()
        shutil.rmtree(state_root, ignore_errors=True)


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
