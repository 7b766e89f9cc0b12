"""``jobpeak-tap item-stats``: the restricted per-item responses in, content-free statistics out.

This is the one reader of the restricted ``testing.item-responses.v1`` (the broker's ACLs grant it
to the ``item-statistics`` principal only). It reads every partition from the start to the current
end, with no consumer group, keeps the certification attempts (``ItemResponsesRecorded`` v2, and
v1's certification attempts from before the move, if pointed at the old public topic) that are not
synthetic, and writes
:mod:`jobpeak_tap.itemstats`'s report as JSON: question ids, forms and numbers, never a stem, an
option or a key (the records it reads carry none either).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path

from aiokafka import AIOKafkaConsumer
from jobpeak_contracts.attributes import HEADER_SYNTHETIC, SYNTHETIC_TRUE
from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.envelope import ContractError, decode
from jobpeak_contracts.events import ItemResponsesRecorded, ItemResponsesRecordedV2

from jobpeak_tap.consume import topic_partitions
from jobpeak_tap.itemstats import ItemLabels, ItemStatisticsReport, ScoredAttempt, form_name

ITEM_RESPONSES_TOPIC = "testing.item-responses.v1"
ConsumedRecord = tuple[str, Sequence[tuple[str, bytes]], bytes]
"""A record as read: its topic, headers and value."""


def scored_attempt(event: ItemResponsesRecorded | ItemResponsesRecordedV2) -> ScoredAttempt | None:
    """The certification attempt ``event`` records, or ``None`` for a practice attempt."""
    if isinstance(event, ItemResponsesRecorded) and event.kind is not BlueprintKind.CERTIFICATION:
        return None
    labels = {}
    if isinstance(event, ItemResponsesRecordedV2):
        labels = {
            item.question_id: ItemLabels(
                question_version=item.question_version,
                section=item.section,
                difficulty=item.difficulty,
                topic=item.topic,
                language=item.language,
            )
            for item in event.responses
        }
    return ScoredAttempt(
        attempt_id=str(event.attempt_id),
        form=form_name(specialty_slug=event.specialty_slug, bank_version=event.bank_version),
        responses={item.question_id: item.correct for item in event.responses},
        labels=labels,
    )


def attempts_of(
    records: Iterable[ConsumedRecord],
    *,
    include_synthetic: bool = False,
) -> list[ScoredAttempt]:
    """The certification attempts among ``(topic, headers, value)`` records, one per attempt id
    (a redelivered record counts once); records of other types or undecodable ones are skipped."""
    found: dict[str, ScoredAttempt] = {}
    for topic, headers, value in records:
        if not include_synthetic and (HEADER_SYNTHETIC, SYNTHETIC_TRUE.encode()) in headers:
            continue
        try:
            event = decode(topic=topic, headers=headers, value=value).event
        except ContractError:
            continue
        if not isinstance(event, ItemResponsesRecorded | ItemResponsesRecordedV2):
            continue
        attempt = scored_attempt(event)
        if attempt is not None:
            found[attempt.attempt_id] = attempt
    return list(found.values())


async def read_to_end(*, bootstrap: str, topic: str) -> list[ConsumedRecord]:
    """Every record of ``topic`` up to its current end, with no consumer group."""
    partitions = await topic_partitions(bootstrap, [topic])
    if not partitions:
        return []
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[ConsumedRecord] = []
        remaining = {tp for tp in partitions if ends[tp] > 0}
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000)
            for batch in batches.values():
                records += [(r.topic, list(r.headers), r.value or b"") for r in batch]
            remaining = {tp for tp in remaining if await consumer.position(tp) < ends[tp]}
        return records
    finally:
        await consumer.stop()


def report_document(report: ItemStatisticsReport) -> dict[str, object]:
    """The report as JSON: ids, the bank's labels and numbers only."""
    return {
        "min_n": report.min_n,
        "forms": [asdict(form) for form in report.forms],
        "items": [asdict(item) for item in report.items],
    }


def write_report_json(report: ItemStatisticsReport, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report_document(report), indent=2) + "\n")
    return path
