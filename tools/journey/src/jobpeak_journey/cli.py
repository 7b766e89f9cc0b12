"""``jobpeak-demo``: one candidate's journey against the platform ``make up`` runs, narrated.

Each step is printed as the candidate (or the client, or Stripe) takes it, and every event the
step causes is printed as it appears on the public topics, read by a plain Kafka consumer that
starts at the end of each topic before the journey begins.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import sys
import time
from collections.abc import Callable

import httpx
from jobpeak_devstack import cluster
from jobpeak_devstack.config import load_config
from jobpeak_devstack.platform import Platform, PlatformLayout
from jobpeak_runtime.auth import Role
from jobpeak_runtime.testing import ConditionTimeout, wait_until

from jobpeak_journey.answer_keys import AnswerKeys
from jobpeak_journey.client import PlatformClient, StepRefused
from jobpeak_journey.events import PublicTopicWatcher, SeenEvent, summary
from jobpeak_journey.journey import play_candidate
from jobpeak_journey.plan import CandidatePlan, CandidateStory, JourneySettings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobpeak-demo", description=__doc__)
    parser.add_argument("--name", default="Ada", help="what the narration calls the candidate")
    parser.add_argument(
        "--fail-first",
        action="store_true",
        help="fail the first certification attempt, pay again and pass the retake",
    )
    parser.add_argument(
        "--kafka", help="bootstrap servers (default: the local stack's, 127.0.0.1:19092)"
    )
    parser.add_argument(
        "--cluster",
        action="store_true",
        default=bool(os.environ.get("JOBPEAK_DEMO_CLUSTER")),
        help="play against `make cluster-up` (HAProxy, SASL) instead of `make up`;"
        " also JOBPEAK_DEMO_CLUSTER=1",
    )
    parser.add_argument(
        "--event-wait",
        type=float,
        default=30.0,
        help="seconds to wait for the journey's last events after the last step",
    )
    return parser


class Narration:
    """Prints steps and events with the seconds since the demo started."""

    def __init__(self) -> None:
        self._start = time.monotonic()
        self.candidate_names: dict[str, str] = {}

    def _stamp(self) -> str:
        return f"[{time.monotonic() - self._start:6.1f}s]"

    def step(self, line: str) -> None:
        print(f"{self._stamp()} ▶ {line}", flush=True)

    def event(self, seen: SeenEvent) -> None:
        who = self.candidate_names.get(seen.key, seen.key[:8])
        print(
            f"{self._stamp()}   ⇢ {seen.topic:<24} {seen.envelope.type:<44} "
            f"key={who:<8} {summary(seen.event)}",
            flush=True,
        )


def _unreachable(platform: Platform) -> list[str]:
    down = []
    for service in platform.layout.services:
        try:
            ready = httpx.get(f"{service.url}/readyz", timeout=3).status_code == 200
        except httpx.HTTPError:
            ready = False
        if not ready:
            down.append(f"{service.name} ({service.url})")
    return down


async def run_demo(
    platform: Platform,
    *,
    plan: CandidatePlan,
    event_wait: float,
    kafka_options: dict[str, str] | None = None,
) -> int:
    narration = Narration()
    seen: list[SeenEvent] = []

    def on_event(record: SeenEvent) -> None:
        seen.append(record)
        narration.event(record)

    watcher = PublicTopicWatcher(
        bootstrap=platform.layout.kafka_bootstrap,
        topic_prefix=platform.layout.topic_prefix,
        on_event=on_event,
        kafka_options=kafka_options,
    )
    await watcher.start()
    try:
        async with PlatformClient.connect(platform) as client:
            keys = AnswerKeys.from_seed()
            candidate = client.caller(Role.CANDIDATE)
            narration.candidate_names[candidate.subject] = plan.name
            narration.step(f"{plan.name} is candidate {candidate.subject} (a pseudonymous id)")
            story = await play_candidate(
                client,
                keys=keys,
                plan=plan,
                settings=JourneySettings(seats_for_everyone_waiting=True),
                narrate=narration.step,
                candidate=candidate,
            )
        await _wait_for_last_event(seen, story, within=event_wait, narrate=narration.step)
        watcher.raise_if_failed()
    finally:
        await watcher.stop()
    print(
        "\nThat was the whole journey. To look at it as an analyst would:\n"
        "  uv run jobpeak-tap consume      # the public topics into .cache/tap/events.duckdb\n"
        "  uv run jobpeak-tap report --include-synthetic   # the funnel as charts and HTML\n"
        "(the demo marks its traffic synthetic; reports leave it out unless asked)"
    )
    return 0


async def _wait_for_last_event(
    seen: list[SeenEvent],
    story: CandidateStory,
    *,
    within: float,
    narrate: Callable[[str], None],
) -> None:
    last = story.last_event_name()
    candidate_id = story.candidate.subject

    def arrived() -> bool:
        return any(r.key == candidate_id and r.event.event_name == last for r in seen)

    try:
        await wait_until(arrived, within=within, interval=0.1, message=last)
    except ConditionTimeout:
        narrate(f"{last} for {story.plan.name} did not appear within {within:.0f} s")


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    layout = PlatformLayout.default(load_config())
    kafka_options = None
    if arguments.cluster:
        layout, kafka_options = cluster.demo_layout(), cluster.analyst_kafka_options()
    if arguments.kafka:
        layout = dataclasses.replace(layout, kafka_bootstrap=arguments.kafka)
    platform = Platform(layout)
    down = _unreachable(platform)
    if down:
        print(f"jobpeak-demo: not running: {', '.join(down)}. Start it with `make up`.")
        return 2
    plan = CandidatePlan(
        name=arguments.name,
        certifications=(False, True) if arguments.fail_first else (True,),
    )
    try:
        return asyncio.run(
            run_demo(
                platform, plan=plan, event_wait=arguments.event_wait, kafka_options=kafka_options
            )
        )
    except StepRefused as refused:
        print(f"\njobpeak-demo: the platform refused a step. {refused}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
