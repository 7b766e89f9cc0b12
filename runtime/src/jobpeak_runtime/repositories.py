"""The base of every service's SQL repository: it works inside one unit of work's session.

A repository is declared on its service's unit of work with :func:`jobpeak_runtime.uow.repository`,
built on the transaction's session and never commits; whoever opened the unit of work does.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class SqlRepository:
    """Holds the unit of work's ``session`` as ``self._session`` for the subclass's queries."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
