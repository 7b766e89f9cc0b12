"""The envelope of the record a handler is handling, for the rare handler that needs it.

Handlers take the event and the unit of work only; a handler that must know the record's
CloudEvents attributes (its ``ce_id`` as an effect's identity, its ``traceparent``) reads
:func:`handled_envelope` while it runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from jobpeak_contracts.envelope import Envelope

_handled: ContextVar[Envelope | None] = ContextVar("jobpeak_handled_envelope", default=None)


def handled_envelope() -> Envelope:
    """The envelope of the record being handled; fails outside a handler."""
    envelope = _handled.get()
    if envelope is None:
        raise LookupError("no record is being handled in this context")
    return envelope


@contextmanager
def handling(envelope: Envelope) -> Iterator[None]:
    """Make ``envelope`` the handled one for the duration of the block."""
    token = _handled.set(envelope)
    try:
        yield
    finally:
        _handled.reset(token)
