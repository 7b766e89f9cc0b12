"""The narration has a short line for every public event and never prints content."""

from __future__ import annotations

import pytest
from jobpeak_contracts.examples import example_events
from jobpeak_contracts.topics import Visibility
from jobpeak_journey.events import summary

pytestmark = pytest.mark.unit


def test_every_public_event_has_its_own_summary() -> None:
    public = [e for e in example_events() if e.topic.visibility is Visibility.PUBLIC]
    assert len(public) >= 18  # example_events holds one of every event
    for event in public:
        line = summary(event)
        assert line != event.event_name, f"{event.event_name} has no summary"
        assert "\n" not in line
        assert len(line) < 90


def test_summaries_say_what_happened() -> None:
    lines = {type(e).__name__: summary(e) for e in example_events()}
    assert lines["PaymentCaptured"].startswith("49.00 USD captured")
    assert lines["TestPassed"].startswith("passed with")
    assert "pass mark 78%" in lines["TestPassed"]
    assert lines["WorkPosted"].endswith("Python, SQL")
