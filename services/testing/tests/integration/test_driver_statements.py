"""The start's statements on the driver connection stay in the session's transaction, and fail
as SQLAlchemy errors (so the edge answers 409 and 503 as before)."""

from __future__ import annotations

import pytest
from jobpeak_runtime.infrastructure import is_lock_timeout
from jobpeak_testing.adapters.driver import DriverStatements
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

pytestmark = pytest.mark.integration

COUNT = "SELECT count(*) AS stored FROM kept"
INSERT = "INSERT INTO kept VALUES ($1)"


async def _stored(engine: AsyncEngine) -> int:
    async with AsyncSession(engine) as session:
        row = await DriverStatements(session).fetchrow(COUNT)
        assert row is not None
        return int(row["stored"])


async def test_driver_statements_commit_and_roll_back_with_the_session(database_url: str) -> None:
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("CREATE TABLE kept (key integer PRIMARY KEY)")

        async with AsyncSession(engine) as session:
            await DriverStatements(session).execute(INSERT, 1)  # the first statement: begins
            await session.rollback()
        assert await _stored(engine) == 0

        async with AsyncSession(engine) as session:
            driver = DriverStatements(session)
            await driver.lock("test/one")
            await driver.execute(INSERT, 1)
            await session.commit()
        assert await _stored(engine) == 1

        async with AsyncSession(engine) as session:
            with pytest.raises(IntegrityError):
                await DriverStatements(session).execute(INSERT, 1)
    finally:
        await engine.dispose()


async def test_a_lock_timeout_on_the_driver_is_recognised(database_url: str) -> None:
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("CREATE TABLE kept (key integer PRIMARY KEY)")
            await connection.exec_driver_sql("INSERT INTO kept VALUES (1)")

        async with AsyncSession(engine) as holder, AsyncSession(engine) as waiter:
            await DriverStatements(holder).execute("SELECT key FROM kept FOR UPDATE")
            driver = DriverStatements(waiter)
            await driver.execute("SET LOCAL lock_timeout = '50ms'")
            with pytest.raises(DBAPIError) as refused:
                await driver.fetchrow("SELECT key FROM kept FOR SHARE")
        assert is_lock_timeout(refused.value)
    finally:
        await engine.dispose()
