"""Sessions carry lock and statement timeouts and keepalives; a frozen one loses its locks."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
from jobpeak_runtime.db import SessionLimits, create_engine
from jobpeak_runtime.infrastructure import is_lock_timeout, is_unavailable, is_worth_waiting_for
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

pytestmark = pytest.mark.integration


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(
        database_url,
        limits=SessionLimits(
            statement_timeout_seconds=20,
            lock_timeout_seconds=0.3,
            idle_in_transaction_timeout_seconds=1,
            keepalive_idle_seconds=15,
        ),
    )
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE seats (id int PRIMARY KEY)"))
        await connection.execute(text("INSERT INTO seats VALUES (1)"))
    yield engine
    await engine.dispose()


async def test_each_connection_starts_with_the_limits(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        shown = {
            name: await connection.scalar(text(f"SHOW {name}"))
            for name in (
                "statement_timeout",
                "lock_timeout",
                "idle_in_transaction_session_timeout",
                "tcp_keepalives_idle",
                "tcp_keepalives_interval",
                "tcp_keepalives_count",
            )
        }
    assert shown == {
        "statement_timeout": "20s",
        "lock_timeout": "300ms",
        "idle_in_transaction_session_timeout": "1s",
        "tcp_keepalives_idle": "15",
        "tcp_keepalives_interval": "5",
        "tcp_keepalives_count": "3",
    }


async def test_a_held_lock_makes_a_waiter_give_up_soon_and_the_frozen_holder_loses_it(
    engine: AsyncEngine,
) -> None:
    holder = await engine.connect()
    await holder.begin()
    await holder.execute(text("SELECT id FROM seats WHERE id = 1 FOR UPDATE"))
    # The holder now does nothing inside its transaction, as a frozen instance would.

    async with engine.connect() as waiter:
        started = time.monotonic()
        with pytest.raises(sa_exc.DBAPIError) as refused:
            await waiter.execute(text("SELECT id FROM seats WHERE id = 1 FOR UPDATE"))
        assert time.monotonic() - started < 5
        assert is_lock_timeout(refused.value)
        assert is_unavailable(refused.value)
        assert is_worth_waiting_for(refused.value)

    async with engine.connect() as patient:
        await patient.execute(text("SET lock_timeout = '15s'"))
        started = time.monotonic()
        await patient.execute(text("SELECT id FROM seats WHERE id = 1 FOR UPDATE"))
        assert time.monotonic() - started < 10  # the server ended the idle holder's session
    with pytest.raises(sa_exc.DBAPIError):
        await holder.execute(text("SELECT 1"))
    await holder.close()


async def test_a_connection_the_server_closed_while_idle_is_replaced_before_use(
    database_url: str,
) -> None:
    engine = create_engine(database_url, pool_size=1, ping_after_idle_seconds=0)
    try:
        async with engine.connect() as connection:
            pid = await connection.scalar(text("SELECT pg_backend_pid()"))
        killer = create_engine(database_url, pool_size=1)
        async with killer.connect() as other:
            assert await other.scalar(text(f"SELECT pg_terminate_backend({pid})"))
        await killer.dispose()

        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT pg_backend_pid()")) != pid
    finally:
        await engine.dispose()
