"""B7's two systems under load, each started privately and stopped and dropped afterwards.

* the platform: catalog, testing, billing and matching as processes on fresh databases and a
  topic prefix of their own, against the running local stack (as the end-to-end tests do), Coding
  published;
* the bare app: ``bare_app.py`` under uvicorn with 1 or more workers on a fresh database.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
import sys
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from jobpeak_devstack.databases import execute_admin, with_database
from jobpeak_devstack.platform import Platform
from jobpeak_devstack.ports import free_ports
from jobpeak_devstack.processes import spawn, terminate, wait_until
from jobpeak_runtime.db import asyncpg_dsn
from jobpeak_runtime.settings import ServiceSettings

from benchmarks.http.bare_schema import SCHEMA
from benchmarks.http.load import Target
from tests.e2e.private_platform import (
    create_databases,
    drop_databases,
    new_run,
    private_layout,
)

BARE_MODULE = "benchmarks.http.bare_app:create_app"
REPOSITORY = Path(__file__).resolve().parents[2]


def jwt_environment(platform: Platform) -> dict[str, str]:
    """The JWT secret, issuer and audience every service of ``platform`` checks."""
    catalog = platform.layout.service("catalog")
    values = {
        name.removeprefix(catalog.env_prefix).lower(): value
        for name, value in platform.service_environment(catalog).items()
    }
    settings = ServiceSettings.model_validate({**values, "service_name": "bench"})
    assert settings.jwt_secret is not None
    return {
        "BENCH_JWT_SECRET": settings.jwt_secret.get_secret_value(),
        "BENCH_JWT_ISSUER": settings.jwt_issuer,
        "BENCH_JWT_AUDIENCE": settings.jwt_audience,
    }


@asynccontextmanager
async def private_platform(
    *, admin_url: str, kafka_bootstrap: str, stripe_api_base: str
) -> AsyncIterator[tuple[Platform, Target]]:
    layout = private_layout(
        run=new_run(),
        postgres_admin_url=admin_url,
        kafka_bootstrap=kafka_bootstrap,
        stripe_api_base=stripe_api_base,
    )
    # One client posts work every iteration, far faster than a person: with rate limits on
    # (ADR 16) the benchmark would measure 429s, not the services.
    layout = dataclasses.replace(
        layout, extra_environment=layout.extra_environment | {"RATE_LIMITS_ENABLED": "false"}
    )
    await create_databases(layout, postgres_admin_url=admin_url)
    platform = Platform(layout)
    try:
        await asyncio.to_thread(platform.up)
        yield (
            platform,
            Target(
                name="platform",
                workers=1,
                testing=layout.service("testing").url,
                billing=layout.service("billing").url,
                matching=layout.service("matching").url,
                readiness=tuple(f"{service.url}/readyz" for service in layout.services),
            ),
        )
    finally:
        await asyncio.to_thread(platform.down)
        await drop_databases(layout, postgres_admin_url=admin_url)
        shutil.rmtree(layout.state_dir, ignore_errors=True)


@asynccontextmanager
async def bare_app(
    *, admin_url: str, stripe_api_base: str, jwt: dict[str, str], workers: int, state: Path
) -> AsyncIterator[Target]:
    name = f"bench_bare_{new_run()}"
    database_url = with_database(admin_url, name)
    await execute_admin(admin_url, f'CREATE DATABASE "{name}"')
    port = free_ports(1)[0]
    pid_file = state / f"{name}.pid"
    log_file = state / f"{name}.log"
    try:
        connection = await asyncpg.connect(asyncpg_dsn(database_url))
        try:
            await connection.execute(SCHEMA)
        finally:
            await connection.close()
        env = {
            **os.environ,
            "BENCH_BARE_DSN": asyncpg_dsn(database_url),
            "BENCH_BARE_JWT_SECRET": jwt["BENCH_JWT_SECRET"],
            "BENCH_BARE_JWT_ISSUER": jwt["BENCH_JWT_ISSUER"],
            "BENCH_BARE_JWT_AUDIENCE": jwt["BENCH_JWT_AUDIENCE"],
            "BENCH_BARE_STRIPE_API_BASE": stripe_api_base,
        }
        spawn(
            [
                sys.executable, "-m", "uvicorn", BARE_MODULE, "--factory", "--host", "127.0.0.1",
                "--port", str(port), "--workers", str(workers), "--no-access-log",
                "--log-level", "warning",
            ],
            pid_file=pid_file,
            log_file=log_file,
            env=env,
            cwd=REPOSITORY,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        await asyncio.to_thread(
            wait_until,
            lambda: _ready(f"{url}/readyz"),
            timeout=60,
            what=f"the bare app on {url}",
            log_file=log_file,
        )
        yield Target(
            name="bare",
            workers=workers,
            testing=url,
            billing=url,
            matching=url,
            readiness=(f"{url}/readyz",),
        )
    finally:
        await asyncio.to_thread(terminate, pid_file, marker=BARE_MODULE)
        await execute_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return bool(response.status == 200)
    except OSError:
        return False
