"""The result of applying a domain rule that may or may not change state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Transition(Generic[T]):
    """``value`` after the rule; ``changed`` is false for an idempotent repeat.

    The service layer emits an event and writes only when ``changed`` is true, which is what
    makes retried requests and redelivered events harmless.
    """

    value: T
    changed: bool
