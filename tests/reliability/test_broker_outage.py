"""The broker goes away for half a minute while a service keeps committing events."""

from __future__ import annotations

import asyncio
import time

import pytest
from jobpeak_devstack.kafka import Kafka
from jobpeak_runtime.testing import wait_until, wait_until_count

from tests.reliability.support import (
    Service,
    at_least,
    distinct_effects,
    exactly,
    first_occurrences_in_key_order,
    pending,
)

pytestmark = pytest.mark.reliability

OUTAGE_SECONDS = 30.0
EVENTS, KEYS, BATCH, PAUSE = 3000, 20, 30, 0.3  # 100 transactions over about 30 s


async def test_a_broker_outage_loses_nothing_and_keeps_each_keys_order(
    service_on_private_kafka: Service, private_kafka: Kafka
) -> None:
    service = service_on_private_kafka
    service.spawn("consume")
    service.spawn("produce", str(EVENTS), str(KEYS), str(BATCH), str(PAUSE))
    await wait_until(at_least(lambda: distinct_effects(service), 300), within=60, message="flowing")

    await asyncio.to_thread(private_kafka.stop)
    stopped = time.monotonic()
    backlog_at_stop = await pending(service)
    # The outage itself is the scenario: its length is a parameter, not a synchronisation.
    await wait_until(
        lambda: time.monotonic() - stopped >= OUTAGE_SECONDS,
        within=OUTAGE_SECONDS + 5,
        interval=1.0,
        message="outage held",
    )
    backlog_during_outage = await pending(service)
    handled_during_outage = await distinct_effects(service)
    await asyncio.to_thread(private_kafka.start)

    await wait_until_count(lambda: distinct_effects(service), EVENTS, message="all handled")
    await wait_until(exactly(lambda: pending(service), 0), message="outbox drained")

    # The service kept committing while the broker was away, and nothing of it was lost.
    assert backlog_during_outage > backlog_at_stop + 300
    assert handled_during_outage < EVENTS
    events = await service.published()
    assert len({event.event_id for event in events}) == EVENTS
    expected = list(range(EVENTS // KEYS))
    per_key = first_occurrences_in_key_order(events)
    assert len(per_key) == KEYS
    assert all(sequences == expected for sequences in per_key.values())
    # Each key's effects happened once each, in order.
    assert await service.effects() == (EVENTS, EVENTS)
    effect_order = await service.effect_sequences_per_key()
    assert all(sequences == expected for sequences in effect_order.values())
