"""How long one matching pass takes as the pool and the offers of open work grow (issue 19, B2).

A pass is what matching does for each ``TestPassed``: pool the reviewer, then a matching round
for the specialty (expire lapsed offers, read open work, waiting reviewers and what the plan
needs of the offers, plan, write the offers and their outbox rows), in one transaction, on a
fresh PostgreSQL database. The set-up mirrors B2: one piece of Coding work with a seat for every
candidate, so pass *n* finds *n - 1* offers already out on that work. ``--waiting`` pools that
many reviewers first whose language preferences fit no open work: they stay waiting, and every
pass reads them again.

Printed per checkpoint: the pass time (median and p90 over the last ``--window`` passes) with
that many offers out. Run it before and after a change at the same sizes; the machine's load
average is printed too.

    uv run python services/matching/benchmarks/matching_pass_bench.py \\
        --passes 1500 --checkpoints 100,500,1000,1500 --waiting 500
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import jobpeak_matching
from jobpeak_contracts.envelope import Event
from jobpeak_contracts.events import SpecialtyPublished, TestPassed
from jobpeak_contracts.examples import example_events
from jobpeak_devstack.databases import execute_admin, with_database
from jobpeak_devstack.postgres import throwaway_database_statements
from jobpeak_matching.adapters.tables import reviewers
from jobpeak_matching.adapters.unit_of_work import SqlMatchingUnitOfWork
from jobpeak_matching.application.pool import add_to_pool, replicate_specialty
from jobpeak_matching.application.work import post_work
from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.work import StartHorizon, WorkRequest
from jobpeak_runtime.db import create_engine, create_sessionmaker
from jobpeak_runtime.logging import configure_logging
from jobpeak_runtime.migrate import run_migrations, service_migrations
from sqlalchemy import event, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:15432/postgres"
EventT = TypeVar("EventT", bound=Event)
NOW = datetime.now(UTC).replace(microsecond=0)
OFFER_TTL = timedelta(hours=24)


def _uow(sessions: async_sessionmaker[AsyncSession]) -> SqlMatchingUnitOfWork:
    return SqlMatchingUnitOfWork(sessionmaker=sessions, topic_prefix="bench.")


def _example(event_type: type[EventT]) -> EventT:
    return next(e for e in example_events() if isinstance(e, event_type))


async def _set_up(sessions: async_sessionmaker[AsyncSession], *, seats: int, waiting: int) -> None:
    async with _uow(sessions) as uow:
        published = _example(SpecialtyPublished).model_copy(update={"published_at": NOW})
        await replicate_specialty(uow=uow, event=published, now=NOW, offer_ttl=OFFER_TTL)
        await uow.commit()
    if waiting:
        async with sessions() as session, session.begin():
            await session.execute(
                insert(reviewers),
                [
                    {
                        "candidate_id": f"waiting-{index}",
                        "specialty_slug": "coding",
                        "attempt_id": uuid.uuid4(),
                        "score": 0.9,
                        "qualified_at": NOW,
                        "due_by": NOW + timedelta(days=7),
                        "language_preferences": ["Rust"],
                    }
                    for index in range(waiting)
                ],
            )
    request = WorkRequest(
        client_id="bench-client",
        specialty_slug="coding",
        required_languages=("Python", "SQL"),
        hourly_rate=Money(8_500, "USD"),
        seats=seats,
        starts_at=NOW + timedelta(days=2),
    )
    async with _uow(sessions) as uow:
        await post_work(
            uow=uow,
            request=request,
            idempotency_key=None,
            now=NOW,
            offer_ttl=OFFER_TTL,
            horizon=StartHorizon(),
        )
        await uow.commit()


async def _one_pass(
    sessions: async_sessionmaker[AsyncSession], *, index: int
) -> tuple[float, float]:
    """The pass's wall time and this process's CPU time for it (seconds)."""
    passed = _example(TestPassed).model_copy(
        update={
            "candidate_id": f"cand-{index}",
            "attempt_id": uuid.uuid4(),
            "order_id": uuid.uuid4(),
            "graded_at": NOW,
        }
    )
    started, cpu = time.perf_counter(), time.process_time()
    async with _uow(sessions) as uow:
        await add_to_pool(
            uow=uow, event=passed, now=NOW + timedelta(seconds=1), offer_ttl=OFFER_TTL
        )
        await uow.commit()
    return time.perf_counter() - started, time.process_time() - cpu


async def run(*, passes: int, checkpoints: list[int], window: int, waiting: int) -> None:
    name = f"bench_{uuid.uuid4().hex[:12]}"
    await execute_admin(
        ADMIN_URL, f'CREATE DATABASE "{name}"', *throwaway_database_statements(name)
    )
    url = with_database(ADMIN_URL, name)
    engine = create_engine(url)
    try:
        versions = service_migrations(Path(jobpeak_matching.__file__).parent)
        await run_migrations(database_url=url, service_versions=versions)
        sessions = create_sessionmaker(engine)
        statements = [0]

        def count_statement(*_: object) -> None:
            statements[0] += 1

        event.listen(engine.sync_engine, "before_cursor_execute", count_statement)
        await _set_up(sessions, seats=passes + 1, waiting=waiting)
        print(f"load average before: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"waiting reviewers no work fits: {waiting}; one work with {passes + 1} seats")
        took: list[tuple[float, float]] = []
        for index in range(passes):
            counted = statements[0]
            took.append(await _one_pass(sessions, index=index))
            if index + 1 == passes:
                print(f"SQL statements in the last pass: {statements[0] - counted}")
            if index + 1 in checkpoints:
                wall = sorted(sample[0] for sample in took[-window:])
                cpu = [sample[1] for sample in took[-window:]]
                p90 = wall[min(len(wall) - 1, int(0.9 * len(wall)))]
                print(
                    f"offers out {index:>6}: pass median {statistics.median(wall) * 1e3:6.2f} ms,"
                    f" p90 {p90 * 1e3:6.2f} ms, process CPU median"
                    f" {statistics.median(cpu) * 1e3:6.2f} ms (last {len(wall)} passes)"
                )
        print(f"load average after: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        await engine.dispose()
        await execute_admin(ADMIN_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=1000)
    parser.add_argument("--checkpoints", default="50,250,500,1000")
    parser.add_argument("--window", type=int, default=50)
    parser.add_argument("--waiting", type=int, default=0)
    arguments = parser.parse_args()
    configure_logging(level="WARNING")
    asyncio.run(
        run(
            passes=arguments.passes,
            checkpoints=[int(x) for x in arguments.checkpoints.split(",")],
            window=arguments.window,
            waiting=arguments.waiting,
        )
    )


if __name__ == "__main__":
    main()
