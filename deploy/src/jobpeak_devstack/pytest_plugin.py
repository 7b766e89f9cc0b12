"""Pytest fixtures for real infrastructure, registered by the repository's root conftest.py.

Session fixtures give the endpoints; function fixtures isolate each test (a fresh database, a
unique topic prefix) so tests never see each other's data.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import asyncpg
import pytest

from jobpeak_devstack.endpoints import resolve_endpoints
from jobpeak_devstack.stack import Endpoints


@pytest.fixture(scope="session")
def infrastructure() -> Iterator[Endpoints]:
    with ExitStack() as stack:
        endpoints, origin = resolve_endpoints(stack)
        print(f"\n[jobpeak] test infrastructure from the {origin}: {endpoints}")
        yield endpoints


@pytest.fixture(scope="session")
def kafka_bootstrap(infrastructure: Endpoints) -> str:
    return infrastructure.kafka_bootstrap


@pytest.fixture(scope="session")
def postgres_admin_url(infrastructure: Endpoints) -> str:
    return infrastructure.postgres_admin_url


@pytest.fixture(scope="session")
def stripe_api_base(infrastructure: Endpoints) -> str:
    return infrastructure.stripe_api_base


@pytest.fixture
def topic_prefix() -> str:
    return f"t{uuid.uuid4().hex[:10]}."


def with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


def _asyncpg_dsn(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def _execute(sql: str, admin_url: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(admin_url))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def _admin(sql: str, admin_url: str) -> None:
    """Run admin SQL on a private thread so the test session's event loop is never touched."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _execute(sql, admin_url)).result()


@pytest.fixture
def database_url(postgres_admin_url: str) -> Iterator[str]:
    """A brand-new empty database for this test, dropped (connections and all) afterwards."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    _admin(f'CREATE DATABASE "{name}"', postgres_admin_url)
    try:
        yield with_database(postgres_admin_url, name)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', postgres_admin_url)
