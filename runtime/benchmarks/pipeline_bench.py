"""Throughput of the runtime's consume → handle → persist → publish pipeline against a bare loop.

Both pipelines read the same number of ``WorkClosed`` records from their own input topic, and for
each one commit, in one transaction, an inbox row, an effect row and an outbox row carrying a
``MatchDeclined`` event; the event is then published to an output topic and the outbox row
marked. The runtime does it with its FastStream subscriber, inbox processor, unit of work and
outbox relay; the bare loops are the same work written by hand with aiokafka and asyncpg, one
transaction per fetched batch, then publish the batch, mark it and commit the offsets. The
"per-record" bare loop inserts one effect row per statement; the "batched" one (the real ceiling)
writes the batch's effect rows in one multi-row statement too. Same broker, same PostgreSQL
server, same process, the three rounds alternated.

Throughput = records / (time of the last output record acknowledged - time the first record was
handled), so consumer-group joins and start-up are not counted for either side.

    uv run python runtime/benchmarks/pipeline_bench.py --events 10000 --rounds 2 [--json out.json]

Targets (issue 19, B1): at least 0.8x the batched bare loop and 5,000 events/s per process.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from jobpeak_contracts.envelope import decode, encode
from jobpeak_contracts.events.matching import MatchDeclined, WorkClosed
from jobpeak_contracts.topics import MATCHING_MATCHES, MATCHING_WORK
from jobpeak_runtime.db import asyncpg_dsn
from jobpeak_runtime.handled import handled_envelope
from jobpeak_runtime.handlers import EventHandlers
from jobpeak_runtime.kafka_topics import ensure_topics, partitions_of, platform_topics
from jobpeak_runtime.logging import configure_logging
from jobpeak_runtime.migrate import run_migrations
from jobpeak_runtime.outbox import idempotent_producer
from jobpeak_runtime.records import headers_to_json
from jobpeak_runtime.service import build_runtime
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_runtime.testing import produce_events, sequenced_event
from jobpeak_runtime.uow import UnitOfWork
from sqlalchemy import Column, MetaData, Table, Text, insert
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import DeclarativeBase

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.results import Comparison, write_comparisons

DEFAULT_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:15432/postgres"
BENCH_SECRET = "bench-only-k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ"  # noqa: S105  (test environment)
CANDIDATE = "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d"

effects_metadata = MetaData()
effects = Table(
    "bench_effects",
    effects_metadata,
    Column("event_id", Text, primary_key=True),
    Column("work_id", Text, nullable=False),
)


INSERT_EFFECT = insert(effects)


class BenchBase(DeclarativeBase):
    metadata = effects_metadata


class BenchEffect(BenchBase):
    """The effect as an ORM entity: the way service handlers write state."""

    __table__ = effects


class BenchSettings(ServiceSettings):
    service_name: str = "bench"


@dataclass
class Clock:
    """First-handled time; the end is observed on the output topic."""

    first_handled: float | None = None
    first_cpu: float = 0.0
    handled: int = 0

    def tick(self) -> None:
        if self.first_handled is None:
            self.first_handled = time.perf_counter()
            self.first_cpu = time.process_time()
        self.handled += 1

    def finish(self, *, events: int, done: Finish) -> Rates:
        assert self.first_handled is not None
        return Rates(
            per_second=events / (done.wall - self.first_handled),
            cpu_us=(done.cpu - self.first_cpu) / events * 1e6,
        )


@dataclass(frozen=True)
class Finish:
    """When the last output record was seen: wall clock, and this process's CPU time."""

    wall: float
    cpu: float


@dataclass(frozen=True)
class Rates:
    """Events per second (wall), and this process's CPU microseconds per event: the CPU figure
    barely moves with the machine's load, so it compares runs taken at different loads."""

    per_second: float
    cpu_us: float


@dataclass
class Results:
    runtime: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    batched: list[float] = field(default_factory=list)
    cpu_us: dict[str, list[float]] = field(default_factory=dict)


def declined_for(event: WorkClosed) -> MatchDeclined:
    return MatchDeclined(
        offer_id=uuid.uuid4(),
        work_id=event.work_id,
        candidate_id=CANDIDATE,
        specialty_slug=event.specialty_slug,
        declined_at=datetime.now(UTC),
    )


async def preload(*, bootstrap: str, prefix: str, events: int, keys: int) -> None:
    """Write ``events`` input records over ``keys`` work ids to the run's input topic."""
    work_ids = [uuid.uuid4() for _ in range(keys)]
    await produce_events(
        bootstrap=bootstrap,
        topic_prefix=prefix,
        events=(sequenced_event(key=work_ids[n % keys], sequence=n) for n in range(events)),
    )


async def wait_for_output(*, bootstrap: str, topic: str, expected: int) -> Finish:
    """Poll the output topic's end offsets until ``expected`` records are there; returns when."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        partitions = await partitions_of(bootstrap=bootstrap, topic=topic)
        assigned = [TopicPartition(topic, p) for p in partitions]
        while True:
            ends = await consumer.end_offsets(assigned)
            if sum(ends.values()) >= expected:
                return Finish(wall=time.perf_counter(), cpu=time.process_time())
            await asyncio.sleep(0.02)
    finally:
        await consumer.stop()


def orm_handlers(clock: Clock) -> EventHandlers[UnitOfWork]:
    """The effect added as an ORM entity (flushed with the others of the batch at commit)."""
    handlers: EventHandlers[UnitOfWork] = EventHandlers()

    @handlers.on(WorkClosed)
    async def decline(event: WorkClosed, *, uow: UnitOfWork) -> None:
        clock.tick()
        uow.session.add(
            BenchEffect(event_id=str(handled_envelope().id), work_id=str(event.work_id))
        )
        uow.emit(declined_for(event))

    return handlers


def core_handlers(clock: Clock) -> EventHandlers[UnitOfWork]:
    """The effect written by its own INSERT statement, right away, like the bare loop."""
    handlers: EventHandlers[UnitOfWork] = EventHandlers()

    @handlers.on(WorkClosed)
    async def decline(event: WorkClosed, *, uow: UnitOfWork) -> None:
        clock.tick()
        await uow.session.execute(
            INSERT_EFFECT, {"event_id": str(handled_envelope().id), "work_id": str(event.work_id)}
        )
        uow.emit(declined_for(event))

    return handlers


HANDLER_STYLES = {"orm": orm_handlers, "core": core_handlers}


async def run_runtime(*, settings: ServiceSettings, events: int, style: str) -> Rates:
    clock = Clock()
    handlers = HANDLER_STYLES[style](clock)

    runtime = build_runtime(settings=settings, handlers=handlers)
    output = settings.topic_name(MATCHING_MATCHES)
    await runtime.start(migrations=None)
    try:
        done = await wait_for_output(
            bootstrap=settings.kafka_bootstrap, topic=output, expected=events
        )
    finally:
        await runtime.stop()
    return clock.finish(events=events, done=done)


BARE_SCHEMA = """
CREATE TABLE bare_inbox (LIKE runtime_inbox INCLUDING ALL);
CREATE TABLE bare_outbox (LIKE runtime_outbox INCLUDING ALL);
CREATE TABLE bare_effects (LIKE bench_effects INCLUDING ALL);
"""


async def run_bare(*, settings: ServiceSettings, events: int, batched: bool) -> Rates:
    """The same work, by hand: aiokafka consumer and producer, asyncpg, no framework.

    Per fetched batch (at most ``consumer_batch_size`` records, like the runtime): one
    transaction claiming the inbox rows in one statement, the effect rows (one statement per
    record, or with ``batched`` one multi-row statement) and the outbox rows in one statement;
    then publish the batch, mark the rows published, commit the offsets.
    """
    clock = Clock()
    source = settings.topic_name(MATCHING_WORK)
    output_done = asyncio.create_task(
        wait_for_output(
            bootstrap=settings.kafka_bootstrap,
            topic=settings.topic_name(MATCHING_MATCHES),
            expected=events,
        )
    )
    connection = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    consumer = AIOKafkaConsumer(
        source,
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=f"{settings.topic_prefix}bare",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    producer = idempotent_producer(bootstrap=settings.kafka_bootstrap, client_id="bare")
    await consumer.start()
    await producer.start()
    try:
        while not output_done.done():
            batches = await consumer.getmany(
                timeout_ms=500, max_records=settings.consumer_batch_size
            )
            records = [record for batch in batches.values() for record in batch]
            if not records:
                continue
            decoded = [
                decode(topic=raw.topic, headers=raw.headers, value=raw.value) for raw in records
            ]
            outs = []
            effect_rows: list[tuple[str, str]] = []
            async with connection.transaction():
                claimed = {
                    row["event_id"]
                    for row in await connection.fetch(
                        BARE_CLAIM,
                        "bare",
                        [str(d.envelope.id) for d in decoded],
                        [raw.topic for raw in records],
                    )
                }
                for item in decoded:
                    event_id = str(item.envelope.id)
                    if event_id not in claimed:
                        continue
                    claimed.discard(event_id)
                    event = item.event
                    assert isinstance(event, WorkClosed)
                    clock.tick()
                    if batched:
                        effect_rows.append((event_id, str(event.work_id)))
                    else:
                        await connection.execute(BARE_EFFECT, event_id, str(event.work_id))
                    outs.append(encode(declined_for(event), topic_prefix=settings.topic_prefix))
                if effect_rows:
                    await connection.execute(
                        BARE_EFFECTS,
                        [row[0] for row in effect_rows],
                        [row[1] for row in effect_rows],
                    )
                row_ids = [
                    row["id"]
                    for row in await connection.fetch(
                        BARE_OUTBOX,
                        [out.topic for out in outs],
                        [out.key for out in outs],
                        [_headers_json(out.headers) for out in outs],
                        [out.value for out in outs],
                        [_header(out.headers, "ce_id") for out in outs],
                    )
                ]
            deliveries = [
                await producer.send(out.topic, value=out.value, key=out.key, headers=out.headers)
                for out in outs
            ]
            await asyncio.gather(*deliveries)
            await connection.execute(BARE_MARK, row_ids)
            await consumer.commit()
        done = await output_done
    finally:
        await producer.stop()
        await consumer.stop()
        await connection.close()
    return clock.finish(events=events, done=done)


BARE_CLAIM = (
    "INSERT INTO bare_inbox (consumer, event_id, outcome, topic)"
    " SELECT $1, unnest($2::text[]), 'handled', unnest($3::text[])"
    " ON CONFLICT DO NOTHING RETURNING event_id"
)
BARE_EFFECT = "INSERT INTO bare_effects (event_id, work_id) VALUES ($1, $2)"
BARE_EFFECTS = (
    "INSERT INTO bare_effects (event_id, work_id) SELECT * FROM unnest($1::text[], $2::text[])"
)
BARE_OUTBOX = (
    "INSERT INTO bare_outbox (topic, key, headers, value, event_id)"
    " SELECT * FROM unnest($1::text[], $2::bytea[], $3::jsonb[], $4::bytea[], $5::text[])"
    " RETURNING id"
)
BARE_MARK = "UPDATE bare_outbox SET published_at = now() WHERE id = ANY($1::bigint[])"


def _headers_json(headers: list[tuple[str, bytes]]) -> str:
    return json.dumps(headers_to_json(tuple(headers)))


def _header(headers: list[tuple[str, bytes]], name: str) -> str:
    return next(value.decode() for key, value in headers if key == name)


async def fresh_database(admin_url: str) -> str:
    name = f"bench_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


async def drop_database(admin_url: str, database_url: str) -> None:
    name = database_url.rsplit("/", 1)[1]
    connection = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def prepare_round(
    *, bootstrap: str, database_url: str, events: int, keys: int
) -> ServiceSettings:
    prefix = f"bench{uuid.uuid4().hex[:8]}."
    settings = BenchSettings(
        environment="test",
        database_url=database_url,
        kafka_bootstrap=bootstrap,
        topic_prefix=prefix,
        jwt_secret=BENCH_SECRET,
        log_level="WARNING",
        migrate_on_startup=False,
    )
    await ensure_topics(
        bootstrap=bootstrap,
        topics=platform_topics(prefix),
        partitions=settings.kafka_topic_partitions,
        replication_factor=1,
    )
    await preload(bootstrap=bootstrap, prefix=prefix, events=events, keys=keys)
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        await connection.execute(
            "TRUNCATE runtime_inbox, runtime_outbox, bench_effects, bare_inbox, bare_outbox,"
            " bare_effects"
        )
    finally:
        await connection.close()
    return settings


async def main(arguments: argparse.Namespace) -> None:
    configure_logging(level="WARNING", json=False)
    database_url = await fresh_database(arguments.admin_url)
    results = Results()
    try:
        await run_migrations(database_url=database_url, service_versions=None)
        engine = create_async_engine(database_url)
        async with engine.begin() as connection:
            await connection.run_sync(effects_metadata.create_all)
            for statement in filter(None, (s.strip() for s in BARE_SCHEMA.split(";"))):
                await connection.exec_driver_sql(statement)
        await engine.dispose()
        contenders = tuple(arguments.contenders.split(","))
        for round_number in range(1, arguments.rounds + 1):
            # Alternate the order as well, so no contender always runs first on a warm broker.
            order = contenders if round_number % 2 else contenders[::-1]
            for name in order:
                settings = await prepare_round(
                    bootstrap=arguments.bootstrap,
                    database_url=database_url,
                    events=arguments.events,
                    keys=arguments.keys,
                )
                if name in ("bare", "batched"):
                    rate = await run_bare(
                        settings=settings, events=arguments.events, batched=name == "batched"
                    )
                else:
                    rate = await run_runtime(
                        settings=settings, events=arguments.events, style=arguments.handler
                    )
                getattr(results, name).append(rate.per_second)
                results.cpu_us.setdefault(name, []).append(rate.cpu_us)
                print(
                    f"round {round_number} {name:>7}: {rate.per_second:8.0f} events/s,"
                    f" {rate.cpu_us:6.0f} us CPU/event (this process)"
                )
    finally:
        await drop_database(arguments.admin_url, database_url)
    if not (results.bare and results.batched and results.runtime):  # a profiling run
        for name, values in results.cpu_us.items():
            print(
                f"{name}: CPU per event (this process, median) {statistics.median(values):.0f} us"
            )
        return
    bare = statistics.median(results.bare)
    batched = statistics.median(results.batched)
    runtime = statistics.median(results.runtime)
    print(f"bare loop, per-record inserts: {bare:8.0f} events/s (median of {arguments.rounds})")
    print(f"bare loop, batched inserts:    {batched:8.0f} events/s (median of {arguments.rounds})")
    print(
        f"jobpeak runtime pipeline:      {runtime:8.0f} events/s (median of {arguments.rounds},"
        f" {arguments.handler} handler)"
    )
    print(f"ratio runtime/bare per-record: {runtime / bare:8.2f}")
    print(f"ratio runtime/bare batched:    {runtime / batched:8.2f}")
    cpu = {name: statistics.median(values) for name, values in results.cpu_us.items()}
    print(
        "CPU per event (this process, median): "
        + ", ".join(f"{name} {value:.0f} us" for name, value in cpu.items())
        + f"; ratio runtime/batched {cpu['runtime'] / cpu['batched']:.2f}"
    )
    if arguments.json:
        write_comparisons(arguments.json, comparisons(results, arguments))


def comparisons(results: Results, arguments: argparse.Namespace) -> list[Comparison]:
    def versus(name: str, label: str, baseline: list[float]) -> Comparison:
        return Comparison(
            benchmark="B1",
            name=name,
            unit="events/s",
            candidate_label=f"jobpeak runtime ({arguments.handler} handler)",
            baseline_label=label,
            candidate=results.runtime,
            baseline=baseline,
            higher_is_better=True,
            notes=[f"{arguments.events} events over {arguments.keys} keys per round"],
        )

    batched = versus(
        "pipeline vs batched bare loop",
        "aiokafka+asyncpg, one transaction and multi-row inserts per batch",
        results.batched,
    )
    batched.target, batched.target_ratio, batched.target_absolute = (
        ">= 0.8x and >= 5,000 events/s",
        0.8,
        5000.0,
    )
    per_record = versus(
        "pipeline vs per-record bare loop",
        "aiokafka+asyncpg, one effect INSERT per record",
        results.bare,
    )
    cpu = Comparison(
        benchmark="B1",
        name="CPU per event vs batched bare loop",
        unit="µs (this process)",
        candidate_label=f"jobpeak runtime ({arguments.handler} handler)",
        baseline_label="aiokafka+asyncpg, batched",
        candidate=results.cpu_us["runtime"],
        baseline=results.cpu_us["batched"],
        higher_is_better=False,
        notes=["the benchmark process's CPU from the first handled record to the last output"],
    )
    return [batched, per_record, cpu]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keys", type=int, default=100, help="distinct work ids (record keys)")
    parser.add_argument(
        "--handler",
        choices=sorted(HANDLER_STYLES),
        default="orm",
        help="how the runtime's handler writes its effect: an ORM entity (the services' way) or"
        " an immediate Core INSERT per record",
    )
    parser.add_argument(
        "--contenders",
        default="bare,batched,runtime",
        help="which pipelines to run (one alone, for a profile, prints no ratio)",
    )
    parser.add_argument("--bootstrap", default="127.0.0.1:19092")
    parser.add_argument("--admin-url", default=DEFAULT_ADMIN_URL)
    parser.add_argument("--json", type=Path, help="write the comparisons here for the report")
    asyncio.run(main(parser.parse_args()))
