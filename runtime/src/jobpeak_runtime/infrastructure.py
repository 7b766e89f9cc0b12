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


_TOO_SLOW_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.exceptions.QueryCanceledError,  # statement_timeout
    asyncpg.exceptions.LockNotAvailableError,  # lock_timeout
)


def is_unavailable(error: BaseException) -> bool:
    """Whether a request failed because the database is away or could not answer in time.

    Such a request is answered 503 with ``Retry-After``: nothing is wrong with it, and trying
    again later can succeed. Unreachable, a connection pool with no free connection, a
    statement or lock timeout.
    """
    if is_infrastructure_error(error) or isinstance(error, sa_exc.TimeoutError):
        return True
    if isinstance(error, sa_exc.DBAPIError):
        cause = getattr(error.orig, "__cause__", None)
        return isinstance(error.orig, _TOO_SLOW_ERRORS) or isinstance(cause, _TOO_SLOW_ERRORS)
    return False
