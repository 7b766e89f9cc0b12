"""Crashes of real service processes (SIGKILL) around the outbox and the inbox.

Every worker is a process forked by ``worker.py``; crashes are ``kill -9``, never exceptions.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys

import asyncpg
import pytest
from jobpeak_runtime.db import asyncpg_dsn
from jobpeak_runtime.dead_letter_records import DLQ_ATTEMPTS, DLQ_ERROR
from jobpeak_runtime.deadletters import list_dead_letters
from jobpeak_runtime.testing import wait_until

from tests.reliability.support import (
    Service,
    at_least,
    caught_up,
    distinct_effects,
    exactly,
    first_occurrences_in_key_order,
    hold_relay_lock,
    pending,
    preload,
    published_count,
)

pytestmark = pytest.mark.reliability


async def test_rows_committed_before_a_crash_are_published_after_restart(service: Service) -> None:
    lock = await hold_relay_lock(service)
    try:
        producer = service.spawn("produce", "300", "10", "50", "0")
        await wait_until(exactly(lambda: pending(service), 300), message="300 rows committed")
        os.kill(producer, signal.SIGKILL)
        assert await service.published() == []
    finally:
        await lock.close()

    service.spawn("relay")
    await wait_until(exactly(lambda: pending(service), 0), within=60, message="outbox drained")
    events = await service.published()
    assert len({event.event_id for event in events}) == 300
    per_key = first_occurrences_in_key_order(events)
    assert all(sequences == list(range(30)) for sequences in per_key.values()), per_key


async def test_records_published_before_a_crash_are_redelivered_and_have_one_effect(
    service: Service,
) -> None:
    lock = await hold_relay_lock(service)
    try:
        producer = service.spawn("produce", "200", "5", "200", "0")
        await wait_until(exactly(lambda: pending(service), 200), message="200 rows committed")
        os.kill(producer, signal.SIGKILL)
        # Lock the rows: the next relay can read and publish them but not mark them.
        marker_blocker = await asyncpg.connect(asyncpg_dsn(service.database_url))
        blocking = marker_blocker.transaction()
        await blocking.start()
        await marker_blocker.execute("SELECT id FROM runtime_outbox FOR UPDATE")
    finally:
        await lock.close()
    try:
        relay = service.spawn("relay")
        await wait_until(
            at_least(lambda: published_count(service), 200), within=60, message="200 published"
        )
        os.kill(relay, signal.SIGKILL)  # after publishing, before marking
        # Its session dies with it (PostgreSQL would notice only once the lock wait ends, and
        # then finish the UPDATE for a client that is gone).
        await marker_blocker.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await blocking.rollback()
        await marker_blocker.close()
    assert await pending(service) == 200

    service.spawn("consume")  # its relay publishes the 200 rows a second time
    await wait_until(exactly(lambda: pending(service), 0), within=60, message="rows marked")
    await wait_until(lambda: caught_up(service), within=60, message="consumer caught up")
    assert await published_count(service) >= 400  # every event was delivered twice
    assert await service.effects() == (200, 200)  # and took effect once


async def test_a_failing_handler_is_retried_dead_lettered_and_replayed(service: Service) -> None:
    await service.sql("INSERT INTO failing_sequences VALUES (3)")
    service.spawn("consume")
    service.spawn("produce", "10", "1", "10", "0")

    async def dead_letters() -> int:
        return len(await list_dead_letters(bootstrap=service.kafka_bootstrap, topic=service.topic))

    await wait_until(exactly(dead_letters, 1), within=60, message="one dead letter")
    await wait_until(exactly(lambda: distinct_effects(service), 9), message="the others handled")
    (letter,) = await list_dead_letters(bootstrap=service.kafka_bootstrap, topic=service.topic)
    assert letter.record.header_text(DLQ_ATTEMPTS) == "3"
    assert letter.record.header_text(DLQ_ERROR) == "RuntimeError: sequence 3 is refused"

    await service.sql("DELETE FROM failing_sequences")
    replay = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "jobpeak_runtime.deadletters",
        "--bootstrap", service.kafka_bootstrap, "--topic", service.topic, "replay", "--all",
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(replay.communicate(), timeout=120)
    assert replay.returncode == 0
    assert "replayed 1 of 1" in output.decode()
    await wait_until(exactly(lambda: distinct_effects(service), 10), message="replay handled")
    assert await service.effects() == (10, 10)
    outcomes = await service.sql("SELECT string_agg(DISTINCT outcome, ',') FROM runtime_inbox")
    assert outcomes == "handled"


async def test_a_consumer_killed_twenty_times_loses_and_duplicates_nothing(
    service: Service,
) -> None:
    total = 10_000
    await preload(service, count=total, keys=50)
    seed = random.randrange(1_000_000)
    chooser = random.Random(seed)
    for life in range(20):
        before = await distinct_effects(service)
        pid = service.spawn("consume")
        target = min(before + chooser.randint(100, 400), total)
        await wait_until(
            at_least(lambda: distinct_effects(service), target),
            within=60,
            message=f"life {life} (seed {seed}) made progress",
        )
        os.kill(pid, signal.SIGKILL)
    service.spawn("consume")
    await wait_until(
        exactly(lambda: distinct_effects(service), total), within=180, message="all handled"
    )
    await wait_until(lambda: caught_up(service), within=60, message="consumer caught up")
    assert await service.effects() == (total, total), f"seed {seed}"
    lives = await service.sql("SELECT count(DISTINCT pid) FROM effects_log")
    assert lives == 21
