"""A whole platform of its own for the end-to-end tests, beside anything else running.

Four fresh databases, free ports, a unique topic prefix and a state directory under the
repository's ``.cache`` (secrets, pid files and the services' logs stay there when a test fails).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from jobpeak_devstack.config import load_config
from jobpeak_devstack.databases import execute_admin, with_database
from jobpeak_devstack.platform import (
    SERVICE_NAMES,
    PlatformLayout,
    ServiceProcess,
)
from jobpeak_devstack.ports import free_ports

EXTRA_ENVIRONMENT = {
    # The outbox relay polls for committed rows; a short interval keeps each hop of the journey
    # quick without changing what is delivered.
    "OUTBOX_POLL_INTERVAL_SECONDS": "0.2",
    "CONSUMER_COMMIT_INTERVAL_SECONDS": "0.2",
}


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
            ServiceProcess(name, port, with_database(postgres_admin_url, f"e2e_{run}_{name}"))
            for name, port in zip(services, free_ports(len(services)), strict=True)
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


async def create_databases(layout: PlatformLayout, *, postgres_admin_url: str) -> None:
    await execute_admin(
        postgres_admin_url,
        *(f'CREATE DATABASE "{_database_name(s.database_url)}"' for s in layout.services),
    )


async def drop_databases(layout: PlatformLayout, *, postgres_admin_url: str) -> None:
    await execute_admin(
        postgres_admin_url,
        *(
            f'DROP DATABASE IF EXISTS "{_database_name(s.database_url)}" WITH (FORCE)'
            for s in layout.services
        ),
    )
