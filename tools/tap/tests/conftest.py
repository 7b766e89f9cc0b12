"""Journeys of made-up candidates, built from the contracts' own example events."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

import pytest
from jobpeak_contracts.envelope import Envelope, Event
from jobpeak_contracts.events import (
    ItemResponse,
    ItemResponsesRecorded,
    MatchAccepted,
    PaymentCaptured,
    PracticeTestCompleted,
    ReviewerQualified,
    TestFailed,
    TestPassed,
)
from jobpeak_contracts.examples import NOW, example_events
from jobpeak_tap.store import StoredEvent


def _example(kind: type[Event]) -> Event:
    return next(event for event in example_events() if type(event) is kind)


def at(moment: datetime, kind: type[Event], candidate: str, **changes: object) -> StoredEvent:
    event = _example(kind).model_copy(update={"candidate_id": candidate, **changes})
    envelope = Envelope(
        id=uuid4(), source=f"/jobpeak/{kind.source_service}", type=kind.ce_type(), time=moment
    )
    return StoredEvent(envelope, event)


def responses(*outcomes: tuple[str, bool]) -> dict[str, object]:
    return {"responses": tuple(ItemResponse(question_id=q, correct=c) for q, c in outcomes)}


@pytest.fixture
def journeys() -> list[StoredEvent]:
    """Ana passes and is matched in 2 days; Ben fails, pays again, passes, is never matched;
    Cy only practises."""
    hour = timedelta(hours=1)
    return [
        at(NOW, PracticeTestCompleted, "ana-1"),
        at(NOW, ItemResponsesRecorded, "ana-1", **responses(("q-easy", True), ("q-hard", False))),
        at(NOW + hour, PaymentCaptured, "ana-1"),
        at(NOW + 2 * hour, TestPassed, "ana-1"),
        at(NOW + 2 * hour, ReviewerQualified, "ana-1", due_by=NOW + timedelta(days=7)),
        at(NOW + timedelta(days=2), MatchAccepted, "ana-1"),
        at(NOW, PracticeTestCompleted, "ben-2"),
        at(NOW, ItemResponsesRecorded, "ben-2", **responses(("q-easy", True), ("q-hard", False))),
        at(NOW + 3 * hour, PaymentCaptured, "ben-2"),
        at(NOW + 4 * hour, TestFailed, "ben-2"),
        at(NOW + 5 * hour, PaymentCaptured, "ben-2"),
        at(NOW + 6 * hour, TestPassed, "ben-2"),
        at(NOW + 6 * hour, ReviewerQualified, "ben-2", due_by=NOW + timedelta(days=7)),
        at(NOW, PracticeTestCompleted, "cy-3"),
        at(NOW, ItemResponsesRecorded, "cy-3", **responses(("q-easy", False), ("q-hard", True))),
    ]
