"""The journey's event watcher lists a record it cannot decode and reads on past it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import cast

import pytest
from aiokafka import AIOKafkaConsumer
from jobpeak_contracts.envelope import encode
from jobpeak_contracts.events import WorkPosted
from jobpeak_contracts.examples import example_events
from jobpeak_journey.events import PublicTopicWatcher, SeenEvent

pytestmark = pytest.mark.unit


@dataclass
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    headers: list[tuple[str, bytes]]
    value: bytes | None


class OneBatchConsumer:
    """Hands over one batch, then stops the reader as a cancellation would."""

    def __init__(self, records: list[Record]) -> None:
        self._batches: list[dict[str, list[Record]]] = [{"tp": records}]

    async def getmany(self, *, timeout_ms: int) -> dict[str, list[Record]]:
        if not self._batches:
            raise asyncio.CancelledError
        return self._batches.pop()


async def test_a_bad_record_is_listed_and_the_next_one_still_seen() -> None:
    posted = next(e for e in example_events() if isinstance(e, WorkPosted))
    good = encode(posted)
    bad = Record(good.topic, 0, 4, good.key, list(good.headers), b"{not json")
    fine = Record(good.topic, 0, 5, good.key, list(good.headers), good.value)
    seen: list[SeenEvent] = []
    watcher = PublicTopicWatcher(bootstrap="unused:9092", on_event=seen.append)
    consumer = cast(AIOKafkaConsumer, OneBatchConsumer([bad, fine]))
    with pytest.raises(asyncio.CancelledError):
        await watcher._read(consumer)
    assert [event.event for event in seen] == [posted]
    assert len(watcher.undecodable) == 1
    assert watcher.undecodable[0].startswith(f"{good.topic}/0@4: ")
