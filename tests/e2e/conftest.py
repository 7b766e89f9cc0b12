"""A private platform for the end-to-end tests: the four services as real processes."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator

import pytest
from jobpeak_devstack.kafka import delete_topics_with_prefix
from jobpeak_devstack.platform import Platform

from tests.e2e.private_platform import (
    create_databases,
    drop_databases,
    new_run,
    private_layout,
)


@pytest.fixture(scope="module")
async def private_platform(
    request: pytest.FixtureRequest,
    postgres_admin_url: str,
    kafka_bootstrap: str,
    stripe_api_base: str,
) -> AsyncIterator[Platform]:
    """Catalog, testing, billing and matching on fresh databases and prefixed topics, Coding
    published; stopped and dropped afterwards. The state directory (logs) is kept on failure."""
    layout = private_layout(
        run=new_run(),
        postgres_admin_url=postgres_admin_url,
        kafka_bootstrap=kafka_bootstrap,
        stripe_api_base=stripe_api_base,
    )
    failures_before = request.session.testsfailed
    await create_databases(layout, postgres_admin_url=postgres_admin_url)
    platform = Platform(layout)
    started = False
    try:
        await asyncio.to_thread(platform.up)
        started = True
        yield platform
    finally:
        await asyncio.to_thread(platform.down)
        await drop_databases(layout, postgres_admin_url=postgres_admin_url)
        await delete_topics_with_prefix(kafka_bootstrap, layout.topic_prefix)
        if started and request.session.testsfailed == failures_before:
            shutil.rmtree(layout.state_dir, ignore_errors=True)
        else:
            print(f"\n[e2e] service logs kept in {layout.state_dir}")
