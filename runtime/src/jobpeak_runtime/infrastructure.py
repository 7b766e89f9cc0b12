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


def _caused_by(error: BaseException, kinds: tuple[type[BaseException], ...]) -> bool:
    if not isinstance(error, sa_exc.DBAPIError):
        return False
    return isinstance(error.orig, kinds) or isinstance(
        getattr(error.orig, "__cause__", None), kinds
    )


_LOCK_TIMEOUT = (asyncpg.exceptions.LockNotAvailableError,)
_STATEMENT_TIMEOUT = (asyncpg.exceptions.QueryCanceledError,)


def is_lock_timeout(error: BaseException) -> bool:
    """Whether ``error`` is ``lock_timeout`` expiring: another transaction holds the lock now."""
    return _caused_by(error, _LOCK_TIMEOUT)


def is_worth_waiting_for(error: BaseException) -> bool:
    """Whether a consumer should wait and retry without limit instead of counting a failure:
    the database is away, or a lock is held for now. Neither says the record is bad."""
    return is_infrastructure_error(error) or is_lock_timeout(error)


def is_unavailable(error: BaseException) -> bool:
    """Whether a request failed because the database is away or could not answer in time.

    Such a request is answered 503 with ``Retry-After``: nothing is wrong with it, and trying
    again later can succeed. Unreachable, a connection pool with no free connection, a
    statement or lock timeout.
    """
    return (
        is_worth_waiting_for(error)
        or isinstance(error, sa_exc.TimeoutError)
        or _caused_by(error, _STATEMENT_TIMEOUT)
    )
