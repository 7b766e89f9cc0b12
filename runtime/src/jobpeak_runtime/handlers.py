"""Typed event handlers, registered per event class at import time (no I/O).

Example::

    handlers = EventHandlers()

    handlers: EventHandlers[MatchingUnitOfWork] = EventHandlers()

    @handlers.on(TestPassed)
    async def add_reviewer_to_pool(event: TestPassed, *, uow: MatchingUnitOfWork) -> None:
        ...

A handler calls a use case with the unit of work the consumer hands it (the service's own, with
its repositories) and may ``uow.emit`` events; it never commits: the consumer commits its unit of
work together with the inbox row.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from jobpeak_contracts.envelope import Event
from jobpeak_contracts.topics import Topic

EventT = TypeVar("EventT", bound=Event)
EventT_contra = TypeVar("EventT_contra", bound=Event, contravariant=True)
UowT = TypeVar("UowT")
UowT_contra = TypeVar("UowT_contra", contravariant=True)


class EventHandler(Protocol[EventT_contra, UowT_contra]):
    def __call__(self, event: EventT_contra, /, *, uow: UowT_contra) -> Awaitable[None]: ...


AnyHandler = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class HandlerRegistration:
    event_type: type[Event]
    handler: AnyHandler

    @property
    def name(self) -> str:
        return getattr(self.handler, "__qualname__", repr(self.handler))


class EventHandlers(Generic[UowT]):
    """The handlers of one service, at most one per event class, all taking its unit of work."""

    def __init__(self) -> None:
        self._by_type: dict[type[Event], HandlerRegistration] = {}

    def on(
        self, event_type: type[EventT]
    ) -> Callable[[EventHandler[EventT, UowT]], EventHandler[EventT, UowT]]:
        """Decorator registering the handler of ``event_type``."""

        def register(handler: EventHandler[EventT, UowT]) -> EventHandler[EventT, UowT]:
            self.add(event_type, handler)
            return handler

        return register

    def add(self, event_type: type[EventT], handler: EventHandler[EventT, UowT]) -> None:
        if event_type in self._by_type:
            existing = self._by_type[event_type].name
            raise ValueError(f"{event_type.__name__} already has a handler ({existing})")
        self._by_type[event_type] = HandlerRegistration(event_type=event_type, handler=handler)

    def include(self, other: EventHandlers[UowT]) -> None:
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
