"""Failures of use cases that are not bad input (those are ``InvalidInput``)."""

from __future__ import annotations


class NotFound(Exception):
    def __init__(self, what: str, key: str) -> None:
        self.what = what
        self.key = key
        super().__init__(f"{what} {key!r} does not exist")


class Conflict(Exception):
    """The request is well formed but clashes with the current state (a duplicate, a status)."""

    def __init__(self, *, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")
