"""CPU and wall time per practice-attempt start, in process: no load generator, no socket.

The testing service runs inside this process (its lifespan: migrations, topics, relay,
subscriber) on a fresh database and topic prefix; the sample catalog is published and
replicated; then ``--starts`` practice attempts are started one after another through the ASGI
app, each by a fresh candidate, after ``--warm-up`` untimed ones. Process CPU per start is the
figure the B7 fixes are judged by on a shared machine: wall time moves with the load, CPU much
less. py-spy can sample it (``py-spy record -r 250 -f raw -- python <this script>``).

    uv run python benchmarks/http/starts_in_process.py --starts 400 [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from jobpeak_devstack.databases import execute_admin, with_database
from jobpeak_devstack.kafka import delete_topics_with_prefix
from jobpeak_devstack.postgres import throwaway_database_statements

from services.testing.tests.integration.harness import Publisher, Service, make_settings, running
from services.testing.tests.samples import whole_bank

PRACTICE = {"specialty_slug": "coding", "kind": "practice"}


async def measure(*, admin_url: str, kafka: str, starts: int, warm_up: int, rounds: int) -> None:
    name = f"bench_{uuid.uuid4().hex[:12]}"
    prefix = f"b{uuid.uuid4().hex[:10]}."
    await execute_admin(admin_url, f'CREATE DATABASE "{name}"')
    await execute_admin(admin_url, *throwaway_database_statements(name))
    settings = make_settings(
        database_url=with_database(admin_url, name), kafka_bootstrap=kafka, topic_prefix=prefix
    ).model_copy(update={"log_level": "INFO", "practice_attempts_per_day": 1_000_000})
    try:
        async with running(settings) as service:
            questions = whole_bank()
            await Publisher(bootstrap=kafka, topic_prefix=prefix).catalog(questions)
            await service.wait_for_bank("coding", len(questions))
            for round_number in range(rounds):
                await _round(service, starts=starts, warm_up=warm_up, label=round_number + 1)
    finally:
        await delete_topics_with_prefix(kafka, prefix)
        await execute_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _round(service: Service, *, starts: int, warm_up: int, label: int) -> None:
    clients = [service.candidate(f"bench-{uuid.uuid4().hex}") for _ in range(starts + warm_up)]
    for client in clients[:warm_up]:
        assert (await client.post("/attempts", json=PRACTICE)).status_code == 201
    cpu, wall = time.process_time(), time.perf_counter()
    for client in clients[warm_up:]:
        response = await client.post("/attempts", json=PRACTICE)
        assert response.status_code == 201, response.text
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"round {label}: {starts} starts, CPU {1000 * cpu / starts:.2f} ms/start, "
        f"wall {1000 * wall / starts:.2f} ms/start (load {load})",
        flush=True,
    )
    service.bodies.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=400)
    parser.add_argument("--warm-up", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "JOBPEAK_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:15432/postgres"
        ),
    )
    parser.add_argument(
        "--kafka", default=os.environ.get("JOBPEAK_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
    )
    arguments = parser.parse_args()
    asyncio.run(
        measure(
            admin_url=arguments.postgres,
            kafka=arguments.kafka,
            starts=arguments.starts,
            warm_up=arguments.warm_up,
            rounds=arguments.rounds,
        )
    )


if __name__ == "__main__":
    main()
