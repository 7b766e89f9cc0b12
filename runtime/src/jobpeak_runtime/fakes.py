"""An in-memory unit of work for use-case unit tests (no database, no broker).

A service's ``tests/unit/fakes.py`` subclasses :class:`FakeUnitOfWork` and sets its in-memory
repositories in ``__init__``; tests then read ``uow.emitted`` and ``uow.commits``. Repositories
of a fake keep their state across units of work only if the test shares them, as a real database
would, so build one fake per test and open it as often as the use case does.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from jobpeak_contracts.envelope import Event


class FakeUnitOfWork:
    """Records what a use case emits and whether it committed; rolls back emitted events."""

    def __init__(self) -> None:
        self.emitted: list[Event] = []
        self.subjects: list[str | None] = []
        self.commits = 0
        self._pending: list[tuple[Event, str | None]] = []
        self._open = False

    async def __aenter__(self) -> Self:
        self._open = True
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._pending.clear()
        self._open = False

    def emit(self, event: Event, *, subject: str | None = None) -> str:
        self._pending.append((event, subject))
        return str(len(self.emitted) + len(self._pending))

    async def commit(self) -> None:
        for event, subject in self._pending:
            self.emitted.append(event)
            self.subjects.append(subject)
        self._pending.clear()
        self.commits += 1

    async def rollback(self) -> None:
        self._pending.clear()

    def emitted_of(self, event_type: type[Event]) -> list[Event]:
        """The committed events of ``event_type``, in order."""
        return [event for event in self.emitted if isinstance(event, event_type)]
