"""Ping a pooled connection before use only when it has been idle a while.

SQLAlchemy's ``pool_pre_ping`` pings on every checkout, and its asyncpg dialect pings with three
round trips (BEGIN, ``;``, ROLLBACK — made for pgbouncer's transaction mode). That was a third
of an attempt start's round trips (issue 19, B7) and one more set per consumed batch. A
connection checked in a moment ago is as alive as the last statement it ran; one that sat idle
may have been closed by the server, a proxy or a restart. So the ping runs only after
``idle_seconds`` in the pool, and a dead connection is swapped for a fresh one before the caller
sees it (SQLAlchemy's documented pessimistic recipe: ``DisconnectionError`` from a checkout
listener). A server that dies while a connection is busy fails that unit of work either way.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import AsyncEngine

_RETURNED_AT = "jobpeak_returned_at"


def ping_connections_idle_for(engine: AsyncEngine, *, idle_seconds: float) -> None:
    """Ping each connection of ``engine``'s pool at checkout if idle over ``idle_seconds``."""
    pool = engine.sync_engine.pool

    def returned(_dbapi_connection: Any, record: Any, *_: Any) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle = time.monotonic() - record.info.get(_RETURNED_AT, time.monotonic())
        if idle < idle_seconds:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:
            raise exc.DisconnectionError(f"pooled connection is gone: {error!r}") from error

    event.listen(pool, "connect", returned)
    event.listen(pool, "checkin", returned)
    event.listen(pool, "checkout", checked_out)
