"""One load step: Locust headless at an offered rate against one target, and what it measured.

Locust runs as its own process (``locust --headless -u N -r N -t Ts --csv``) so its gevent
loop never shares a process with the asyncio code here; its CSV summary is read afterwards.
"""

from __future__ import annotations

import asyncio
import csv
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
PACING_SECONDS = 2.0
"""Each Locust user starts one iteration (five requests) every this many seconds; the users are
spawned evenly over the first such period, so the iterations arrive evenly, not in bursts."""


@dataclass(frozen=True)
class Target:
    """Where one system under load answers: the three services' base URLs and their probes."""

    name: str
    workers: int
    testing: str
    billing: str
    matching: str
    readiness: tuple[str, ...]


@dataclass
class Step:
    target: str
    workers: int
    offered: float  # iterations per second
    seconds: float
    requests: int = 0
    failures: int = 0
    requests_per_second: float = 0.0
    starts_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    failure_kinds: dict[str, int] = field(default_factory=dict)
    readiness_probes: int = 0
    readiness_failures: Counter[str] = field(default_factory=Counter)

    def sustainable(self, *, p99_bound_ms: float) -> bool:
        """No error, p99 under the bound, >= 80% of the offered iterations started.

        (The ramp and the step's edges cost a little of the offered count.)
        """
        return (
            self.requests > 0
            and self.failures == 0
            and self.p99_ms <= p99_bound_ms
            and self.starts_per_second >= 0.8 * self.offered
        )


async def poll_readiness(urls: tuple[str, ...], failures: Counter[str], probes: list[int]) -> None:
    """Ask every ``/readyz`` twice a second until cancelled; count what is not a 200 in 2 s."""
    async with httpx.AsyncClient(timeout=2.0) as client:
        while True:
            for url in urls:
                probes[0] += 1
                try:
                    response = await client.get(url)
                    if response.status_code != 200:
                        failures[f"{url} {response.status_code}"] += 1
                except httpx.HTTPError as error:
                    failures[f"{url} {type(error).__name__}"] += 1
            await asyncio.sleep(0.5)


def _number(cell: str) -> float:
    """A cell of Locust's CSV: a number, or "N/A" when nothing was sent."""
    try:
        return float(cell)
    except ValueError:
        return 0.0


def _read_stats(prefix: Path, step: Step) -> None:
    with Path(f"{prefix}_stats.csv").open() as stats:
        for row in csv.DictReader(stats):
            # Rates are Locust's own (count / time it was sending): on a loaded machine Locust
            # starts late and sends for less than the step's length.
            if row["Name"] == "Aggregated":
                step.requests = int(row["Request Count"])
                step.failures = int(row["Failure Count"])
                step.p50_ms = _number(row["50%"])
                step.p99_ms = _number(row["99%"])
                step.requests_per_second = _number(row["Requests/s"])
            elif row["Name"] == "start attempt":
                step.starts_per_second = _number(row["Requests/s"])
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.exists():
        with failures_file.open() as rows:
            for row in csv.DictReader(rows):
                step.failure_kinds[f"{row['Name']}: {row['Error'][:80]}"] = int(row["Occurrences"])


async def run_step(
    target: Target,
    *,
    offered: float,
    seconds: float,
    environment: dict[str, str],
    run: str,
    user_class: str = "Journey",
    closed_loop_users: int = 0,
) -> Step:
    """Offer ``offered`` iterations/s for ``seconds`` while probing readiness; the figures.

    With ``closed_loop_users``, that many users send iterations back to back instead (no
    pacing: the rate is what the target answers) and ``offered`` is only recorded.
    """
    step = Step(target=target.name, workers=target.workers, offered=offered, seconds=seconds)
    pacing = 0.0 if closed_loop_users else PACING_SECONDS
    users = closed_loop_users or max(1, round(offered * PACING_SECONDS))
    probes = [0]
    with tempfile.TemporaryDirectory() as scratch:
        prefix = Path(scratch) / "step"
        command = [
            sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), user_class, "--headless",
            "-u", str(users), "-r", f"{users / (pacing or 1):g}", "-t", f"{seconds:.0f}s",
            "--stop-timeout", "5",
            "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR",
        ]  # fmt: skip
        env = {
            **os.environ,
            **environment,
            "BENCH_TESTING_URL": target.testing,
            "BENCH_BILLING_URL": target.billing,
            "BENCH_MATCHING_URL": target.matching,
            "BENCH_PACING_SECONDS": str(pacing),
            "BENCH_RUN": f"{run}-{target.name}{target.workers}-{time.time_ns()}",
        }
        poller = asyncio.create_task(
            poll_readiness(target.readiness, step.readiness_failures, probes)
        )
        locust = await asyncio.create_subprocess_exec(
            *command, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
        )
        try:
            _, errors = await asyncio.wait_for(locust.communicate(), timeout=seconds + 60)
        finally:
            poller.cancel()
            if locust.returncode is None:
                locust.terminate()
                await locust.wait()
        step.readiness_probes = probes[0]
        if not await asyncio.to_thread(Path(f"{prefix}_stats.csv").exists):
            raise RuntimeError(f"locust wrote no statistics: {errors.decode()[-500:]}")
        _read_stats(prefix, step)
    return step
