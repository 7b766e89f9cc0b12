"""The same three endpoints from testcontainers, for machines where a Docker engine answers.

Nothing is ever pulled. The images are the local ones ``jobpeak-devstack images`` builds
(``images.py``), or whatever ``JOBPEAK_TC_KAFKA_IMAGE``, ``JOBPEAK_TC_POSTGRES_IMAGE`` and
``JOBPEAK_TC_STRIPE_MOCK_IMAGE`` name; they must already be in the engine and take the same
configuration. Ports are published on 127.0.0.1 only; readiness is the same check as for the
local stack (a Kafka metadata answer, a ``SELECT 1``, a stripe-mock API answer).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from jobpeak_devstack.config import load_config
from jobpeak_devstack.databases import execute_admin
from jobpeak_devstack.images import (
    BUILD_COMMAND,
    KAFKA_IMAGE,
    KAFKA_PORT,
    POSTGRES_IMAGE,
    POSTGRES_PORT,
    STRIPE_MOCK_IMAGE,
    STRIPE_MOCK_PORT,
    missing_images,
)
from jobpeak_devstack.kafka import broker_answers
from jobpeak_devstack.ports import free_ports
from jobpeak_devstack.processes import wait_until
from jobpeak_devstack.stack import Endpoints
from jobpeak_devstack.stripe_mock import answers as stripe_mock_answers


def docker_answers() -> bool:
    try:
        import docker  # noqa: PLC0415 - only needed when probing for an engine

        client = docker.from_env(timeout=3)
        return bool(client.ping())
    except Exception:
        return False


def image_names() -> tuple[str, str, str]:
    """Kafka, PostgreSQL and stripe-mock images: the local builds unless overridden."""
    return (
        os.environ.get("JOBPEAK_TC_KAFKA_IMAGE", KAFKA_IMAGE),
        os.environ.get("JOBPEAK_TC_POSTGRES_IMAGE", POSTGRES_IMAGE),
        os.environ.get("JOBPEAK_TC_STRIPE_MOCK_IMAGE", STRIPE_MOCK_IMAGE),
    )


def _require_images(names: tuple[str, str, str]) -> None:
    """Fail before testcontainers starts anything: the SDK would try to pull a missing image."""
    import docker  # noqa: PLC0415

    client = docker.from_env()
    try:
        missing = missing_images(client, list(names))
    finally:
        client.close()
    if missing:
        raise RuntimeError(
            f"the Docker engine has no {', '.join(missing)} (nothing is ever pulled): build the "
            f"local images with `{BUILD_COMMAND}`, set JOBPEAK_TC_*_IMAGE to images the engine "
            "has, or run on the local stack with JOBPEAK_TEST_USE_CONTAINERS=never"
        )


def _postgres_answers(admin_url: str) -> bool:
    import asyncpg  # noqa: PLC0415

    try:
        asyncio.run(execute_admin(admin_url, "SELECT 1"))
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
        return False  # refused, reset, or "the database system is starting up"
    return True


def _wait_ready(container: Any, ready: Callable[[], bool], what: str) -> None:
    def running() -> bool:
        wrapped = container.get_wrapped_container()
        wrapped.reload()
        return bool(wrapped.status == "running")

    def logs() -> str:
        stdout, stderr = container.get_logs()
        return bytes(stdout + stderr).decode(errors="replace")

    wait_until(ready, timeout=90, what=what, alive=running, logs=logs)


def _loopback_container(image: str, port: int, host_port: int) -> Any:
    """``image`` with ``port`` published on 127.0.0.1:``host_port`` only, not every interface."""
    from testcontainers.core.container import DockerContainer  # noqa: PLC0415

    container: Any = DockerContainer(image)
    # with_bind_ports takes no host address; its ``ports`` go to the SDK's run(), which does.
    container.ports[f"{port}/tcp"] = ("127.0.0.1", host_port)
    return container


def start_containers(stack: ExitStack) -> Endpoints:
    from testcontainers.core.config import testcontainers_config  # noqa: PLC0415

    kafka_image, postgres_image, stripe_image = image_names()
    _require_images((kafka_image, postgres_image, stripe_image))
    # The reaper (Ryuk) is an image from a registry; the ExitStack removes the containers.
    testcontainers_config.ryuk_disabled = True

    kafka_port, postgres_port, stripe_port = free_ports(3)
    kafka = (
        _loopback_container(kafka_image, KAFKA_PORT, kafka_port)
        .with_env("KAFKA_ADVERTISED_LISTENERS", f"PLAINTEXT://127.0.0.1:{kafka_port}")
        .with_env("KAFKA_HEAP", load_config().kafka_heap)
    )
    postgres = _loopback_container(postgres_image, POSTGRES_PORT, postgres_port)
    stripe = _loopback_container(stripe_image, STRIPE_MOCK_PORT, stripe_port)
    for container in (kafka, postgres, stripe):
        stack.enter_context(container)
    endpoints = Endpoints(
        kafka_bootstrap=f"127.0.0.1:{kafka_port}",
        postgres_admin_url=f"postgresql+asyncpg://postgres@127.0.0.1:{postgres_port}/postgres",
        stripe_api_base=f"http://127.0.0.1:{stripe_port}",
    )
    _wait_ready(kafka, lambda: broker_answers(endpoints.kafka_bootstrap), "Kafka container")
    _wait_ready(
        postgres, lambda: _postgres_answers(endpoints.postgres_admin_url), "PostgreSQL container"
    )
    _wait_ready(
        stripe, lambda: stripe_mock_answers(endpoints.stripe_api_base), "stripe-mock container"
    )
    return endpoints
