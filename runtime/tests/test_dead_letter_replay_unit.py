"""``replay --all`` leaves undecodable dead letters in place: replayed, they would come back."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from jobpeak_contracts.envelope import encode
from jobpeak_contracts.events.matching import WorkClosed
from jobpeak_runtime.consumed import ConsumedRecord
from jobpeak_runtime.dead_letter_records import dead_letter_record
from jobpeak_runtime.deadletters import DeadLetter, select
from jobpeak_runtime.records import KafkaRecord

pytestmark = pytest.mark.unit


def dead_letter(
    work_closed: Callable[[uuid.UUID, int], WorkClosed], value: bytes | None
) -> DeadLetter:
    original = encode(work_closed(uuid.uuid4(), 1), topic_prefix="p.")
    consumed = ConsumedRecord(
        record=KafkaRecord(
            topic=original.topic,
            key=original.key,
            headers=tuple(original.headers),
            value=original.value if value is None else value,
        ),
        partition=0,
        offset=3,
    )
    record = dead_letter_record(consumed, ValueError("bad"), attempts=1, consumer="p.matching")
    return DeadLetter(partition=0, offset=0, record=record)


def test_replaying_all_skips_the_letters_that_do_not_decode(
    work_closed: Callable[[uuid.UUID, int], WorkClosed],
) -> None:
    handler_failed = dead_letter(work_closed, None)
    malformed = dead_letter(work_closed, b"not json")
    assert handler_failed.decodes
    assert not malformed.decodes
    assert malformed.summary()["decodes"] is False
    letters = [handler_failed, malformed]
    assert select(letters, event_ids=(), replay_all=True) == [handler_failed]
    chosen = select(letters, event_ids=[str(malformed.event_id)], replay_all=False)
    assert chosen == [malformed]
