"""``jobpeak-tap item-stats --publish``: the statistics as events on the public, compacted
``analytics.item-statistics.v1``.

One :class:`ItemStatisticsPublished` per item of a form and one :class:`FormStatisticsPublished`
per form, keyed by ``statistics_id`` so compaction keeps the latest of each. The job reads the
topic back first and publishes only the keys whose figures changed (``computed_at`` aside), so a
rerun over the same responses adds no record, and a compacted reader sees the same state however
often the job runs. Records are CloudEvents encoded by the contracts, sent with an idempotent
producer acknowledged by all replicas, like the services' outbox relays.

What is published is ids, the bank's labels and numbers: the models have no field for a stem, an
option, a key or a candidate, and a suppressed item (``n < min_n``) carries ``n`` only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from aiokafka import AIOKafkaProducer
from jobpeak_contracts.attributes import HEADER_SYNTHETIC, SYNTHETIC_TRUE
from jobpeak_contracts.envelope import ContractError, decode, encode
from jobpeak_contracts.events import FormStatisticsPublished, ItemFlag, ItemStatisticsPublished
from jobpeak_contracts.events.analytics import form_statistics_id, item_statistics_id
from jobpeak_contracts.questions import Difficulty, Section
from jobpeak_contracts.topics import ANALYTICS_ITEM_STATISTICS

from jobpeak_tap.itemstats import (
    FORM_FIGURES,
    FormStatistics,
    ItemStatistics,
    ItemStatisticsReport,
    form_parts,
)
from jobpeak_tap.itemstats_job import ConsumedRecord

StatisticsEvent = ItemStatisticsPublished | FormStatisticsPublished
PRODUCER_CLIENT_ID = "item-statistics"


def _common(form: str, *, min_n: int, computed_at: datetime) -> dict[str, Any]:
    """The fields every statistics event of ``form`` shares."""
    specialty_slug, bank_version = form_parts(form)
    return {
        "specialty_slug": specialty_slug,
        "bank_version": bank_version,
        "pool": "certification",
        "min_n": min_n,
        "computed_at": computed_at,
    }


def _item_event(item: ItemStatistics, *, min_n: int, computed_at: datetime) -> StatisticsEvent:
    common = _common(item.form, min_n=min_n, computed_at=computed_at)
    labels = item.labels
    return ItemStatisticsPublished(
        statistics_id=item_statistics_id(
            specialty_slug=common["specialty_slug"],
            bank_version=common["bank_version"],
            question_id=item.question_id,
        ),
        **common,
        question_id=item.question_id,
        question_version=labels.question_version,
        section=Section(labels.section) if labels.section else None,
        difficulty=Difficulty(labels.difficulty) if labels.difficulty else None,
        question_topic=labels.topic,
        language=labels.language,
        n=item.n,
        suppressed=item.suppressed,
        p_value=item.p_value,
        point_biserial=item.point_biserial,
        exposure_count=item.exposure_count,
        flags=tuple(ItemFlag(flag) for flag in item.flags),
    )


def _form_event(form: FormStatistics, *, min_n: int, computed_at: datetime) -> StatisticsEvent:
    common = _common(form.form, min_n=min_n, computed_at=computed_at)
    return FormStatisticsPublished(
        statistics_id=form_statistics_id(
            specialty_slug=common["specialty_slug"], bank_version=common["bank_version"]
        ),
        **common,
        **{name: getattr(form, name) for name in FORM_FIGURES},
    )


def statistics_events(
    report: ItemStatisticsReport, *, computed_at: datetime
) -> list[StatisticsEvent]:
    """Every form's and item's statistics of ``report`` as events, forms first."""
    min_n = report.min_n
    return [
        *(_form_event(form, min_n=min_n, computed_at=computed_at) for form in report.forms),
        *(_item_event(item, min_n=min_n, computed_at=computed_at) for item in report.items),
    ]


def _figures(event: StatisticsEvent) -> dict[str, Any]:
    """What a change is judged on: everything but when it was computed."""
    return event.model_dump(mode="json", exclude={"computed_at"})


def latest_published(records: Iterable[ConsumedRecord]) -> dict[str, dict[str, Any]]:
    """The figures last published under each ``statistics_id``, as a compacted reader sees them."""
    latest: dict[str, dict[str, Any]] = {}
    for topic, headers, value in records:
        try:
            event = decode(topic=topic, headers=headers, value=value).event
        except ContractError:
            continue
        if isinstance(event, ItemStatisticsPublished | FormStatisticsPublished):
            latest[event.statistics_id] = _figures(event)
    return latest


def changed(
    events: Sequence[StatisticsEvent], published: dict[str, dict[str, Any]]
) -> list[StatisticsEvent]:
    """The events whose figures differ from the last published under their key."""
    return [event for event in events if published.get(event.statistics_id) != _figures(event)]


async def publish(
    events: Sequence[StatisticsEvent], *, bootstrap: str, topic_prefix: str, synthetic: bool
) -> int:
    """Send ``events`` (marked synthetic when computed from synthetic traffic); the count sent."""
    marks = [(HEADER_SYNTHETIC, SYNTHETIC_TRUE.encode())] if synthetic else []
    # The settings of the services' outbox relays (jobpeak_runtime.outbox.idempotent_producer),
    # which the analysts' tap does not depend on.
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id=PRODUCER_CLIENT_ID,
        acks="all",
        enable_idempotence=True,
        linger_ms=2,
        retry_backoff_ms=200,
    )
    await producer.start()
    try:
        for event in events:
            record = encode(event, topic_prefix=topic_prefix)
            await producer.send(
                record.topic, record.value, key=record.key, headers=[*record.headers, *marks]
            )
        await producer.flush()
    finally:
        await producer.stop()
    return len(events)


def statistics_topic(prefix: str) -> str:
    return ANALYTICS_ITEM_STATISTICS.qualified_name(prefix)
