"""What a use case may ask of a unit of work, whatever implements it.

A service's ``application/ports.py`` extends :class:`Transaction` with its repositories::

    class TestingUnitOfWork(Transaction, Protocol):
        attempts: AttemptRepository
        entitlements: EntitlementRepository

The real one is a :class:`jobpeak_runtime.uow.UnitOfWork` subclass in the service's
``adapters/``; unit tests pass an in-memory fake built on
:class:`jobpeak_runtime.fakes.FakeUnitOfWork`.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self, TypeVar

from jobpeak_contracts.envelope import Event


class Transaction(Protocol):
    """One transaction and the events it causes, committed together or not at all."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def emit(self, event: Event, *, subject: str | None = None) -> str:
        """Record ``event`` for publication when the transaction commits; returns its ce_id."""
        ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


TransactionT_co = TypeVar("TransactionT_co", bound=Transaction, covariant=True)


class TransactionFactory(Protocol[TransactionT_co]):
    """Opens a fresh unit of work (periodic jobs and routes that need several)."""

    def __call__(self) -> TransactionT_co: ...
