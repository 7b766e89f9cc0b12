"""Thirty candidates at once on the production-shaped cluster while a broker and a replica of
testing and of matching are killed and restarted: nothing is lost, nothing happens twice, every
key stays in order, and the ACLs hold.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections import Counter, defaultdict
from functools import partial

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import TopicAuthorizationFailedError
from jobpeak_contracts.events import MatchOffered, PaymentCaptured, TestPassed
from jobpeak_contracts.topics import BILLING_PAYMENTS, CATALOG_QUESTION_BANK
from jobpeak_devstack import cluster
from jobpeak_devstack.cluster_config import (
    POSTGRES_HOST_PORT,
    ClusterSecrets,
)
from jobpeak_devstack.platform import Platform
from jobpeak_journey.answer_keys import AnswerKeys
from jobpeak_journey.client import PlatformClient
from jobpeak_journey.events import PublicTopicWatcher, SeenEvent
from jobpeak_journey.journey import play_candidate
from jobpeak_journey.plan import CandidatePlan, CandidateStory
from jobpeak_runtime.testing import wait_until

from tests.e2e.test_journey import events_of, expected_journey

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(1200)]

JOURNEYS = 30
KILLED = ("kafka-2", "testing-1", "matching-1")


def plans() -> list[CandidatePlan]:
    """Every fifth candidate fails, pays again and passes the retake; every seventh fails and
    stops; the rest pass at once. Everyone practises; whoever passes takes work."""
    chosen = []
    for number in range(JOURNEYS):
        if number % 5 == 0:
            certifications: tuple[bool, ...] = (False, True)
        elif number % 7 == 3:
            certifications = (False,)
        else:
            certifications = (True,)
        chosen.append(CandidatePlan(f"candidate-{number}", certifications=certifications))
    return chosen


def docker(*arguments: str) -> None:
    subprocess.run(["docker", *arguments], check=True, capture_output=True)


def container(service: str) -> str:
    return f"{cluster.PROJECT}_{service}_1"


def healthy(service: str) -> bool:
    inspected = subprocess.run(
        ["docker", "inspect", "--format", "{{.State.Running}} {{json .State.Health}}",
         container(service)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return inspected.startswith("true") and '"Status":"unhealthy"' not in inspected


async def inflict_faults(seen: list[SeenEvent], log: list[str]) -> None:
    """Kill once payments flow, restart once more events have arrived meanwhile."""
    await wait_until(
        lambda: sum(isinstance(r.event, PaymentCaptured) for r in seen) >= 5,
        within=600, interval=0.5, message="the first payments",
    )  # fmt: skip
    for service in KILLED:
        await asyncio.to_thread(docker, "kill", container(service))
    log.append(f"killed {', '.join(KILLED)} after {len(seen)} events")
    mark = len(seen)
    await wait_until(
        lambda: len(seen) >= mark + 30, within=600, interval=0.5, message="progress while down"
    )
    for service in KILLED:
        await asyncio.to_thread(docker, "start", container(service))
    log.append(f"restarted them after {len(seen)} events")
    for service in KILLED:
        await wait_until(partial(healthy, service), within=300, interval=1, message=service)


async def rows(service: str, sql: str) -> list[asyncpg.Record]:
    secrets = ClusterSecrets.load_or_generate(cluster.STATE_DIR / "secrets.json")
    connection = await asyncpg.connect(
        host="127.0.0.1", port=POSTGRES_HOST_PORT, user=service,
        password=secrets.postgres[service], database=f"jobpeak_{service}",
    )  # fmt: skip
    try:
        return list(await connection.fetch(sql))
    finally:
        await connection.close()


async def refused_reading(principal: str, topic: str, *, group: str) -> bool:
    """Subscribe as ``principal`` in ``group`` (one its ACLs allow); the topic's are the test."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=cluster.external_bootstrap(), group_id=group,
        enable_auto_commit=False, **cluster.kafka_options(principal=principal),
    )  # fmt: skip
    try:
        await consumer.start()
        await consumer.getmany(timeout_ms=10000)
    except TopicAuthorizationFailedError:
        return True
    finally:
        await consumer.stop()
    return False


async def refused_writing(principal: str, topic: str) -> bool:
    producer = AIOKafkaProducer(
        bootstrap_servers=cluster.external_bootstrap(), acks="all", request_timeout_ms=10000,
        **cluster.kafka_options(principal=principal),
    )  # fmt: skip
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"free certification", key=b"attacker")
    except TopicAuthorizationFailedError:
        return True
    finally:
        await producer.stop()
    return False


def first_occurrences(seen: list[SeenEvent]) -> list[SeenEvent]:
    """Each event once (a relay may republish after a broker failure; consumers dedupe by id)."""
    ids: set[object] = set()
    unique = []
    for record in seen:
        if record.envelope.id not in ids:
            ids.add(record.envelope.id)
            unique.append(record)
    return unique


async def test_journeys_survive_a_broker_and_replicas_killed(
    cluster_platform: Platform,
) -> None:
    started = time.monotonic()
    seen: list[SeenEvent] = []
    watcher = PublicTopicWatcher(
        bootstrap=cluster.external_bootstrap(), on_event=seen.append, from_beginning=True,
        kafka_options=cluster.analyst_kafka_options(),
    )  # fmt: skip
    keys = AnswerKeys.from_seed()
    fault_log: list[str] = []
    await watcher.start()
    try:
        async with PlatformClient.connect(cluster_platform, timeout_seconds=60) as client:
            faults = asyncio.create_task(inflict_faults(seen, fault_log))
            stories: list[CandidateStory] = list(
                await asyncio.gather(
                    *(play_candidate(client, keys=keys, plan=plan) for plan in plans())
                )
            )
            await faults

        def every_journey_arrived() -> bool:
            watcher.raise_if_failed()
            return all(
                len(events_of(first_occurrences(seen), story.candidate.subject))
                >= len(expected_journey(story))
                for story in stories
            )

        await wait_until(every_journey_arrived, within=180, message="every journey's events")
    finally:
        await watcher.stop()

    # Every journey completed as planned.
    assert len(stories) == JOURNEYS
    for story in stories:
        assert [sat.result.passed for sat in story.certifications] == list(
            story.plan.certifications
        )
        assert (story.accepted is not None) == story.passed

    unique = first_occurrences(seen)
    mine = {story.candidate.subject for story in stories}
    paid_orders = {str(order.order_id) for story in stories for order in story.orders}
    passes = sum(story.passed for story in stories)

    # Nothing lost, nothing doubled: one entitlement per captured payment, one pool entry per
    # pass, one offer per (work, candidate), each effect's event published once (by id).
    captured = Counter(
        str(r.event.order_id) for r in unique if isinstance(r.event, PaymentCaptured)
    )
    assert {order: captured[order] for order in paid_orders} == dict.fromkeys(paid_orders, 1)
    entitlements = await rows(
        "testing", "SELECT order_id::text AS order_id FROM testing_entitlements"
    )
    granted = Counter(row["order_id"] for row in entitlements)
    assert {order: granted[order] for order in paid_orders} == dict.fromkeys(paid_orders, 1)
    pool = await rows("matching", "SELECT candidate_id FROM matching_reviewers")
    assert len([row for row in pool if row["candidate_id"] in mine]) == passes
    offers = await rows("matching", "SELECT work_id, candidate_id FROM matching_offers")
    assert max(Counter((r["work_id"], r["candidate_id"]) for r in offers).values()) == 1
    offered = Counter(
        (str(r.event.work_id), r.event.candidate_id)
        for r in unique
        if isinstance(r.event, MatchOffered)
    )
    assert set(offered.values()) == {1}
    assert sum(isinstance(r.event, TestPassed) and r.key in mine for r in unique) == passes

    # Per-key order on every public topic: a key's events in publication (offset) order are in
    # the order they happened.
    by_key: dict[tuple[str, str], list[SeenEvent]] = defaultdict(list)
    for record in unique:
        by_key[record.topic, record.key].append(record)
    for (topic, key), records in by_key.items():
        times = [record.envelope.time for record in records]
        assert times == sorted(times), f"{topic} key {key} out of order"

    # The ACLs hold on the live cluster.
    assert await refused_reading("analyst", CATALOG_QUESTION_BANK.name, group="analyst-acl")
    assert not await refused_reading("analyst", BILLING_PAYMENTS.name, group="analyst-acl")
    assert await refused_writing("testing", BILLING_PAYMENTS.name)
    assert await refused_writing("analyst", BILLING_PAYMENTS.name)

    print(
        f"\n[cluster] {JOURNEYS} journeys, {len(paid_orders)} payments, {passes} passes, "
        f"{len(offers)} offers, {len(unique)} events ({len(seen) - len(unique)} redelivered); "
        f"{'; '.join(fault_log)}; {time.monotonic() - started:.0f}s"
    )
