"""The unit of work: one database transaction, and the events it causes, committed together.

Each service subclasses :class:`UnitOfWork` in its ``adapters/`` and declares its repositories
as class attributes made by :func:`repository` (``orders: OrderRepository =
repository(SqlOrderRepository)``); the unit of work builds each one on the transaction's session
when its block is entered (``uow.attempts``, ``uow.orders``, …). They are typed in the service's
``application/`` by a protocol that extends :class:`jobpeak_runtime.ports.Transaction`. Use cases
change state through those repositories and announce what happened with ``uow.emit(event)``;
:meth:`UnitOfWork.commit` writes the encoded records as outbox rows in the same transaction, so a
state change and its events are stored together or not at all. Leaving the block without
committing rolls everything back. Repositories and handlers never commit: whoever opened the unit
of work does (the consumer wrapper for handlers, the use case or route for HTTP writes).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Any, Generic, Self, TypeVar, cast, overload

from jobpeak_contracts.envelope import Event, encode
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobpeak_runtime.db import create_engine, create_sessionmaker, outbox_table
from jobpeak_runtime.records import CE_ID, KafkaRecord, headers_to_json
from jobpeak_runtime.synthetic import with_synthetic_mark
from jobpeak_runtime.tracing import current_traceparent


class UnitOfWorkError(RuntimeError):
    """A unit of work was used outside its block or committed twice."""


RepositoryT = TypeVar("RepositoryT")


class _RepositorySlot(Generic[RepositoryT]):
    """A repository a unit of work class declares: built on each unit of work's session."""

    def __init__(self, build: Callable[[AsyncSession], RepositoryT]) -> None:
        self.build = build

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type[Any]) -> RepositoryT: ...

    def __get__(self, instance: object | None, owner: type[Any]) -> Self | RepositoryT:
        if instance is None:
            return self
        raise UnitOfWorkError("the unit of work is used outside its 'async with' block")


def repository(build: Callable[[AsyncSession], RepositoryT]) -> RepositoryT:
    """Declare a repository of a unit of work class, built by ``build(session)`` when a unit of
    work is entered (``orders: OrderRepository = repository(SqlOrderRepository)``).

    Typed as the repository itself, like :func:`dataclasses.field` is typed as the field's value:
    the attribute reads as the repository inside the ``async with`` block (the built one is set
    on the instance) and raises :class:`UnitOfWorkError` outside it.
    """
    return cast(RepositoryT, _RepositorySlot(build))


class UnitOfWork:
    """Async context manager owning one ``AsyncSession`` transaction and its outbox rows."""

    def __init__(
        self, *, sessionmaker: async_sessionmaker[AsyncSession], topic_prefix: str
    ) -> None:
        self._sessionmaker = sessionmaker
        self._topic_prefix = topic_prefix
        self._session: AsyncSession | None = None
        self._pending: list[dict[str, Any]] = []
        self._committed = False

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise UnitOfWorkError("the unit of work is used outside its 'async with' block")
        return self._session

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise UnitOfWorkError("a unit of work is entered only once")
        self._session = self._sessionmaker()
        self.open_repositories(self._session)
        return self

    def open_repositories(self, session: AsyncSession) -> None:
        """Build the repositories this class declares with :func:`repository` on ``session``.

        The only place outside a service's ``adapters/`` where a repository meets a session.
        """
        declared: dict[str, _RepositorySlot[Any]] = {}
        for klass in reversed(type(self).__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, _RepositorySlot):
                    declared[name] = value
        for name, slot in declared.items():
            setattr(self, name, slot.build(session))

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            if not self._committed:
                await session.rollback()
        finally:
            self._pending.clear()
            await session.close()

    def emit(self, event: Event, *, subject: str | None = None) -> str:
        """Record ``event`` for publication when this unit of work commits; returns its ce_id.

        The event is encoded now, so a contract violation fails here, next to its cause, and the
        current trace context is captured as the record's ``traceparent`` (and the synthetic mark,
        see :mod:`jobpeak_runtime.synthetic`).
        """
        encoded = encode(
            event,
            subject=subject,
            traceparent=current_traceparent(),
            topic_prefix=self._topic_prefix,
        )
        record = KafkaRecord(
            topic=encoded.topic,
            key=encoded.key,
            headers=with_synthetic_mark(tuple(encoded.headers)),
            value=encoded.value,
        )
        event_id = record.header_text(CE_ID)
        self.emit_record(record, event_id=event_id)
        return event_id or ""

    def emit_record(self, record: KafkaRecord, *, event_id: str | None) -> None:
        """Record an already encoded ``record`` (a dead letter, a replay) for publication."""
        if self._committed:
            raise UnitOfWorkError("cannot emit after the unit of work has committed")
        self._pending.append(
            {
                "topic": record.topic,
                "key": record.key,
                "headers": headers_to_json(record.headers),
                "value": record.value,
                "event_id": event_id,
            }
        )

    async def commit(self) -> None:
        """Write the pending outbox rows and commit the transaction."""
        if self._committed:
            raise UnitOfWorkError("the unit of work has already committed")
        session = self.session
        if self._pending:
            await session.execute(insert(outbox_table), self._pending)
            self._pending.clear()
        await session.commit()
        self._committed = True

    async def rollback(self) -> None:
        self._pending.clear()
        await self.session.rollback()


UowT = TypeVar("UowT", bound=UnitOfWork)


class UnitOfWorkFactory(Generic[UowT]):
    """Makes a fresh unit of work of the service's class per use; one per service process."""

    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        topic_prefix: str,
        unit_of_work: type[UowT],
    ) -> None:
        self.sessionmaker = sessionmaker
        self.topic_prefix = topic_prefix
        self.unit_of_work = unit_of_work

    def __call__(self) -> UowT:
        return self.unit_of_work(sessionmaker=self.sessionmaker, topic_prefix=self.topic_prefix)


@asynccontextmanager
async def one_off_units_of_work(
    *,
    database_url: str,
    topic_prefix: str,
    unit_of_work: type[UowT],
    pool_size: int = 1,
) -> AsyncIterator[UnitOfWorkFactory[UowT]]:
    """Units of work for a command run outside the server (``python -m jobpeak_<name> …``): a
    small engine of its own, disposed when the block ends. Events go to the outbox; the running
    service's relay publishes them."""
    engine = create_engine(database_url, pool_size=pool_size)
    try:
        yield UnitOfWorkFactory(
            sessionmaker=create_sessionmaker(engine),
            topic_prefix=topic_prefix,
            unit_of_work=unit_of_work,
        )
    finally:
        await engine.dispose()
