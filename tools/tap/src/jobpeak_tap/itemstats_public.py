"""The item statistics as analysts get them: from the public ``analytics.item-statistics.v1``
kept in the tap's store, no restricted access needed.

The topic is compacted and keyed by ``statistics_id``; the store keeps every record read, so the
current statistics are the last computed per key. They are turned back into an
:class:`~jobpeak_tap.itemstats.ItemStatisticsReport`, which the charts draw.
"""

from __future__ import annotations

from collections.abc import Iterable

from jobpeak_contracts.events import FormStatisticsPublished, ItemStatisticsPublished

from jobpeak_tap.itemstats import (
    DEFAULT_MIN_N,
    FORM_FIGURES,
    FormStatistics,
    ItemLabels,
    ItemStatistics,
    ItemStatisticsReport,
    form_name,
)
from jobpeak_tap.store import StoredEvent

Published = ItemStatisticsPublished | FormStatisticsPublished


def _form(event: Published) -> str:
    return form_name(specialty_slug=event.specialty_slug, bank_version=event.bank_version)


def _item(event: ItemStatisticsPublished) -> ItemStatistics:
    return ItemStatistics(
        form=_form(event),
        question_id=event.question_id,
        n=event.n,
        suppressed=event.suppressed,
        p_value=event.p_value,
        point_biserial=event.point_biserial,
        flags=tuple(str(flag) for flag in event.flags),
        exposure_count=event.exposure_count,
        labels=ItemLabels(
            question_version=event.question_version,
            section=event.section,
            difficulty=event.difficulty,
            topic=event.question_topic,
            language=event.language,
        ),
    )


def _form_statistics(event: FormStatisticsPublished) -> FormStatistics:
    return FormStatistics(
        form=_form(event), **{name: getattr(event, name) for name in FORM_FIGURES}
    )


def published_statistics(events: Iterable[StoredEvent]) -> ItemStatisticsReport | None:
    """The current statistics among ``events`` (last computed per key), or ``None`` if none."""
    latest: dict[str, Published] = {}
    for stored in events:
        event = stored.event
        if not isinstance(event, ItemStatisticsPublished | FormStatisticsPublished):
            continue
        known = latest.get(event.statistics_id)
        if known is None or known.computed_at <= event.computed_at:
            latest[event.statistics_id] = event
    if not latest:
        return None
    ordered = [latest[key] for key in sorted(latest)]
    return ItemStatisticsReport(
        min_n=max((e.min_n for e in ordered), default=DEFAULT_MIN_N),
        forms=tuple(_form_statistics(e) for e in ordered if isinstance(e, FormStatisticsPublished)),
        items=tuple(_item(e) for e in ordered if isinstance(e, ItemStatisticsPublished)),
    )


def without_statistics(events: Iterable[StoredEvent]) -> list[StoredEvent]:
    """``events`` but the statistics: derived data, which must not move the funnel's "as of"."""
    return [
        e
        for e in events
        if not isinstance(e.event, ItemStatisticsPublished | FormStatisticsPublished)
    ]
