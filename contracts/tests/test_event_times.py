"""Every time in every event keeps its microseconds through the wire."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from jobpeak_contracts.envelope import EVENT_CLASSES, decode, encode
from jobpeak_contracts.event import Event
from jobpeak_contracts.examples import example_events

pytestmark = pytest.mark.unit

EXAMPLES = {type(event): event for event in example_events()}
MICROSECONDS = 123456


def _time_fields(cls: type[Event]) -> list[str]:
    return [name for name, info in cls.model_fields.items() if info.annotation is datetime]


def test_every_event_with_a_time_is_checked() -> None:
    assert sum(1 for cls in EVENT_CLASSES if _time_fields(cls)) >= 15


@pytest.mark.parametrize(
    "event_cls", [cls for cls in EVENT_CLASSES if _time_fields(cls)], ids=lambda cls: cls.__name__
)
def test_payload_times_keep_microseconds(event_cls: type[Event]) -> None:
    fields = _time_fields(event_cls)
    example = EXAMPLES[event_cls]
    precise = {name: getattr(example, name).replace(microsecond=MICROSECONDS) for name in fields}
    event = example.model_copy(update=precise)

    record = encode(event)
    decoded = decode(topic=record.topic, headers=record.headers, value=record.value).event

    payload = json.loads(record.value)
    assert all(payload[name].endswith(f".{MICROSECONDS}Z") for name in fields)
    assert {name: getattr(decoded, name) for name in fields} == precise
