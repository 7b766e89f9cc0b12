"""Views and events read from domain objects by attribute name, not copied field by field.

A response view or an event mostly carries attributes of the same name of what it shows; only
the fields that are renamed or converted need saying::

    class WorkView(ResponseView):
        work_id: uuid.UUID
        seats: int
        hourly_rate: Money

        @classmethod
        def of(cls, item: WorkItem) -> WorkView:
            return cls.read(item, hourly_rate=wire_money(item.hourly_rate))

    started = from_attributes(TestStarted, attempt, attempt_id=attempt.id)

The values are validated exactly as the constructor would validate them (pydantic's own
``from_attributes`` reading, plus the given fields), so a model still rejects what it must, and a
field no source has and nobody gave is the constructor's error. I/O-free (pydantic and the
standard library), so a service's ``application/`` may use it too.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Self, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


def _field_names(kind: type[Any]) -> set[str]:
    if issubclass(kind, BaseModel):
        return set(kind.model_fields)
    if dataclasses.is_dataclass(kind):
        return {field.name for field in dataclasses.fields(kind) if field.init}
    raise TypeError(f"{kind.__name__} is neither a pydantic model nor a dataclass")


def from_attributes(kind: type[T], /, *sources: object, **given: Any) -> T:
    """A ``kind`` (pydantic model or dataclass) whose fields are ``given``, or else the
    like-named attribute of the first of ``sources`` that has one (``kind`` is positional, so
    a field may be named ``kind`` too)."""
    values = dict(given)
    for name in _field_names(kind) - given.keys():
        for source in sources:
            if hasattr(source, name):
                values[name] = getattr(source, name)
                break
    if issubclass(kind, BaseModel):
        return kind.model_validate(values)
    return kind(**values)


class ResponseView(BaseModel):
    """The base of a response body that shows a domain object (nested views read theirs too)."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def read(cls, *sources: object, **given: Any) -> Self:
        """:func:`from_attributes` of this view."""
        return from_attributes(cls, *sources, **given)
