"""The base of every rule the domain refuses to break."""

from __future__ import annotations


class DomainError(Exception):
    """A request the rules refuse; the message says what is wrong and never echoes a key."""
