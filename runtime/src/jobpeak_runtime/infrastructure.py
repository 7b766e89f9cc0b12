"""Telling an unreachable database apart from a bad record or a bad request.

An unreachable database is waited out by the consumer (never dead-lettered) and answered 503 by
the HTTP edge; any other error is the record's or the request's own.
"""

from __future__ import annotations

import asyncpg
from sqlalchemy import exc as sa_exc

_INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.InterfaceError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.AdminShutdownError,
)


def is_infrastructure_error(error: BaseException) -> bool:
    """Whether ``error`` means the database is unreachable rather than the record being bad."""
    if isinstance(error, sa_exc.DBAPIError):
        if error.connection_invalidated:
            return True
        return isinstance(error.orig, _INFRASTRUCTURE_ERRORS) or isinstance(
            getattr(error.orig, "__cause__", None), _INFRASTRUCTURE_ERRORS
        )
    return isinstance(error, (*_INFRASTRUCTURE_ERRORS, sa_exc.DisconnectionError))
