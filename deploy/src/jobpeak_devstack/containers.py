"""The same three endpoints from testcontainers, for machines where a Docker engine answers.

Images are never pulled from a registry by this project's CI; they are whatever the engine has
(built locally or loaded). Names are configurable because tags differ between installations.
"""

from __future__ import annotations

import os
import socket
from contextlib import ExitStack
from typing import Any

from jobpeak_devstack.config import KAFKA_VERSION, STRIPE_MOCK_VERSION
from jobpeak_devstack.stack import Endpoints


def docker_answers() -> bool:
    try:
        import docker  # noqa: PLC0415 - only needed when probing for an engine

        client = docker.from_env(timeout=3)
        return bool(client.ping())
    except Exception:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_containers(stack: ExitStack) -> Endpoints:
    from testcontainers.community.postgres import PostgresContainer  # noqa: PLC0415
    from testcontainers.core.container import DockerContainer  # noqa: PLC0415
    from testcontainers.core.wait_strategies import LogMessageWaitStrategy  # noqa: PLC0415

    kafka_port = _free_port()
    kafka: Any = (
        DockerContainer(os.environ.get("JOBPEAK_TC_KAFKA_IMAGE", f"apache/kafka:{KAFKA_VERSION}"))
        .with_bind_ports(9092, kafka_port)
        .with_env("KAFKA_NODE_ID", "1")
        .with_env("KAFKA_PROCESS_ROLES", "broker,controller")
        .with_env("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093")
        .with_env("KAFKA_ADVERTISED_LISTENERS", f"PLAINTEXT://127.0.0.1:{kafka_port}")
        .with_env("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
        .with_env(
            "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
        )
        .with_env("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
        .with_env("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
        .with_env("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .with_env("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
        .with_env("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
        .with_env("KAFKA_NUM_PARTITIONS", "3")
        .waiting_for(LogMessageWaitStrategy("Kafka Server started"))
    )
    stripe: Any = (
        DockerContainer(
            os.environ.get(
                "JOBPEAK_TC_STRIPE_MOCK_IMAGE", f"stripe/stripe-mock:{STRIPE_MOCK_VERSION}"
            )
        )
        .with_exposed_ports(12111)
        .waiting_for(LogMessageWaitStrategy("Listening for HTTP"))
    )
    postgres: Any = PostgresContainer(
        os.environ.get("JOBPEAK_TC_POSTGRES_IMAGE", "postgres:15"),
        username="postgres",
        password="postgres",  # noqa: S106 - throwaway test container
        dbname="postgres",
        driver="asyncpg",
    )
    for container in (kafka, stripe, postgres):
        stack.enter_context(container)
    return Endpoints(
        kafka_bootstrap=f"127.0.0.1:{kafka_port}",
        postgres_admin_url=postgres.get_connection_url(),
        stripe_api_base=f"http://{stripe.get_container_host_ip()}:{stripe.get_exposed_port(12111)}",
    )
