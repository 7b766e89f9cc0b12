"""The statistics events against a direct numpy computation on a seeded set of responses."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from jobpeak_contracts.envelope import Event, encode
from jobpeak_contracts.examples import question
from jobpeak_tap.itemstats import item_statistics
from jobpeak_tap.itemstats_job import ConsumedRecord, attempts_of
from jobpeak_tap.itemstats_publish import (
    StatisticsEvent,
    changed,
    latest_published,
    statistics_events,
)

from tools.tap.tests.itemstats_data import (
    MIN_N,
    MISKEYED,
    TOO_EASY,
    assert_published_figures_match,
    direct_statistics,
    seeded_responses,
)

pytestmark = pytest.mark.unit

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def _published(events: Sequence[Event]) -> list[ConsumedRecord]:
    records = [encode(event) for event in events]
    return [(record.topic, record.headers, record.value) for record in records]


def _statistics(seed: int = 20) -> list[StatisticsEvent]:
    records = _published(seeded_responses(seed))
    return statistics_events(item_statistics(attempts_of(records)), computed_at=NOW)


def test_published_figures_equal_a_direct_computation() -> None:
    responses = seeded_responses()
    events = _statistics()
    payloads = {event.statistics_id: json.loads(event.model_dump_json()) for event in events}

    assert_published_figures_match(payloads, direct_statistics(responses))
    miskeyed, too_easy = (
        payloads[f"item:coding:1:{MISKEYED}"],
        payloads[f"item:coding:1:{TOO_EASY}"],
    )
    assert miskeyed["flags"] == ["negative_discrimination"]
    assert "p_value_outside_band" in too_easy["flags"]
    suppressed = [p for key, p in payloads.items() if key.startswith("item:coding:2:")]
    assert suppressed
    assert all(p["suppressed"] and p["n"] < MIN_N for p in suppressed)
    assert 0.0 < payloads["form:coding:1"]["kr20"] < 1.0


def test_the_same_figures_computed_again_change_nothing() -> None:
    first = _statistics()
    later = [event.model_copy(update={"computed_at": NOW + timedelta(days=1)}) for event in first]
    published = latest_published(_published(first))

    assert changed(later, published) == []
    assert len(changed(_statistics(seed=21), published)) > 0


def test_no_question_content_reaches_the_statistics() -> None:
    """Even when the responses' labels are the example question's, nothing of its stem, code,
    explanation, options or key is in any statistics record."""
    toy = question()
    values = b"".join(value for _, _, value in _published(_statistics()))
    content = [toy.stem, toy.code or "", toy.explanation, *(o.text for o in toy.options)]
    for text in content:
        assert text.encode() not in values
    for word in (b"stem", b"option", b"answer", b"explanation", b"candidate", b"attempt_id"):
        assert word not in values
