"""A whole platform of its own for the end-to-end tests, beside anything else running.

Four fresh databases, free ports, a unique topic prefix and a state directory under the
repository's ``.cache`` (secrets, pid files and the services' logs stay there when a test fails).
"""

from __future__ import annotations

import os
import socket
import sys
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
from jobpeak_devstack.config import load_config
from jobpeak_devstack.platform import (
    CODING_SEED,
    SERVICE_NAMES,
    Platform,
    PlatformLayout,
    ServiceProcess,
)
from jobpeak_devstack.processes import spawn
from jobpeak_devstack.pytest_plugin import with_database

EXTRA_ENVIRONMENT = {
    # The outbox relay polls for committed rows; a short interval keeps each hop of the journey
    # quick without changing what is delivered.
    "OUTBOX_POLL_INTERVAL_SECONDS": "0.2",
    "CONSUMER_COMMIT_INTERVAL_SECONDS": "0.2",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def state_directory(run: str) -> Path:
    return load_config().cache_dir / "e2e" / run


def private_layout(
    *,
    run: str,
    postgres_admin_url: str,
    kafka_bootstrap: str,
    stripe_api_base: str,
    services: Sequence[str] = SERVICE_NAMES,
) -> PlatformLayout:
    return PlatformLayout(
        services=tuple(
            ServiceProcess(
                name, free_port(), with_database(postgres_admin_url, f"e2e_{run}_{name}")
            )
            for name in services
        ),
        kafka_bootstrap=kafka_bootstrap,
        stripe_api_base=stripe_api_base,
        state_dir=state_directory(run),
        topic_prefix=f"e2e{run}.",
        environment="test",
        extra_environment=EXTRA_ENVIRONMENT,
    )


def new_run() -> str:
    return uuid.uuid4().hex[:10]


def _database_name(url: str) -> str:
    return url.rpartition("/")[2]


async def _admin(postgres_admin_url: str, statements: list[str]) -> None:
    connection = await asyncpg.connect(
        postgres_admin_url.replace("postgresql+asyncpg://", "postgresql://", 1)
    )
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


async def create_databases(layout: PlatformLayout, *, postgres_admin_url: str) -> None:
    await _admin(
        postgres_admin_url,
        [f'CREATE DATABASE "{_database_name(s.database_url)}"' for s in layout.services],
    )


async def drop_databases(layout: PlatformLayout, *, postgres_admin_url: str) -> None:
    await _admin(
        postgres_admin_url,
        [
            f'DROP DATABASE IF EXISTS "{_database_name(s.database_url)}" WITH (FORCE)'
            for s in layout.services
        ],
    )


def _spawned_and_visible(platform: Platform, service: ServiceProcess) -> None:
    """Spawn ``service`` as :meth:`Platform.start_service` would and wait for its command line.

    Works around a race in ``jobpeak_devstack.processes.running_pid``: right after ``spawn``
    returns, ``/proc/<pid>/cmdline`` can still read empty (the new image is not set up yet), and
    ``running_pid`` then takes the process for a stranger, deletes its pid file and
    ``start_service`` reports it "exited" while it keeps running, orphaned. Once the command
    line shows, ``start_service`` finds the process by its pid file and only waits for it.
    """
    pid = spawn(
        [sys.executable, "-m", service.module],
        pid_file=platform.state / f"{service.name}.pid",
        log_file=platform.log_file(service),
        env={**os.environ, **platform.service_environment(service)},
    )
    marker = f"-m {service.module}".encode()
    deadline = time.monotonic() + 30
    while marker not in Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" "):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{service.name} (pid {pid}) never showed its command line")
        time.sleep(0.01)


def start_platform(platform: Platform) -> None:
    """What :meth:`Platform.up` does, with the four services starting side by side."""
    platform.state.mkdir(parents=True, exist_ok=True)
    services = platform.layout.services
    for service in services:
        _spawned_and_visible(platform, service)

    def catalog_then_seed() -> None:
        platform.start_service(platform.layout.service("catalog"))
        platform.run_service_command("catalog", "import-bank", str(CODING_SEED), "--publish")

    with ThreadPoolExecutor(max_workers=len(services)) as pool:
        started = [pool.submit(catalog_then_seed)] + [
            pool.submit(platform.start_service, service)
            for service in services
            if service.name != "catalog"
        ]
        for future in started:
            future.result()
