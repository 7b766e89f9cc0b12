"""Typed event handlers, registered per event class at import time (no I/O).

Example::

    handlers = EventHandlers()

    @handlers.on(TestPassed)
    async def add_reviewer_to_pool(
        event: TestPassed, *, envelope: Envelope, uow: UnitOfWork
    ) -> None:
        ...

A handler changes state through ``uow.session`` and may ``uow.emit`` events; it never commits:
the consumer commits its unit of work together with the inbox row.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from jobpeak_contracts.envelope import Envelope, Event
from jobpeak_contracts.topics import Topic

from jobpeak_runtime.uow import UnitOfWork

EventT = TypeVar("EventT", bound=Event)
EventT_contra = TypeVar("EventT_contra", bound=Event, contravariant=True)


class EventHandler(Protocol[EventT_contra]):
    def __call__(
        self, event: EventT_contra, /, *, envelope: Envelope, uow: UnitOfWork
    ) -> Awaitable[None]: ...


AnyHandler = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class HandlerRegistration:
    event_type: type[Event]
    handler: AnyHandler

    @property
    def name(self) -> str:
        return getattr(self.handler, "__qualname__", repr(self.handler))


class EventHandlers:
    """The handlers of one service, at most one per event class."""

    def __init__(self) -> None:
        self._by_type: dict[type[Event], HandlerRegistration] = {}

    def on(
        self, event_type: type[EventT]
    ) -> Callable[[EventHandler[EventT]], EventHandler[EventT]]:
        """Decorator registering the handler of ``event_type``."""

        def register(handler: EventHandler[EventT]) -> EventHandler[EventT]:
            self.add(event_type, handler)
            return handler

        return register

    def add(self, event_type: type[EventT], handler: EventHandler[EventT]) -> None:
        if event_type in self._by_type:
            existing = self._by_type[event_type].name
            raise ValueError(f"{event_type.__name__} already has a handler ({existing})")
        self._by_type[event_type] = HandlerRegistration(event_type=event_type, handler=handler)

    def include(self, other: EventHandlers) -> None:
        """Merge the registrations of ``other`` (e.g. one registry per module)."""
        for registration in other:
            self.add(registration.event_type, registration.handler)

    def handler_for(self, event: Any) -> HandlerRegistration | None:
        return self._by_type.get(type(event))

    @property
    def topics(self) -> list[Topic]:
        """The topics these handlers consume, in a stable order."""
        unique = {
            registration.event_type.topic.name: registration.event_type.topic
            for registration in self
        }
        return [unique[name] for name in sorted(unique)]

    def __iter__(self) -> Iterator[HandlerRegistration]:
        return iter(self._by_type.values())

    def __len__(self) -> int:
        return len(self._by_type)
