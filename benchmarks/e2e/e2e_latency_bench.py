"""B2: submission → TestPassed → ReviewerQualified → MatchOffered, end to end, at a steady rate.

The four services run as processes (as the end-to-end tests start them: fresh databases, a topic
prefix of their own, Coding published). Untimed set-up: one piece of work with a seat for every
candidate, and the candidates each holding a paid, fully answered certification attempt. Timed:
the submissions, ``--rate`` a second for ``--seconds``; a consumer of the public topics notes
when each candidate's ``TestPassed``, ``ReviewerQualified`` and ``MatchOffered`` arrive.
Baseline, in the same run, rounds alternated: a bare aiokafka produce → consume chain of 1, 2
and 3 hops on the same broker at the same rate (``bare_hops.py``).

    uv run python benchmarks/e2e/e2e_latency_bench.py --rate 20 --seconds 60 [--json out.json]

Targets (issue 19): p99 <= 100 / 200 / 300 ms for TestPassed / ReviewerQualified / MatchOffered.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from jobpeak_journey import steps
from jobpeak_journey.client import PlatformClient
from jobpeak_journey.events import PublicTopicWatcher
from jobpeak_runtime.testing import ConditionTimeout, wait_until

from benchmarks.e2e.bare_hops import round_trips
from benchmarks.e2e.latency import (
    MILESTONES,
    Journey,
    Sightings,
    breakdown_table,
    hop_breakdown,
    milestone_latencies,
)
from benchmarks.e2e.prepare import ReadyJourney, open_work, ready_journeys
from benchmarks.http.targets import private_platform
from benchmarks.results import BenchmarkOutput, Comparison, percentile, write_output
from benchmarks.signals import stop_on_sigterm

TARGET_P99_MS = {"TestPassed": 100.0, "ReviewerQualified": 200.0, "MatchOffered": 300.0}
BASELINE_HOPS = {"TestPassed": 1, "ReviewerQualified": 2, "MatchOffered": 2}
"""Kafka hops each event is from the submission: matching emits ReviewerQualified and
MatchOffered in one transaction, so both are two hops away."""
SETTLE_SECONDS = 30


async def submit_all(
    platform: PlatformClient,
    ready: list[ReadyJourney],
    *,
    rate: float,
    bootstrap: str,
    topic_prefix: str,
) -> list[Journey]:
    """Submit ``ready`` at ``rate`` per second; wait until every journey's events arrived (or
    ``SETTLE_SECONDS`` after the last submission: a missing event is a missing sample)."""
    journeys = {r.candidate.subject: Journey(candidate_id=r.candidate.subject) for r in ready}
    watcher = PublicTopicWatcher(
        bootstrap=bootstrap,
        topic_prefix=topic_prefix,
        on_event=Sightings(journeys, clock=time.time),
    )
    await watcher.start()

    async def submit(journey: ReadyJourney) -> None:
        timing = journeys[journey.candidate.subject]
        timing.sent = time.time()
        await steps.submit(platform, candidate=journey.candidate, attempt_id=journey.attempt_id)
        timing.answered = time.time()

    def every_journey_arrived() -> bool:
        watcher.raise_if_failed()
        return all(journey.complete for journey in journeys.values())

    try:
        started = time.monotonic()
        submissions = []
        for index, journey in enumerate(ready):
            await asyncio.sleep(max(0.0, started + index / rate - time.monotonic()))
            submissions.append(asyncio.create_task(submit(journey)))
        await asyncio.gather(*submissions)
        with contextlib.suppress(ConditionTimeout):
            await wait_until(every_journey_arrived, within=SETTLE_SECONDS, interval=0.2)
    finally:
        await watcher.stop()
    return list(journeys.values())


def _p(values: list[float], fraction: float) -> float:
    return percentile(values, fraction) if values else float("nan")


def comparisons(
    platform_rounds: list[dict[str, list[float]]], bare_rounds: list[dict[int, list[float]]]
) -> list[Comparison]:
    found: list[Comparison] = []
    for name in MILESTONES:
        hops = BASELINE_HOPS[name]
        counts = [len(r[name]) for r in platform_rounds]
        for label, fraction in (("p99", 0.99), ("p50", 0.5)):
            target = TARGET_P99_MS[name] if label == "p99" else None
            found.append(
                Comparison(
                    benchmark="B2",
                    name=f"response → {name} on its topic, {label}",
                    unit="ms",
                    candidate_label="the four services as processes (outbox, relay, inbox)",
                    baseline_label=f"bare aiokafka produce → consume, {hops} hop(s)",
                    candidate=[_p(r[name], fraction) for r in platform_rounds],
                    baseline=[_p(r[hops], fraction) for r in bare_rounds],
                    higher_is_better=False,
                    target=f"p99 <= {target:.0f} ms" if target else "",
                    target_absolute=target,
                    notes=[f"journeys with the event, per round: {counts}"] if target else [],
                )
            )
    return found


def bare_table(bare_rounds: list[dict[int, list[float]]]) -> str:
    lines = [
        "**Bare baseline, all rounds**",
        "",
        "| hops | p50 ms | p99 ms | n |",
        "|---|---|---|---|",
    ]
    for hop in sorted(bare_rounds[0]):
        values = [v for r in bare_rounds for v in r[hop]]
        lines.append(f"| {hop} | {_p(values, 0.5):.1f} | {_p(values, 0.99):.1f} | {len(values)} |")
    return "\n".join(lines)


def _summary(latencies: dict[str, list[float]] | dict[int, list[float]], unit: str) -> str:
    return "  " + ", ".join(
        f"{name}{unit} p50 {_p(values, 0.5):.1f} p99 {_p(values, 0.99):.1f} ms (n={len(values)})"
        for name, values in latencies.items()
    )


async def main(arguments: argparse.Namespace) -> None:
    per_round = int(arguments.rate * arguments.seconds)
    total = per_round * arguments.rounds
    platform_rounds: list[dict[str, list[float]]] = []
    bare_rounds: list[dict[int, list[float]]] = []
    every_journey: list[Journey] = []
    print("starting the platform privately (four services, fresh databases)", flush=True)
    async with (
        private_platform(
            admin_url=arguments.admin_url,
            kafka_bootstrap=arguments.bootstrap,
            stripe_api_base=arguments.stripe,
        ) as (platform, _target),
        PlatformClient.connect(platform) as client,
    ):
        await open_work(client, seats=total)
        print(f"preparing {total} paid, answered certification attempts", flush=True)
        prepared_at = time.monotonic()
        ready = await ready_journeys(client, count=total, concurrency=arguments.concurrency)
        print(f"  prepared in {time.monotonic() - prepared_at:.0f} s", flush=True)
        for index in range(arguments.rounds):
            for side in ("bare", "platform") if index % 2 == 0 else ("platform", "bare"):
                print(f"round {index + 1}: {side}, {arguments.rate:g}/s", flush=True)
                if side == "bare":
                    hops = await round_trips(
                        bootstrap=arguments.bootstrap,
                        rate=arguments.rate,
                        seconds=arguments.seconds,
                    )
                    bare_rounds.append(hops)
                    print(_summary(hops, " hop(s)"), flush=True)
                    continue
                journeys = await submit_all(
                    client,
                    ready[index * per_round : (index + 1) * per_round],
                    rate=arguments.rate,
                    bootstrap=arguments.bootstrap,
                    topic_prefix=platform.layout.topic_prefix,
                )
                every_journey += journeys
                platform_rounds.append(milestone_latencies(journeys))
                print(_summary(platform_rounds[-1], ""), flush=True)
    output = BenchmarkOutput(comparisons=comparisons(platform_rounds, bare_rounds))
    breakdown = breakdown_table(
        hop_breakdown(every_journey),
        title=f"Per-hop breakdown, every complete journey ({arguments.rate:g} submissions/s)",
    )
    output.sections += [breakdown, bare_table(bare_rounds)]
    print(breakdown, flush=True)
    if arguments.json:
        write_output(arguments.json, output)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rate", type=float, default=20, help="submissions per second")
    parser.add_argument("--seconds", type=float, default=60, help="timed phase per round")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=16, help="candidates prepared at once")
    parser.add_argument("--bootstrap", default="127.0.0.1:19092")
    parser.add_argument(
        "--admin-url", default="postgresql+asyncpg://postgres@127.0.0.1:15432/postgres"
    )
    parser.add_argument("--stripe", default="http://127.0.0.1:12111")
    parser.add_argument("--json", type=Path, help="write the comparisons here for the report")
    stop_on_sigterm()
    asyncio.run(main(parser.parse_args()))
