"""The relay lease on a real database: one holder at a time, lost when not renewed in time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
from jobpeak_runtime.db import asyncpg_dsn
from jobpeak_runtime.migrate import run_migrations
from jobpeak_runtime.relay_lease import LeadershipLost, RelayLease

pytestmark = pytest.mark.integration

LEASE_SECONDS = 2.0
"""Long beside the waits below, so a loaded machine cannot make the standby win early."""


@pytest.fixture
async def connections(database_url: str) -> AsyncIterator[list[asyncpg.Connection]]:
    await run_migrations(database_url=database_url, service_versions=None)
    opened = [await asyncpg.connect(asyncpg_dsn(database_url)) for _ in range(2)]
    try:
        yield opened
    finally:
        for connection in opened:
            await connection.close()


def lease(connection: asyncpg.Connection, holder: str) -> RelayLease:
    return RelayLease(
        connection=connection,
        holder=holder,
        lease_seconds=LEASE_SECONDS,
        poll_interval_seconds=0.05,
    )


async def test_a_lease_not_renewed_passes_to_the_standby_which_fences_the_old_holder(
    connections: list[asyncpg.Connection],
) -> None:
    leader, standby = lease(connections[0], "a"), lease(connections[1], "b")
    await leader.acquire()
    waiting = asyncio.create_task(standby.acquire())
    await asyncio.sleep(0.2)  # well inside the lease: the standby must still be waiting
    assert not waiting.done()
    await asyncio.wait_for(waiting, timeout=LEASE_SECONDS * 3)  # the leader never renewed it
    assert standby.epoch == 2
    with pytest.raises(LeadershipLost):
        leader.ensure_held()
    with pytest.raises(LeadershipLost):
        await leader.keep()
    standby.ensure_held()


async def test_a_renewed_lease_is_kept_and_a_released_one_is_taken_at_once(
    connections: list[asyncpg.Connection],
) -> None:
    leader, standby = lease(connections[0], "a"), lease(connections[1], "b")
    await leader.acquire()
    keeping = asyncio.create_task(leader.keep())
    waiting = asyncio.create_task(standby.acquire())
    await asyncio.sleep(LEASE_SECONDS * 1.5)  # past the first expiry: renewals kept it
    assert not waiting.done()
    keeping.cancel()
    await asyncio.gather(keeping, return_exceptions=True)
    await leader.release()
    await asyncio.wait_for(waiting, timeout=LEASE_SECONDS / 2)
    standby.ensure_held()
