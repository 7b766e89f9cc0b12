"""Pytest fixtures for real infrastructure, registered by the repository's root conftest.py.

Session fixtures give the endpoints; function fixtures isolate each test (a fresh database, a
unique topic prefix) so tests never see each other's data.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Any

import pytest
from hypothesis import settings

from jobpeak_devstack.databases import execute_admin, with_database
from jobpeak_devstack.endpoints import planned_origin, resolve_endpoints
from jobpeak_devstack.kafka import delete_topics_with_prefix
from jobpeak_devstack.postgres import throwaway_database_statements
from jobpeak_devstack.stack import Endpoints

TEST_KINDS = ("unit", "integration", "e2e", "reliability", "cluster")
"""Every test says which kind it is: ``make test-repeat`` selects by kind, so an unmarked test
would silently fall out of every selection."""


def pytest_configure() -> None:
    """Property tests draw the same examples on every run and machine (derandomized, no example
    database): a failure is reproduced by rerunning, never lost to the next run's luck."""
    settings.register_profile("jobpeak", derandomize=True, database=None, print_blob=True)
    settings.load_profile("jobpeak")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    unmarked = [item.nodeid for item in items if not any(map(item.get_closest_marker, TEST_KINDS))]
    if unmarked:
        raise pytest.UsageError(
            f"{len(unmarked)} test(s) carry none of the markers {', '.join(TEST_KINDS)}: "
            + ", ".join(unmarked[:10])
        )


def pytest_report_header() -> str:
    """The session's first lines say where Kafka, PostgreSQL and stripe-mock come from."""
    return f"jobpeak test infrastructure: {planned_origin()}"


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
def topic_prefix(kafka_bootstrap: str) -> Iterator[str]:
    """A unique topic prefix for this test; the topics made under it are deleted afterwards."""
    prefix = f"t{uuid.uuid4().hex[:10]}."
    yield prefix
    _on_private_loop(delete_topics_with_prefix(kafka_bootstrap, prefix))


def _on_private_loop(work: Coroutine[Any, Any, object]) -> None:
    """Run ``work`` on a private thread so the test session's event loop is never touched."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, work).result()


def _admin(sql: str, admin_url: str) -> None:
    _on_private_loop(execute_admin(admin_url, sql))


@pytest.fixture
def database_url(postgres_admin_url: str) -> Iterator[str]:
    """A brand-new empty database for this test, dropped (connections and all) afterwards.

    Its commits do not wait for the WAL flush (``THROWAWAY_DATABASE_SETTINGS``): the test runs
    faster, the server stays durable, and the durability test uses a cluster of its own.
    """
    name = f"test_{uuid.uuid4().hex[:16]}"
    _admin(f'CREATE DATABASE "{name}"', postgres_admin_url)
    for statement in throwaway_database_statements(name):
        _admin(statement, postgres_admin_url)
    try:
        yield with_database(postgres_admin_url, name)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', postgres_admin_url)
