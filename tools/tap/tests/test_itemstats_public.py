"""The report's item statistics come from the public topic's records: the last computed per key,
the same figures the job computed, and never the funnel's business."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from jobpeak_contracts.envelope import Envelope, Event, encode
from jobpeak_tap.funnel import build_funnel
from jobpeak_tap.itemstats import ItemStatisticsReport, item_statistics
from jobpeak_tap.itemstats_job import attempts_of
from jobpeak_tap.itemstats_public import published_statistics, without_statistics
from jobpeak_tap.itemstats_publish import statistics_events
from jobpeak_tap.report import write_report
from jobpeak_tap.store import StoredEvent

from tools.tap.tests.itemstats_data import MISKEYED, seeded_responses

pytestmark = pytest.mark.unit

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def _stored(event: Event, moment: datetime) -> StoredEvent:
    cls = type(event)
    envelope = Envelope(id=uuid4(), source=cls.ce_source(), type=cls.ce_type(), time=moment)
    return StoredEvent(envelope, event)


def _report(seed: int = 20) -> ItemStatisticsReport:
    records = [encode(event) for event in seeded_responses(seed)]
    consumed = [(record.topic, record.headers, record.value) for record in records]
    return item_statistics(attempts_of(consumed))


def test_the_public_records_give_back_the_computed_figures_latest_first(tmp_path: Path) -> None:
    older = statistics_events(_report(seed=21), computed_at=NOW - timedelta(days=1))
    current = _report()
    latest = statistics_events(current, computed_at=NOW)
    stored = [_stored(e, NOW) for e in latest] + [_stored(e, NOW) for e in older]

    assert published_statistics(stored) == current
    assert published_statistics([]) is None

    page = write_report(build_funnel([]), tmp_path, statistics=published_statistics(stored))
    charts = sorted(path.name for path in (tmp_path / "item-statistics").iterdir())
    assert charts == ["difficulty.png", "forms.png", "items.png"]
    assert f"<td>coding/bank-v1</td><td>{MISKEYED}</td>" in page.read_text()


def test_statistics_do_not_move_the_funnel_s_as_of() -> None:
    [form, *_] = statistics_events(_report(), computed_at=NOW + timedelta(days=30))
    stored = [_stored(form, NOW + timedelta(days=30))]

    assert without_statistics(stored) == []
    assert build_funnel(without_statistics(stored)).as_of is None
