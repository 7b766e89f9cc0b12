"""Journeys of made-up candidates whose funnel, SLA and item figures are known."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jobpeak_contracts.events import (
    ItemResponsesRecorded,
    ItemResponsesRecordedV2,
    MatchAccepted,
    PaymentCaptured,
    PracticeTestCompleted,
    ReviewerQualified,
    TestFailed,
    TestPassed,
)
from jobpeak_contracts.examples import NOW
from jobpeak_tap.store import StoredEvent

from tools.tap.tests.journeys import at, responses


@pytest.fixture
def journeys() -> list[StoredEvent]:
    """Ana passes and is matched in 2 days; Ben fails, pays again, passes, is not matched yet;
    Cy only practises. Per-item results of certification attempts are on the restricted topic
    (v2); the practice ones are retired public v1 records, which the tap no longer counts."""
    hour = timedelta(hours=1)
    Old = ItemResponsesRecorded
    Items = ItemResponsesRecordedV2
    practice, cert = "practice", None
    return [
        at(NOW, PracticeTestCompleted, "ana-1"),
        at(NOW, Old, "ana-1", **responses(practice, ("q-easy", True), ("q-hard", False))),
        at(NOW + hour, PaymentCaptured, "ana-1"),
        at(NOW + 2 * hour, TestPassed, "ana-1"),
        at(NOW + 2 * hour, Items, "ana-1", **responses(cert, ("q-cert", True))),
        at(NOW + 2 * hour, ReviewerQualified, "ana-1", due_by=NOW + timedelta(days=7)),
        at(NOW + timedelta(days=2), MatchAccepted, "ana-1"),
        at(NOW, PracticeTestCompleted, "ben-2"),
        at(NOW, Old, "ben-2", **responses(practice, ("q-easy", True), ("q-hard", False))),
        at(NOW + 3 * hour, PaymentCaptured, "ben-2"),
        at(NOW + 4 * hour, TestFailed, "ben-2"),
        at(NOW + 4 * hour, Items, "ben-2", **responses(cert, ("q-cert", False))),
        at(NOW + 5 * hour, PaymentCaptured, "ben-2"),
        at(NOW + 6 * hour, TestPassed, "ben-2"),
        at(NOW + 6 * hour, ReviewerQualified, "ben-2", due_by=NOW + timedelta(days=7)),
        at(NOW, PracticeTestCompleted, "cy-3"),
        at(NOW, Old, "cy-3", **responses(practice, ("q-easy", False), ("q-hard", True))),
    ]  # fmt: skip
