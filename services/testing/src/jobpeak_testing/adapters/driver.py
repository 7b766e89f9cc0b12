"""Statements on the asyncpg connection under a session's transaction, for the hot path.

SQLAlchemy's per-statement path (the ORM session's execute, autobegin checks, compiled-cache
keys, result wrapping, the greenlet hop) cost about as much CPU as the attempt start's own
work. The start's statements are fixed SQL text, so they run on the driver connection the
session holds: same connection, same transaction — the unit of work still begins, commits or
rolls it back. asyncpg prepares each statement once per connection and reuses it.

The transaction must be open on the driver before a statement runs there, or it would commit on
its own. SQLAlchemy's asyncpg adapter begins it with the first statement it runs: on the start's
path that is :meth:`DriverStatements.lock`; elsewhere, when a driver statement comes first,
:meth:`DriverStatements.connection` runs an empty statement through SQLAlchemy to begin it. Driver
errors are raised as SQLAlchemy's (``IntegrityError`` for a constraint, ``DBAPIError`` with the
asyncpg error as ``orig`` otherwise), so the edge maps them exactly as before (409, 503 on a
lock or statement timeout).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from jobpeak_runtime.db import lock_until_commit
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession


class DriverStatements:
    """The asyncpg connection of ``session``'s transaction, and statements run on it."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._connection: AsyncConnection | None = None
        self._driver: asyncpg.Connection | None = None

    async def lock(self, name: str) -> None:
        """The runtime's ``lock_until_commit``: through SQLAlchemy's connection, so that as the
        transaction's first statement it begins the transaction the driver statements join."""
        await lock_until_commit(self._session, name)

    async def connection(self) -> asyncpg.Connection:
        connection = await self._session.connection()
        if connection is not self._connection or self._driver is None:
            raw = await connection.get_raw_connection()
            self._driver = raw.driver_connection
            self._connection = connection
        if self._driver is not None and not self._driver.is_in_transaction():
            await connection.exec_driver_sql("SELECT 1")
        if self._driver is None or not self._driver.is_in_transaction():
            raise RuntimeError("driver statements run only inside the session's transaction")
        return self._driver

    async def fetchrow(self, sql: str, *args: Any) -> asyncpg.Record | None:
        driver = await self.connection()
        async with _as_sqlalchemy_errors(sql):
            return await driver.fetchrow(sql, *args)

    async def execute(self, sql: str, *args: Any) -> None:
        driver = await self.connection()
        async with _as_sqlalchemy_errors(sql):
            await driver.execute(sql, *args)


@asynccontextmanager
async def _as_sqlalchemy_errors(sql: str) -> AsyncIterator[None]:
    try:
        yield
    except asyncpg.IntegrityConstraintViolationError as error:
        raise sa_exc.IntegrityError(sql, None, error) from error
    except (asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        raise sa_exc.DBAPIError(sql, None, error) from error
