"""Made-up candidates' events, built from the contracts' own example events."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from jobpeak_contracts.envelope import Envelope, Event
from jobpeak_contracts.events import ItemResponse
from jobpeak_contracts.examples import example_events
from jobpeak_tap.store import StoredEvent


def _example(kind: type[Event]) -> Event:
    return next(event for event in example_events() if type(event) is kind)


def at(moment: datetime, event_type: type[Event], candidate: str, **changes: object) -> StoredEvent:
    event = _example(event_type).model_copy(update={"candidate_id": candidate, **changes})
    envelope = Envelope(
        id=uuid4(),
        source=f"/jobpeak/{event_type.source_service}",
        type=event_type.ce_type(),
        time=moment,
    )
    return StoredEvent(envelope, event)


def responses(kind: str | None, *outcomes: tuple[str, bool]) -> dict[str, object]:
    """The fields of an item-responses event; ``kind`` only for the retired v1 (v2 has none)."""
    items = tuple(ItemResponse(question_id=q, correct=c) for q, c in outcomes)
    return {"responses": items} | ({"kind": kind} if kind else {})
